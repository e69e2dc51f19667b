using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ParIndex.Web.Data;

/// <summary>How a <see cref="ParIndexDbContext"/> is configured, shared by the web host and the CLI.</summary>
public static class DatabaseSetup
{
    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions db) =>
        options.UseSqlite(SqliteConnectionString(db.ConnectionString)).AddInterceptors(new SqlitePragmas());

    public static ParIndexDbContext CreateContext(DatabaseOptions db)
    {
        var builder = new DbContextOptionsBuilder<ParIndexDbContext>();
        Configure(builder, db);
        return new ParIndexDbContext(builder.Options);
    }

    /// <summary>Resolves a relative SQLite file against the working directory and makes sure its folder exists.</summary>
    public static string SqliteConnectionString(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            csb.DataSource = Path.GetFullPath(csb.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        }
        return csb.ToString();
    }
}
