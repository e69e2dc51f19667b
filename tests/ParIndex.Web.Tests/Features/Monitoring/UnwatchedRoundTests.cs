using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Monitoring;

/// <summary>
/// A single node without a backplane knows every client it could push to: a round nobody watches is not recounted
/// (on a large round that recount reads every response), and the first client to join later still gets every cell.
/// </summary>
public sealed class UnwatchedRoundTests(UnwatchedRoundTests.OwnApp app) : IClassFixture<UnwatchedRoundTests.OwnApp>
{
    /// <summary>Its own node, so no other test's hub client is watching.</summary>
    public sealed class OwnApp : ParIndexFactory;

    private async Task<long> Submit()
    {
        var (token, _) = await app.IssueTokenAsync();
        var http = app.CreateClient();
        var (_, data) = await Answers.ValidFor(http, token);
        var post = await http.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        return (await post.ReadJson()).GetProperty("responseId").GetInt64();
    }

    [Fact]
    public async Task A_round_nobody_watches_is_not_recounted_and_the_first_client_to_join_then_gets_every_cell()
    {
        var publisher = app.Services.GetRequiredService<CoalescingProgressPublisher>();
        var roundId = await app.WithDb(db => db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var before = publisher.Pushes;
        await Submit();
        // Several push intervals (250 ms) and more: nothing was recounted or sent.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Equal(before, publisher.Pushes);

        await using var hub = MonitorHubTests.Connect(app, await MonitorHubTests.AuthCookie(app, Roles.Supervisor));
        var updates = new ConcurrentQueue<ProgressUpdate>();
        hub.On<ProgressUpdate>(MonitorHub.ProgressMethod, updates.Enqueue);
        await hub.StartAsync();
        var snapshot = await hub.InvokeAsync<ProgressUpdate>(nameof(MonitorHub.JoinRound), roundId);
        var responseId = await Submit();
        var update = await MonitorHubTests.WaitFor(() => updates, u => u.ResponseIds.Contains(responseId), TimeSpan.FromSeconds(10));
        // What was last sent was forgotten while nobody watched, so the first push carries every cell, not only the changed one.
        Assert.Equal(snapshot.Cells.Count, update.Cells.Count);
        Assert.Equal(snapshot.Completed + 1, update.Completed);
    }
}
