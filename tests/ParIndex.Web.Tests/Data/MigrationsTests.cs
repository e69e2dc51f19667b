using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Data;
using ParIndex.Web.Data.Postgres;

namespace ParIndex.Web.Tests.Data;

/// <summary>
/// Each provider keeps its own migration history. A model change needs a migration for both:
/// <c>tools/migrations/add.sh NAME</c>. Neither check opens a connection.
/// </summary>
public sealed class MigrationsTests
{
    [Theory]
    [InlineData(DatabaseSetup.Sqlite, "Data Source=unused.db")]
    [InlineData(DatabaseSetup.Postgres, "Host=127.0.0.1;Database=unused")]
    public void The_model_has_no_changes_missing_from_the_migrations_of(string provider, string connectionString)
    {
        using var db = DatabaseSetup.CreateContext(new DatabaseOptions { Provider = provider, ConnectionString = connectionString });
        Assert.True(!db.Database.HasPendingModelChanges(),
            $"The model has changes without a {provider} migration: run tools/migrations/add.sh NAME (it adds one for every provider).");
    }

    [Fact]
    public void Each_provider_sees_only_its_own_migrations()
    {
        using var sqlite = DatabaseSetup.CreateContext(new DatabaseOptions { ConnectionString = "Data Source=unused.db" });
        using var postgres = DatabaseSetup.CreateContext(new DatabaseOptions { Provider = DatabaseSetup.Postgres, ConnectionString = "Host=127.0.0.1;Database=unused" });
        Assert.IsType<PostgresParIndexDbContext>(postgres);
        var s = sqlite.Database.GetMigrations().ToList();
        var p = postgres.Database.GetMigrations().ToList();
        Assert.NotEmpty(s);
        Assert.NotEmpty(p);
        Assert.Empty(s.Intersect(p));
        Assert.Contains("Npgsql", postgres.Database.GenerateCreateScript().Length > 0 ? postgres.Database.ProviderName : "");
    }
}
