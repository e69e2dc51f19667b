using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using ParIndex.Core.Domain;

namespace ParIndex.Web.Data;

/// <summary>
/// Keeps PostgreSQL's planner statistics of the tables a burst grows (responses, answer sets) current while it lasts.
/// Autovacuum looks at a database once a minute (<c>autovacuum_naptime</c>), so in the first minute of a campaign the planner
/// still believes the round's responses fit in a few pages: it then joins the link look-up's responses by a sequential scan
/// and reads the quality checks' rows through the (round, status) index — once per batch, over a table that grows by
/// thousands of rows a second. This node runs <c>ANALYZE</c> itself each time the responses it stored since the last one
/// reach <see cref="DatabaseOptions.AnalyzeAfterResponses"/> or as many as it had stored before the last one (the table
/// doubled: a handful of times per burst, not per batch), one at a time, off the writer's path. SQLite needs nothing: its planner does not use row-count statistics for
/// these queries.
/// </summary>
public sealed class PlannerStatistics(IServiceScopeFactory scopes, IOptions<DatabaseOptions> options, ILogger<PlannerStatistics> log)
{
    private long sinceLast;
    private long total;
    private int running;

    /// <summary>How many times this node has refreshed the statistics (for tests and the log).</summary>
    public int Runs => Volatile.Read(ref runs);

    private int runs;

    /// <summary>Called by the writer after a commit that stored <paramref name="responses"/> new responses.</summary>
    public void Stored(int responses)
    {
        var every = options.Value.AnalyzeAfterResponses;
        if (responses <= 0 || every <= 0 || !DatabaseSetup.IsPostgres(options.Value.Provider)) return;
        var since = Interlocked.Add(ref sinceLast, responses);
        var all = Interlocked.Add(ref total, responses);
        // Plans change with the order of magnitude of a table, so the refreshes come as the table doubles: at `every`, 2×, 4×…
        if (since < Math.Max(every, all - since) || Interlocked.CompareExchange(ref running, 1, 0) != 0) return;
        Interlocked.Exchange(ref sinceLast, 0);
        _ = Task.Run(Analyze);
    }

    private async Task Analyze()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // A sample of 3,000 rows instead of 30,000 (the target is per run only; autovacuum's own ANALYZE uses the
            // server's): enough to tell the planner a table has grown past its indexes' break-even, at a tenth of the reads.
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                await db.Database.ExecuteSqlRawAsync("SET LOCAL default_statistics_target = 10");
                await db.Database.ExecuteSqlRawAsync(Statement(db));
                await tx.CommitAsync();
            }
            Interlocked.Increment(ref runs);
            log.LogInformation("Refreshed the planner statistics of responses and answer sets in {Milliseconds:F0} ms ({Total} responses stored by this node)",
                System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, Interlocked.Read(ref total));
        }
        catch (Exception e)
        {
            // Only the plans suffer until autovacuum's own ANALYZE; nothing is lost.
            log.LogWarning(e, "Refreshing the planner statistics failed");
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    /// <summary>
    /// <c>ANALYZE responses (…), answer_sets (…)</c> over the columns of their keys, indexes and foreign keys: what the
    /// plans choose by. The row and page counts are refreshed either way; leaving out the answers' and paradata's JSON
    /// (most of the bytes) made each run several times cheaper. Names come from the EF model (identifiers cannot be
    /// parameters); nothing here comes from input.
    /// </summary>
    internal static string Statement(ParIndexDbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        string Keyed<T>()
        {
            var entity = db.Model.FindEntityType(typeof(T))!;
            var columns = entity.GetKeys().SelectMany(k => k.Properties)
                .Concat(entity.GetIndexes().SelectMany(i => i.Properties))
                .Concat(entity.GetForeignKeys().SelectMany(f => f.Properties))
                .Distinct().Select(sql.Column).Order(StringComparer.Ordinal);
            return $"{sql.Table(entity)} ({string.Join(", ", columns)})";
        }
        return $"ANALYZE {Keyed<Response>()}, {Keyed<AnswerSet>()}";
    }
}
