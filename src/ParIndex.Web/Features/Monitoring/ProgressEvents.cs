using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Monitoring;

/// <summary>A submission that was committed: what the monitor needs to know to refresh its cells.</summary>
public sealed record ResponseSubmitted(int RoundId, long ResponseId, DateTime At);

/// <summary>
/// Where the collection side reports committed submissions. Publishing never blocks and never fails the submission:
/// the monitor is told, the respondent's acknowledgement does not wait for it.
/// </summary>
public interface IProgressEvents
{
    void Submitted(ResponseSubmitted e);

    /// <summary>Something else changed a round's counts (a recorded disposition, a reviewed flag).</summary>
    void RoundChanged(int roundId);
}

/// <summary>For a context with no live monitor to tell: the CLI, the demo seed before the node serves anyone.</summary>
public sealed class NoProgressEvents : IProgressEvents
{
    public static readonly NoProgressEvents Instance = new();

    public void Submitted(ResponseSubmitted e) { }

    public void RoundChanged(int roundId) { }
}

/// <summary>Monitoring options (section "Monitoring").</summary>
public sealed class MonitoringOptions
{
    public const string Section = "Monitoring";

    /// <summary>Minimum time between two pushes to the same hub group: 250 ms = at most 4 updates per second.</summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Share of the time the monitor's background work (recounting a round for a push, quality checks) may take:
    /// after work that took t, the loop rests t × (1 / share − 1). On a large round in a burst, pushes come less often
    /// instead of taking the node's CPU from the submissions.
    /// </summary>
    public double WorkShare { get; set; } = 0.25;

    /// <summary>Rounds with watchers are refreshed at least this often (links opened and autosaves are not pushed events).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time zone of working hours for the out-of-hours check.</summary>
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";

    public Core.Monitoring.QualityThresholds Quality { get; set; } = new();
}

/// <summary>The counts of one cell as pushed to browsers.</summary>
public sealed record CellUpdate(string Key, int UnitId, int GroupId, int Designed, int Invited, int Opened, int Started, int Completed, int PublicLink,
    int Flagged, int? Expected, bool Lagging, double? Rr1, double? Rr3, double? Coop1, double? Ref1, double? Con1);

/// <summary>One coalesced message: the cells of a round that changed since the last push, and the round's totals.</summary>
public sealed record ProgressUpdate(int RoundId, long Sequence, DateTime At, int Submissions, IReadOnlyList<CellUpdate> Cells, int Completed, int OpenFlags,
    int Alerts, IReadOnlyList<long> ResponseIds);

