using System.ComponentModel.DataAnnotations;

namespace ParIndex.Web.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (default, a file under data/) or Postgres.</summary>
    [AllowedValues("Sqlite", "Postgres")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>ADO.NET connection string; for SQLite a relative Data Source is resolved by <see cref="DataLocation"/> (the repository root inside a checkout, else the working directory);
    /// for PostgreSQL an Npgsql string (Host=…;Database=…;Username=…;Password=…).</summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/parindex.db";

    /// <summary>
    /// SQLite only: how often this node checkpoints the WAL on its own connection (<see cref="SqliteCheckpointer"/>),
    /// keeping checkpoints out of the commits that acknowledge submissions. 0 leaves them to SQLite's commit path.
    /// </summary>
    [Range(0, 600_000)]
    public int CheckpointMilliseconds { get; set; } = 1000;

    /// <summary>
    /// PostgreSQL only: this node refreshes the planner statistics of responses and answer sets (<see cref="PlannerStatistics"/>)
    /// after storing this many new responses, or as many as it had stored before its last refresh if that is more (each
    /// time the table doubles). 0 leaves them to autovacuum.
    /// </summary>
    [Range(0, 100_000_000)]
    public int AnalyzeAfterResponses { get; set; } = 5000;

    /// <summary>Apply pending migrations at start-up (on by default; operations may run them with the CLI instead).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Seed the demo round when the database has no round.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>
    /// With <see cref="SeedDemo"/>: also seed the demo's earlier years (2024 and 2025, scored and published, 2025 mapped onto
    /// 2024 across the 2025 reorganisation), so the public results site has something to show on a fresh start.
    /// </summary>
    public bool SeedDemoHistory { get; set; } = true;
}
