using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Features.Distribution;
using ParIndex.Web.Tests.Features.Monitoring;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Collection;

/// <summary>
/// A public link's answer takes the same path as every other answer (the one writer): the round rule refuses it when
/// the round is closed or published, exactly as it refuses a personal link's, and the live monitor hears of it.
/// </summary>
public sealed class PublicLinkAnswerTests
{
    private static readonly (string, string)[] Valid = [("a.channel", "counter"), ("a.sat_access", "4"), ("a.sat_staff", "4"), ("a.sat_result", "5"), ("a.age", "41")];

    private static async Task<(string Path, int RoundId, int UnitId, int GroupId)> NewLink(ParIndexFactory app, int unitIndex)
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", unitIndex);
        var staff = await app.CreateClientAs(Roles.Designer);
        var created = await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/public-links", new { unitId, groupId, quota = 10 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (new Uri((await created.ReadJson()).GetProperty("link").GetString()!).AbsolutePath, roundId, unitId, groupId);
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string path, string page)
    {
        var fields = HttpExtensions.HiddenInputs(page).Select(f => KeyValuePair.Create(f.Key, f.Value)).ToList();
        fields.AddRange(Valid.Select(a => KeyValuePair.Create(a.Item1, a.Item2)));
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    private static async Task SetStatus(ParIndexFactory app, int roundId, RoundStatus status, bool onAnotherNode)
    {
        if (onAnotherNode)
        {
            // Written straight to the database: this node's catalog never hears of it, so only the writer's own check can refuse.
            await using var other = DatabaseSetup.CreateContext(new DatabaseOptions { ConnectionString = $"Data Source={app.DatabasePath}" });
            await other.Rounds.Where(r => r.Id == roundId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status));
        }
        else
        {
            await app.WithDb(async db =>
            {
                var round = await db.Rounds.SingleAsync(r => r.Id == roundId);
                round.Status = status;
                return await db.SaveChangesAsync();
            });
        }
    }

    [Theory]
    [InlineData(RoundStatus.Closed, true)]
    [InlineData(RoundStatus.Closed, false)]
    [InlineData(RoundStatus.Published, true)]
    [InlineData(RoundStatus.Published, false)]
    public async Task A_public_link_answer_to_a_round_that_takes_no_answers_is_refused_like_a_personal_links(RoundStatus status, bool onAnotherNode)
    {
        await using var app = new ParIndexFactory();
        var (path, roundId, unitId, groupId) = await NewLink(app, unitIndex: 3);
        var (token, _) = await app.IssueTokenAsync();
        var api = app.CreateClient();
        var (_, data) = await Answers.ValidFor(api, token);
        var publicClient = app.CreateClient();
        var publicPage = await publicClient.GetStringAsync(path);

        await SetStatus(app, roundId, status, onAnotherNode);

        var publicAnswer = await Post(publicClient, path, publicPage);
        Assert.Equal(HttpStatusCode.Gone, publicAnswer.StatusCode);
        Assert.Contains("Liên kết chưa mở hoặc đã hết hạn", await publicAnswer.Content.ReadAsStringAsync());
        // The personal link's answer to the same round: the same refusal (ProblemDetails in the API).
        await (await api.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data))).AssertProblem(410, "token-expired");
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == null && r.UnitId == unitId && r.RespondentGroupId == groupId)));
        Assert.Equal(0, await app.WithDb(db => db.PublicLinks.Where(p => p.RoundId == roundId).SumAsync(p => p.Accepted)));
        if (onAnotherNode) return;
        // Once this node knows, both links say so before anything is answered: the same page, the same status.
        var publicOpened = await app.CreateClient().GetAsync(path);
        var personalOpened = await app.CreateClient().GetAsync($"/r/{token}");
        Assert.Equal(HttpStatusCode.Gone, publicOpened.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, personalOpened.StatusCode);
        Assert.Contains("Liên kết chưa mở hoặc đã hết hạn", await publicOpened.Content.ReadAsStringAsync());
        Assert.Contains("Liên kết chưa mở hoặc đã hết hạn", await personalOpened.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_public_link_answer_reaches_the_live_monitor()
    {
        await using var app = new ParIndexFactory();
        var (path, roundId, unitId, groupId) = await NewLink(app, unitIndex: 4);
        await using var hub = MonitorHubTests.Connect(app, await MonitorHubTests.AuthCookie(app, Roles.Supervisor));
        var updates = new ConcurrentQueue<ProgressUpdate>();
        hub.On<ProgressUpdate>(MonitorHub.ProgressMethod, updates.Enqueue);
        await hub.StartAsync();
        var snapshot = await hub.InvokeAsync<ProgressUpdate>("JoinRound", roundId);
        var key = $"{unitId}-{groupId}";
        var before = snapshot.Cells.Single(c => c.Key == key).PublicLink;

        var client = app.CreateClient();
        var answer = await Post(client, path, await client.GetStringAsync(path));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var responseId = await app.WithDb(db => db.Responses.Where(r => r.RespondentId == null && r.UnitId == unitId).Select(r => r.Id).SingleAsync());

        // The push that names the response, and the cell's new count: one message carries both unless a periodic
        // refresh pushed the recount first (pushes carry only changed cells), so each is awaited on its own.
        await MonitorHubTests.WaitFor(() => updates, u => u.ResponseIds.Contains(responseId), TimeSpan.FromSeconds(10));
        await MonitorHubTests.WaitFor(() => updates, u => u.Cells.Any(c => c.Key == key && c.PublicLink == before + 1), TimeSpan.FromSeconds(10));
    }
}
