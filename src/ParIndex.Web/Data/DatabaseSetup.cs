using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using ParIndex.Web.Data.Postgres;

namespace ParIndex.Web.Data;

/// <summary>How a <see cref="ParIndexDbContext"/> is configured, shared by the web host and the CLI.</summary>
public static class DatabaseSetup
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary>
    /// Registers the context for the provider named in <c>Database:Provider</c>. On PostgreSQL the registered
    /// implementation is <see cref="PostgresParIndexDbContext"/> (same model, its own migrations); everything
    /// else keeps asking for <see cref="ParIndexDbContext"/>.
    /// </summary>
    public static IServiceCollection AddParIndexDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var provider = configuration[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)}"] ?? Sqlite;
        return AddContext(services, provider, sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value);
    }

    /// <summary>The same registration from options already in hand (the CLI).</summary>
    public static IServiceCollection AddParIndexDatabase(this IServiceCollection services, DatabaseOptions db) =>
        AddContext(services, db.Provider, _ => db);

    /// <summary>
    /// Contexts come from a pool: a request, the writer's batch or the link reader's look-up leases one and gives it
    /// back, instead of building a context and its internal service scope each time (under a burst of 2,000/s that was
    /// about 6 % of the machine's CPU). A leased context is reset by EF (change tracker, transaction, connection); the
    /// context keeps no state of its own across leases (see <see cref="ParIndexDbContext"/>). Its application services
    /// are the root provider's: only singletons are resolved through a context. The areas' interceptors (registered
    /// as <see cref="IInterceptor"/> singletons, e.g. the collection catalog's) are added to every context.
    /// </summary>
    private static IServiceCollection AddContext(IServiceCollection services, string provider, Func<IServiceProvider, DatabaseOptions> options)
    {
        void Build(IServiceProvider sp, DbContextOptionsBuilder o)
        {
            Configure(o, options(sp));
            o.AddInterceptors(sp.GetServices<IInterceptor>());
        }
        return IsPostgres(provider)
            ? services.AddDbContextPool<ParIndexDbContext, PostgresParIndexDbContext>(Build)
            : services.AddDbContextPool<ParIndexDbContext>(Build);
    }

    public static bool IsPostgres(string? provider) => string.Equals(provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A list in a query (<c>ids.Contains(x.Id)</c>) is sent as one array-like parameter (a JSON array read through
    /// json_each on SQLite, an array with <c>= ANY</c> on PostgreSQL), not EF 10's default of one parameter per
    /// element. SQLite finds a parameter by scanning the statement's parameter names, so binding n of them costs n²
    /// string compares: with the hundreds of ids the writer, the link reader and the quality checks put in one query,
    /// that was a tenth of the node's CPU under load. One parameter also never meets SQLite's parameter limit.
    /// </summary>
    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions db)
    {
        if (IsPostgres(db.Provider))
            options.UseNpgsql(PostgresConnectionString(db.ConnectionString), o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                .AddInterceptors(AfterCommitRunner.Instance);
        else
            options.UseSqlite(SqliteConnectionString(db.ConnectionString), o => o.UseParameterizedCollectionMode(ParameterTranslationMode.Parameter))
                .AddInterceptors(SqlitePragmas.Instance, AfterCommitRunner.Instance);
    }

    public static ParIndexDbContext CreateContext(DatabaseOptions db)
    {
        if (IsPostgres(db.Provider))
        {
            var pg = new DbContextOptionsBuilder<PostgresParIndexDbContext>();
            Configure(pg, db);
            return new PostgresParIndexDbContext(pg.Options);
        }
        var builder = new DbContextOptionsBuilder<ParIndexDbContext>();
        Configure(builder, db);
        return new ParIndexDbContext(builder.Options);
    }

    /// <summary>Statements a PostgreSQL connection prepares automatically unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The PostgreSQL connection string with two defaults for a busy node, each kept when the string sets it. Npgsql's
    /// automatic preparation (<c>Max Auto Prepare</c>): the writer, the link reader and the monitor send the same few
    /// statements thousands of times a second, and parsing and planning them each time was most of the server's CPU.
    /// <c>No Reset On Close</c>: a pooled connection returned to the pool is not reset with a round trip (DISCARD ALL,
    /// one per request under load); ParIndex sets no session state, so there is nothing to reset.
    /// </summary>
    public static string PostgresConnectionString(string connectionString)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) csb.MaxAutoPrepare = DefaultMaxAutoPrepare;
        if (!Mentions(connectionString, "No Reset On Close", "NoResetOnClose")) csb.NoResetOnClose = true;
        return csb.ConnectionString;
    }

    /// <summary>Whether the string sets one of <paramref name="keys"/> (parsed as ADO.NET does, so quoted values are safe).</summary>
    private static bool Mentions(string connectionString, params string[] keys)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(given.ContainsKey);
    }

    /// <summary>
    /// Resolves a relative SQLite file (<see cref="DataLocation"/>: the repository root inside a checkout, else the working
    /// directory) and, unless the connection may only open an existing file, makes sure its folder exists.
    /// </summary>
    public static string SqliteConnectionString(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (SqliteFile(connectionString) is { } file)
        {
            csb.DataSource = file;
            if (csb.Mode is SqliteOpenMode.ReadWriteCreate) Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        }
        return csb.ToString();
    }

    /// <summary>The absolute path of the SQLite file a connection string names, or null for an in-memory database.</summary>
    public static string? SqliteFile(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        return string.IsNullOrEmpty(csb.DataSource) || csb.DataSource == ":memory:" || csb.Mode == SqliteOpenMode.Memory ? null : DataLocation.Resolve(csb.DataSource);
    }
}