/// <summary>
/// Coalesces submission events: they go into an unbounded channel (the request never waits); one loop drains it,
/// and for each round touched re-reads the round's counts from the database after the commit and pushes the cells
/// that changed, at most once per <see cref="MonitoringOptions.PushInterval"/>. A burst of thousands of submissions
/// therefore becomes a handful of messages whose counts are the database's. Quality checks run on the drained batch.
/// </summary>
public sealed class CoalescingProgressPublisher(IServiceScopeFactory scopes, IHubContext<MonitorHub> hub, TimeProvider clock,
    IOptions<MonitoringOptions> options, IConfiguration configuration, ILogger<CoalescingProgressPublisher> log) : BackgroundService, IProgressEvents
{
    /// <summary>
    /// With a backplane a hub client on another node may be watching a round this node cannot see; without one, a
    /// round nobody here watches has nobody to push to, and its recount is skipped.
    /// </summary>
    private readonly bool sharedHub = !string.IsNullOrWhiteSpace(configuration[$"{MonitoringSetup.RedisSection}:Configuration"]);

    private readonly Channel<ResponseSubmitted> channel = Channel.CreateUnbounded<ResponseSubmitted>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<(int RoundId, List<long> Ids)> checks = Channel.CreateUnbounded<(int, List<long>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<int, Dictionary<string, CellUpdate>> lastSent = new();
    private readonly ConcurrentDictionary<int, int> watchers = new();
    private readonly DurationMedians medians = new();
    private long sequence;

    /// <summary>Pushes sent so far (for tests and the benchmark).</summary>
    public long Pushes => Interlocked.Read(ref sequence);

    public void Submitted(ResponseSubmitted e) => channel.Writer.TryWrite(e);

    public void RoundChanged(int roundId) => channel.Writer.TryWrite(new ResponseSubmitted(roundId, 0, clock.GetUtcNow().UtcDateTime));

    internal void Watch(int roundId, int delta) => watchers.AddOrUpdate(roundId, Math.Max(0, delta), (_, n) => Math.Max(0, n + delta));

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // Quality checks run beside the pushes, so a slow check never delays the next update.
        Task.WhenAll(PushLoop(stoppingToken), QualityLoop(stoppingToken));

    private async Task QualityLoop(CancellationToken stoppingToken)
    {
        try
        {
            while (await checks.Reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new Dictionary<int, List<long>>();
                while (checks.Reader.TryRead(out var item))
                    (batch.TryGetValue(item.RoundId, out var list) ? list : batch[item.RoundId] = []).AddRange(item.Ids);
                var started = Stopwatch.StartNew();
                foreach (var (roundId, ids) in batch)
                {
                    try
                    {
                        if (await CheckQualityAsync(roundId, ids, stoppingToken) > 0) RoundChanged(roundId); // the next push carries the flagged counts
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        log.LogError(e, "Quality checks failed for round {RoundId}", roundId);
                    }
                }
                // During a burst the checks take at most their share of the node; what arrives meanwhile is checked together.
                await Task.Delay(Rest(TimeSpan.Zero, started.Elapsed), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PushLoop(CancellationToken stoppingToken)
    {
        var interval = options.Value.PushInterval;
        var reader = channel.Reader;
        var lastRefresh = Stopwatch.StartNew();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Sleep until a submission arrives, or the periodic refresh of watched rounds is due.
                var wait = options.Value.RefreshInterval - lastRefresh.Elapsed;
                if (wait > TimeSpan.Zero && !reader.TryPeek(out _))
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(wait);
                    try { await reader.WaitToReadAsync(timeout.Token); }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested) { }
                }
                var started = Stopwatch.StartNew();
                var batch = new Dictionary<int, List<ResponseSubmitted>>();
                while (reader.TryRead(out var e))
                    (batch.TryGetValue(e.RoundId, out var list) ? list : batch[e.RoundId] = []).Add(e);
                if (lastRefresh.Elapsed >= options.Value.RefreshInterval)
                {
                    foreach (var (round, n) in watchers) if (n > 0) batch.TryAdd(round, []);
                    lastRefresh.Restart();
                }
                foreach (var (roundId, events) in batch)
                {
                    if (sharedHub || watchers.GetValueOrDefault(roundId) > 0) await PushAsync(roundId, events, stoppingToken);
                    // Unwatched: a client that joins later gets the whole round from JoinRound, and the first push after
                    // that sends every cell, since what was last sent is forgotten here.
                    else lastSent.TryRemove(roundId, out _);
                    var ids = events.Where(e => e.ResponseId > 0).Select(e => e.ResponseId).ToList();
                    if (ids.Count > 0) checks.Writer.TryWrite((roundId, ids));
                }
                // At most one push per interval per group, and pushes take at most their share of the node (a large
                // round's counts cost more to read): a burst is folded into the next batch.
                await Task.Delay(Rest(interval, started.Elapsed), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The monitor must never stop because of one bad batch; the next refresh repairs the counts.
                log.LogError(e, "Monitoring push failed");
                await Task.Delay(interval, stoppingToken);
            }
        }
    }

    /// <summary>The pause after work that took <paramref name="spent"/>: at least <paramref name="interval"/> from its start, and long enough that the work stays within <see cref="MonitoringOptions.WorkShare"/>.</summary>
    private TimeSpan Rest(TimeSpan interval, TimeSpan spent)
    {
        var share = Math.Clamp(options.Value.WorkShare, 0.01, 1);
        var cycle = TimeSpan.FromTicks(Math.Max(interval.Ticks, (long)(spent.Ticks / share)));
        return cycle > spent ? cycle - spent : TimeSpan.Zero;
    }

    private async Task PushAsync(int roundId, List<ResponseSubmitted> events, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
        var view = await MonitorDashboard.Handle(db, roundId, clock.GetUtcNow().UtcDateTime, ct);
        if (view is null) return;
        var previous = lastSent.GetOrAdd(roundId, _ => []);
        var changed = new List<CellUpdate>();
        lock (previous)
        {
            foreach (var c in view.Cells)
            {
                var u = ToUpdate(c);
                if (previous.TryGetValue(u.Key, out var before) && before == u) continue;
                previous[u.Key] = u;
                changed.Add(u);
            }
        }
        var ids = events.Where(e => e.ResponseId > 0).Select(e => e.ResponseId).ToList();
        var message = new ProgressUpdate(roundId, Interlocked.Increment(ref sequence), view.At, ids.Count, changed, view.Completed, view.OpenFlags,
            view.Alerts.Count(), ids.Count <= 50 ? ids : []);
        await hub.Clients.Group(MonitorHub.RoundGroup(roundId)).SendAsync(MonitorHub.ProgressMethod, message, ct);
        foreach (var unit in changed.GroupBy(c => c.UnitId))
            await hub.Clients.Group(MonitorHub.UnitGroup(roundId, unit.Key)).SendAsync(MonitorHub.ProgressMethod, message with { Cells = unit.ToList() }, ct);
    }

    private async Task<int> CheckQualityAsync(int roundId, List<long> responseIds, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
        return await QualityReview.CheckAsync(db, roundId, responseIds, options.Value, clock.GetUtcNow().UtcDateTime, ct, medians);
    }

    internal static CellUpdate ToUpdate(MonitorCell c)
    {
        var r = c.Rates;
        static double? N(double x) => double.IsNaN(x) ? null : Math.Round(x, 4);
        return new CellUpdate(c.Key, c.UnitId, c.GroupId, c.Designed, c.Invited, c.Opened, c.Started, c.Completed, c.PublicLink, c.Flagged,
            c.Expected, c.Lagging, N(r.RR1), N(r.RR3), N(r.COOP1), N(r.REF1), N(r.CON1));
    }
}
