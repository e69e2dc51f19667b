using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ParIndex.Web.Data.Postgres;

/// <summary>
/// <see cref="ParIndexDbContext"/> on PostgreSQL. A subclass only so that EF keeps a second migration history
/// (Data/Migrations/Postgres, snapshot included) beside the SQLite one: the model is the same, built by the same
/// configurations. See docs/decisions/0004-migrations-per-provider.md.
/// </summary>
public sealed class PostgresParIndexDbContext(DbContextOptions<PostgresParIndexDbContext> options) : ParIndexDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Every DateTime in ParIndex is UTC (TimeProvider.GetUtcNow().UtcDateTime). SQLite hands them back with
        // Kind=Unspecified and JSON bodies may carry no offset; Npgsql refuses anything but Kind=Utc for
        // timestamptz, so the kind is stated on the way in and on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>Lets `dotnet ef migrations add --context PostgresParIndexDbContext` build the model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresParIndexDbContext>
{
    public PostgresParIndexDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresParIndexDbContext>().UseNpgsql("Host=localhost;Database=parindex_design").Options);
}
