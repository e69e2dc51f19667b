using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ParIndex.Web.Data;

/// <summary>
/// Moves SQLite's WAL checkpoints off the commit path. By default SQLite checkpoints inside the commit that grows the
/// WAL past its threshold, so that one group commit — and every submission waiting on it — pays for copying the WAL
/// into the database and its fsync. This node checkpoints on its own connection every
/// <see cref="DatabaseOptions.CheckpointMilliseconds"/> instead (PASSIVE: it never blocks readers or the writer);
/// the commit-path checkpoint stays as a safety net at a larger WAL (<see cref="SqlitePragmas"/>).
/// </summary>
public sealed class SqliteCheckpointer(IOptions<DatabaseOptions> options, ILogger<SqliteCheckpointer> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var db = options.Value;
        if (DatabaseSetup.IsPostgres(db.Provider) || db.CheckpointMilliseconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(db.CheckpointMilliseconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var connection = new SqliteConnection(DatabaseSetup.SqliteConnectionString(db.ConnectionString));
                    await connection.OpenAsync(stoppingToken);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "PRAGMA busy_timeout=1000; PRAGMA wal_checkpoint(PASSIVE);";
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    await using (var reader = await command.ExecuteReaderAsync(stoppingToken))
                    {
                        // The checkpoint's row (after busy_timeout's): busy (0/1), frames in the WAL, frames checkpointed.
                        while (reader.FieldCount != 3 && await reader.NextResultAsync(stoppingToken)) { }
                        if (log.IsEnabled(LogLevel.Debug) && reader.FieldCount == 3 && await reader.ReadAsync(stoppingToken))
                            log.LogDebug("WAL checkpoint: {Checkpointed} of {Frames} frames in {Milliseconds:F1} ms (busy {Busy})",
                                reader.GetInt64(2), reader.GetInt64(1), System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, reader.GetInt64(0));
                    }
                }
                catch (SqliteException e)
                {
                    // A missed checkpoint is caught up by the next one (or by the commit-path safety net).
                    log.LogWarning(e, "WAL checkpoint failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
