using Npgsql;
using ParIndex.Web.Data;

namespace ParIndex.Web.Tests.ScaleOut;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Automatic_preparation_and_no_reset_on_close_are_the_defaults()
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Database=parindex;Username=app;Password=secret"));
        Assert.Equal(DatabaseSetup.DefaultMaxAutoPrepare, csb.MaxAutoPrepare);
        Assert.True(csb.NoResetOnClose);
        Assert.Equal(("db", "parindex", "app", "secret"), (csb.Host, csb.Database, csb.Username, csb.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;maxautoprepare=0;NoResetOnClose=false")]
    public void What_the_connection_string_says_is_kept(string given)
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString(given));
        Assert.Equal(0, csb.MaxAutoPrepare);
        Assert.False(csb.NoResetOnClose);
    }

    [Fact]
    public void A_password_with_a_semicolon_and_an_equals_sign_survives()
    {
        var csb = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionString("Host=db;Password='a;Max Auto Prepare=0'"));
        Assert.Equal("a;Max Auto Prepare=0", csb.Password);
        Assert.Equal(DatabaseSetup.DefaultMaxAutoPrepare, csb.MaxAutoPrepare);
    }
}
