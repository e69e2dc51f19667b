using System.Threading.Channels;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// Reads personal links for the respondent API in batches: each request hands in its token hash and waits; one loop
/// takes whatever has queued up (up to <see cref="MaxBatch"/>) and reads all of their rows in one query. Under a
/// burst a look-up costs a share of one query instead of one query each; alone, a request waits for nothing but its
/// own query. The rows are untracked: the API only reads them (the writer re-reads what it changes).
/// </summary>
public sealed class LinkReader(IServiceScopeFactory scopes, ILogger<LinkReader> log) : BackgroundService
{
    public const int MaxBatch = 256;

    private sealed record Ask(string Hash, TaskCompletionSource<LinkRow?> Done);

    private readonly Channel<Ask> asks = Channel.CreateUnbounded<Ask>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>The row of one token hash, or null when no invitation has it.</summary>
    public Task<LinkRow?> ReadAsync(string tokenHash)
    {
        var ask = new Ask(tokenHash, new TaskCompletionSource<LinkRow?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!asks.Writer.TryWrite(ask)) ask.Done.TrySetException(new OperationCanceledException("The node is shutting down."));
        return ask.Done.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Ask>(MaxBatch);
        try
        {
            while (await asks.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && asks.Reader.TryRead(out var ask)) batch.Add(ask);
                await Read(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            asks.Writer.TryComplete();
            foreach (var ask in batch) ask.Done.TrySetCanceled();
            while (asks.Reader.TryRead(out var left)) left.Done.TrySetCanceled();
        }
    }

    private async Task Read(List<Ask> batch, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
            var rows = await RespondentLink.RowsAsync(db, batch.Select(a => a.Hash).Distinct().ToList(), ct);
            var byHash = rows.ToDictionary(r => r.Invitation.TokenHash, StringComparer.Ordinal);
            foreach (var ask in batch) ask.Done.TrySetResult(byHash.GetValueOrDefault(ask.Hash));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogError(e, "Reading {Count} personal links failed", batch.Count);
            foreach (var ask in batch) ask.Done.TrySetException(e);
        }
    }
}
