using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
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

/// <summary>The node keeps PostgreSQL's planner statistics current during a burst (autovacuum looks once a minute).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PlannerStatisticsTests(PostgresFactory app)
{
    [Fact]
    public async Task Storing_enough_responses_refreshes_the_statistics_of_responses_and_answer_sets_once()
    {
        var statistics = new PlannerStatistics(app.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new DatabaseOptions { Provider = DatabaseSetup.Postgres, ConnectionString = app.Database.ConnectionString, AnalyzeAfterResponses = 10 }),
            NullLogger<PlannerStatistics>.Instance);
        var before = await AnalyzeCounts();

        statistics.Stored(9);
        await Task.Delay(300);
        Assert.Equal(0, statistics.Runs);

        statistics.Stored(1);
        for (var i = 0; i < 100 && statistics.Runs == 0; i++) await Task.Delay(50);
        Assert.Equal(1, statistics.Runs);
        var after = await AnalyzeCounts();
        Assert.True(after.Responses > before.Responses, $"Responses analysed {before.Responses} → {after.Responses}");
        Assert.True(after.AnswerSets > before.AnswerSets, $"AnswerSets analysed {before.AnswerSets} → {after.AnswerSets}");

        // The next refresh waits for as many again (or for the table to double, when that is more).
        statistics.Stored(9);
        await Task.Delay(300);
        Assert.Equal(1, statistics.Runs);
        statistics.Stored(1);   // 20 stored: the table doubled
        for (var i = 0; i < 100 && statistics.Runs == 1; i++) await Task.Delay(50);
        Assert.Equal(2, statistics.Runs);

        statistics.Stored(10);  // 30: not yet twice the 20 of the last refresh
        await Task.Delay(300);
        Assert.Equal(2, statistics.Runs);
    }

    [Fact]
    public async Task The_refresh_analyses_the_columns_plans_choose_by_and_not_the_answers()
    {
        var statement = await app.WithDb(db => Task.FromResult(PlannerStatistics.Statement(db)));
        foreach (var column in new[] { "\"ClientId\"", "\"RespondentId\"", "\"RoundId\"", "\"Status\"", "\"ResponseId\"", "\"RatedUnitId\"" })
            Assert.Contains(column, statement);
        Assert.DoesNotContain("Json", statement);
        await app.WithDb(db => db.Database.ExecuteSqlRawAsync(statement));   // PostgreSQL takes it as written
    }

    [Fact]
    public void On_sqlite_nothing_is_analysed()
    {
        var statistics = new PlannerStatistics(app.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new DatabaseOptions { AnalyzeAfterResponses = 1 }), NullLogger<PlannerStatistics>.Instance);
        statistics.Stored(1_000);
        Assert.Equal(0, statistics.Runs);
    }

    private async Task<(long Responses, long AnswerSets)> AnalyzeCounts()
    {
        // pg_stat views are read outside a transaction, one statement each, so each read sees the current counts.
        async Task<long> Count(string table) => await app.WithDb(db => db.Database
            .SqlQueryRaw<long>("SELECT analyze_count + autoanalyze_count AS \"Value\" FROM pg_stat_user_tables WHERE relname = {0}", table).SingleAsync());
        return (await Count("Responses"), await Count("AnswerSets"));
    }
}
