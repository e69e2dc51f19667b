using Microsoft.AspNetCore.Hosting;
using ParIndex.Web.Data;
using ParIndex.Web.Tests.Features.Collection;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.ScaleOut;

/// <summary>
/// The application over a real PostgreSQL of its own (a temporary cluster on loopback), migrated with the
/// PostgreSQL migrations and seeded with the demo round, exactly as <see cref="ParIndexFactory"/> is over SQLite.
/// </summary>
public sealed class PostgresFactory : ParIndexFactory, IAsyncLifetime
{
    public LocalPostgres Postgres { get; private set; } = null!;

    public DatabaseOptions Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await LocalPostgres.StartAsync(durable: false);
        await Postgres.CreateDatabaseAsync("parindex");
        Database = new DatabaseOptions { Provider = DatabaseSetup.Postgres, ConnectionString = Postgres.ConnectionString("parindex") };
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:Provider", Database.Provider);
        builder.UseSetting("Database:ConnectionString", Database.ConnectionString);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFactory>
{
    public const string Name = "postgres";
}

/// <summary>The full respondent HTTP flow of <see cref="SubmissionTests"/>, every case, on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSubmissionTests(PostgresFactory app) : SubmissionTests(app)
{
    [Fact]
    public async Task The_app_really_runs_on_postgresql_with_its_own_migrations()
    {
        var (provider, applied) = await app.WithDb(async db => (db.Database.ProviderName,
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetAppliedMigrationsAsync(db.Database)));
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", provider);
        Assert.Contains(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
        Assert.IsType<ParIndex.Web.Data.Postgres.PostgresParIndexDbContext>(app.NewDbContext());
    }
}
