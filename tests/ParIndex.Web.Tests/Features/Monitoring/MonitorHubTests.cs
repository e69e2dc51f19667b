using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParIndex.Web.Tests.Features.Monitoring;

/// <summary>
/// The real <c>Microsoft.AspNetCore.SignalR.Client</c> against the real hub in the test server (long polling over the
/// in-memory handler), signed in with a supervisor's cookie from the real login endpoint.
/// </summary>
public sealed class MonitorHubTests(MonitorHubTests.OwnApp app, ITestOutputHelper output) : IClassFixture<MonitorHubTests.OwnApp>
{
    /// <summary>Its own database: it adds a thousand sample members and their responses.</summary>
    public sealed class OwnApp : ParIndexFactory;

    internal static async Task<string> AuthCookie(ParIndexFactory app, string role)
    {
        var (email, password) = await app.AccountFor(role);
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var cookie = login.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("parindex.auth=", StringComparison.Ordinal));
        return cookie.Split(';')[0];
    }

    internal static HubConnection Connect(ParIndexFactory app, string cookie) => new HubConnectionBuilder()
        .WithUrl(new Uri(app.Server.BaseAddress, MonitorHub.Path), o =>
        {
            o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
            o.Headers["Cookie"] = cookie;
        })
        .Build();

    private Task<int> RoundId() => app.WithDb(db => db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());

    [Fact]
    public async Task A_submission_reaches_a_subscribed_client_with_the_new_count()
    {
        var roundId = await RoundId();
        await using var hub = Connect(app, await AuthCookie(app, Roles.Supervisor));
        var updates = new ConcurrentQueue<ProgressUpdate>();
        hub.On<ProgressUpdate>(MonitorHub.ProgressMethod, updates.Enqueue);
        await hub.StartAsync();
        var snapshot = await hub.InvokeAsync<ProgressUpdate>("JoinRound", roundId);
        Assert.NotEmpty(snapshot.Cells);

        var (token, respondentId) = await app.IssueTokenAsync();
        var unitId = await app.WithDb(db => db.Respondents.Where(r => r.Id == respondentId).Select(r => r.UnitId!.Value).FirstAsync());
        var groupId = await app.WithDb(db => db.Respondents.Where(r => r.Id == respondentId).Select(r => r.RespondentGroupId).FirstAsync());
        var key = $"{unitId}-{groupId}";
        var before = snapshot.Cells.Single(c => c.Key == key).Completed;

        var http = app.CreateClient();
        var (_, data) = await Answers.ValidFor(http, token);
        var post = await http.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var responseId = (await post.ReadJson()).GetProperty("responseId").GetInt64();

        var update = await WaitFor(() => updates, u => u.ResponseIds.Contains(responseId), TimeSpan.FromSeconds(10));
        Assert.Equal(before + 1, update.Cells.Single(c => c.Key == key).Completed);
    }

    [Fact]
    public async Task A_viewer_or_field_staff_or_anonymous_caller_cannot_subscribe()
    {
        foreach (var role in new[] { Roles.Viewer, Roles.FieldStaff })
        {
            await using var hub = Connect(app, await AuthCookie(app, role));
            await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
        }
        await using var anonymous = Connect(app, "parindex.auth=forged");
        await Assert.ThrowsAnyAsync<Exception>(() => anonymous.StartAsync());
    }

    [Fact]
    public async Task A_thousand_concurrent_submissions_arrive_as_a_few_coalesced_updates_whose_final_counts_are_the_databases()
    {
        const int count = 1000;
        var roundId = await RoundId();
        // A thousand extra citizens of one xã, each with a personal link: one form serves them all.
        var (template, _) = await app.IssueTokenAsync("XA-DAN");
        var http = app.CreateClient();
        var (_, data) = await Answers.ValidFor(http, template);
        var (unitId, groupId, tokens) = await app.WithDb(async db =>
        {
            var model = await db.Respondents.Where(r => r.RespondentGroup!.Code == "XA-DAN" && r.UnitId != null).OrderBy(r => r.Id).FirstAsync();
            var list = new List<(Respondent Member, string Token)>();
            for (var i = 0; i < count; i++)
            {
                var member = new Respondent { RoundId = model.RoundId, RespondentGroupId = model.RespondentGroupId, UnitId = model.UnitId, Code = $"LOAD-{i:0000}", Stratum = model.Stratum, Psu = model.Psu, DesignWeight = 1, CreatedAt = DateTime.UtcNow };
                db.Respondents.Add(member);
                list.Add((member, Tokens.NewToken()));
            }
            await db.SaveChangesAsync();
            foreach (var (member, token) in list)
                db.Invitations.Add(new Invitation { RespondentId = member.Id, TokenHash = Tokens.Hash(token), Channel = InvitationChannel.Link, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return (model.UnitId!.Value, model.RespondentGroupId, list.Select(l => l.Token).ToList());
        });
        var key = $"{unitId}-{groupId}";

        await using var hub = Connect(app, await AuthCookie(app, Roles.Supervisor));
        var updates = new ConcurrentQueue<(ProgressUpdate Update, long Ticks)>();
        hub.On<ProgressUpdate>(MonitorHub.ProgressMethod, u => updates.Enqueue((u, Stopwatch.GetTimestamp())));
        await hub.StartAsync();
        await hub.InvokeAsync<ProgressUpdate>("JoinRound", roundId);
        // Updates caused by the set-up (none are expected, but a periodic refresh may land) are not counted.
        await Task.Delay(600);
        updates.Clear();

        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(64);
        var posts = await Task.WhenAll(tokens.Select(async token =>
        {
            await gate.WaitAsync();
            try
            {
                using var r = await http.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data));
                return r.StatusCode;
            }
            finally
            {
                gate.Release();
            }
        }));
        var postSeconds = clock.Elapsed.TotalSeconds;
        Assert.All(posts, s => Assert.Equal(HttpStatusCode.Created, s));

        var expected = await app.WithDb(db => db.Responses.CountAsync(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted && r.UnitId == unitId && r.RespondentGroupId == groupId));
        await WaitFor(() => updates.Select(u => u.Update), u => u.Cells.Any(c => c.Key == key && c.Completed == expected), TimeSpan.FromSeconds(15));
        await Task.Delay(700); // anything still in flight
        var messages = updates.Count;
        var carried = updates.Sum(u => u.Update.Submissions);
        output.WriteLine($"{count} submissions in {postSeconds:0.00} s → {messages} progress messages (coalescing ratio {(double)count / messages:0.0}:1), {carried} submissions carried");

        Assert.Equal(count, carried);
        // At most 4 pushes per second (+1 for the first one at once and the flag-count follow-up after the burst).
        Assert.True(messages <= Math.Ceiling(clock.Elapsed.TotalSeconds * 4) + 2, $"{messages} messages in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(messages < count / 4, $"{messages} messages for {count} submissions");
        // The final pushed counts are the database's, for the cell and for the round.
        var final = updates.Last().Update;
        var dbView = await app.WithDb(db => MonitorDashboard.Handle(db, roundId, DateTime.UtcNow, CancellationToken.None));
        Assert.Equal(dbView!.Completed, final.Completed);
        Assert.Equal(expected, updates.Select(u => u.Update).Last(u => u.Cells.Any(c => c.Key == key)).Cells.Single(c => c.Key == key).Completed);
        Assert.Equal(expected, dbView.Cells.Single(c => c.Key == key).Completed);
    }

    /// <summary>The first update of <paramref name="source"/> (re-read while waiting) that matches.</summary>
    internal static async Task<ProgressUpdate> WaitFor(Func<IEnumerable<ProgressUpdate>> source, Func<ProgressUpdate, bool> match, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (source().FirstOrDefault(match) is { } hit) return hit;
            await Task.Delay(50);
        }
        throw new TimeoutException("No matching progress update arrived.");
    }
}
