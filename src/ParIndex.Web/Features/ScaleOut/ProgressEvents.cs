using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.ScaleOut;

/// <summary>A response that was just committed (published after the commit, never before).</summary>
public sealed record SubmittedResponse(long ResponseId, int RoundId, int RespondentGroupId, int? UnitId, DateTime SubmittedAt);

/// <summary>
/// Where the ingestion path tells live views that responses arrived. Small on purpose: the live-monitoring
/// feature implements or wraps it; with Redis configured, SignalR fans each call out to every node.
/// </summary>
public interface IProgressEvents
{
    ValueTask ResponsesSubmitted(IReadOnlyList<SubmittedResponse> responses, CancellationToken ct);
}

/// <summary>
/// Staff watching a round's arrivals: a client joins <c>round:{id}</c> and receives <c>responsesSubmitted</c>
/// with the batch of responses just committed, whichever node stored them.
/// </summary>
[Authorize(Policy = Policies.ViewResults)]
public sealed class ProgressHub : Hub
{
    public const string Path = "/hubs/progress";

    public static string Group(int roundId) => $"round:{roundId}";

    public Task Watch(int roundId) => Groups.AddToGroupAsync(Context.ConnectionId, Group(roundId));

    public Task Unwatch(int roundId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(roundId));
}

/// <summary>Sends each round's share of a committed batch to that round's group (fanned out by the Redis backplane).</summary>
public sealed class HubProgressEvents(IHubContext<ProgressHub> hub) : IProgressEvents
{
    public async ValueTask ResponsesSubmitted(IReadOnlyList<SubmittedResponse> responses, CancellationToken ct)
    {
        foreach (var round in responses.GroupBy(r => r.RoundId))
            await hub.Clients.Group(ProgressHub.Group(round.Key)).SendAsync("responsesSubmitted", round.ToList(), ct);
    }
}
