using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Monitoring;

/// <summary>
/// Live progress for supervisors at <c>/hubs/monitor</c>. A client joins a round (and optionally single units) and
/// receives coalesced <see cref="ProgressUpdate"/> messages as "progress". Joining returns the round's current cells, so a
/// client that loaded a page a moment earlier misses nothing. Staff with the supervise policy only.
/// </summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class MonitorHub(ParIndexDbContext db, TimeProvider clock, CoalescingProgressPublisher publisher) : Hub
{
    public const string Path = "/hubs/monitor";
    public const string ProgressMethod = "progress";

    public static string RoundGroup(int roundId) => $"round:{roundId}";

    public static string UnitGroup(int roundId, int unitId) => $"round:{roundId}:unit:{unitId}";

    public async Task<ProgressUpdate> JoinRound(int roundId)
    {
        var view = await MonitorDashboard.Handle(db, roundId, clock.GetUtcNow().UtcDateTime, Context.ConnectionAborted)
                   ?? throw new HubException("round-not-found");
        await Groups.AddToGroupAsync(Context.ConnectionId, RoundGroup(roundId));
        Track(roundId);
        return new ProgressUpdate(roundId, publisher.Pushes, view.At, 0, view.Cells.Select(CoalescingProgressPublisher.ToUpdate).ToList(),
            view.Completed, view.OpenFlags, view.Alerts.Count(), []);
    }

    public async Task JoinUnit(int roundId, int unitId)
    {
        if (!await db.Units.AnyAsync(u => u.Id == unitId && u.RoundId == roundId, Context.ConnectionAborted)) throw new HubException("unit-not-found");
        await Groups.AddToGroupAsync(Context.ConnectionId, UnitGroup(roundId, unitId));
        Track(roundId);
    }

    public Task LeaveRound(int roundId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, RoundGroup(roundId));

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.Items.TryGetValue("rounds", out var o) && o is HashSet<int> rounds)
            foreach (var r in rounds) publisher.Watch(r, -1);
        return base.OnDisconnectedAsync(exception);
    }

    private void Track(int roundId)
    {
        var rounds = Context.Items.TryGetValue("rounds", out var o) && o is HashSet<int> set ? set : (HashSet<int>)(Context.Items["rounds"] = new HashSet<int>());
        if (rounds.Add(roundId)) publisher.Watch(roundId, +1);
    }
}
