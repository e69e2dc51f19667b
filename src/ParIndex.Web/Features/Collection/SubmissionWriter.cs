using System.ComponentModel.DataAnnotations;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Monitoring;

namespace ParIndex.Web.Features.Collection;

public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Checked submissions waiting for the writer; when full, new ones are refused with 503 + Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 5000;

    /// <summary>Most submissions stored by one transaction (one commit, one fsync on SQLite).</summary>
    [Range(1, 10_000)]
    public int MaxBatch { get; set; } = 500;

    /// <summary>The Retry-After, in seconds, of a refusal when the queue is full.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 2;

    /// <summary>
    /// Seconds a node keeps rounds, published versions and rated units in <see cref="CollectionCatalog"/>: how long a
    /// change made on another node may take to reach this one (changes on this node apply at once). 0 = no caching.
    /// </summary>
    [Range(0, 3600)]
    public int CatalogSeconds { get; set; } = 10;
}

/// <summary>
/// The one writer of API submissions on this node: request threads read and check in parallel, then queue the
/// checked submission; this writer takes whatever has queued up (up to <see cref="IngestionOptions.MaxBatch"/>)
/// and stores it in one transaction — a group commit, so a burst costs one fsync per batch instead of one per
/// submission, and SQLite never sees writers queue on its lock. Each caller is answered only after the commit
/// returned. The queue is bounded: a full queue is refused at once (backpressure) instead of growing latency.
/// </summary>
public sealed class SubmissionWriter(IServiceScopeFactory scopes, IOptions<IngestionOptions> options, PlannerStatistics statistics, IProgressEvents events, ILogger<SubmissionWriter> log)
    : BackgroundService
{
    private sealed record Job(PreparedSubmission Submission, TaskCompletionSource<SubmitOutcome> Done);

    private readonly Channel<Job> queue = Channel.CreateBounded<Job>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Submissions waiting now (for health and the benchmark).</summary>
    public int Waiting => queue.Reader.Count;

    /// <summary>Queues a checked submission; null when the queue is full or the node is shutting down.</summary>
    public Task<SubmitOutcome>? TrySubmit(PreparedSubmission submission)
    {
        var job = new Job(submission, new TaskCompletionSource<SubmitOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        return queue.Writer.TryWrite(job) ? job.Done.Task : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var max = options.Value.MaxBatch;
        var batch = new List<Job>(max);
        // Not cancelled by the stop token: on shutdown the queue is completed and what is in it is still stored.
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < max && queue.Reader.TryRead(out var job)) batch.Add(job);
            await Write(batch);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    private async Task Write(List<Job> batch)
    {
        SubmitOutcome[] outcomes;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
            outcomes = await SubmitResponse.Store(db, events, batch.Select(j => j.Submission).ToList(), CancellationToken.None);
        }
        catch (Exception e)
        {
            // Nothing of the batch was committed (one transaction): every caller gets the failure, none an ack.
            log.LogError(e, "Storing a batch of {Count} submissions failed", batch.Count);
            foreach (var job in batch) job.Done.TrySetException(e);
            return;
        }
        log.LogDebug("Stored a batch of {Count} submissions in {Milliseconds:F1} ms ({Waiting} waiting)", batch.Count,
            System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, queue.Reader.Count);
        // SubmitResponse.Store told the live monitor after the commit; the callers hear now.
        for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(outcomes[i]);
        statistics.Stored(outcomes.Count(o => o is SubmitOutcome.Accepted { Ack.Duplicate: false }));
    }
}
