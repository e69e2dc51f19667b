using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Monitoring;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Monitoring;

/// <summary>Quality flags raised as responses arrive, recorded dispositions, alerts and projections through the real API.</summary>
public sealed class MonitoringApiTests(MonitoringApiTests.OwnApp app) : IClassFixture<MonitoringApiTests.OwnApp>
{
    public sealed class OwnApp : ParIndexFactory;

    private Task<int> RoundId() => app.WithDb(db => db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());

    private async Task<long> Submit(HttpClient http, string groupCode, TimeSpan took, int seed)
    {
        var (token, _) = await app.IssueTokenAsync(groupCode);
        var (_, data) = await Answers.ValidFor(http, token, seed);
        var post = await http.PostAsJsonAsync($"/api/v1/forms/{token}/submissions",
            new { clientId = Guid.NewGuid(), answers = data.Answers, units = data.Units, language = "vi", deviceClass = "phone", startedAt = DateTime.UtcNow - took });
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        return (await post.ReadJson()).GetProperty("responseId").GetInt64();
    }

    private static async Task<JsonElement> Poll(HttpClient staff, string url, Func<JsonElement, bool> until)
    {
        for (var i = 0; i < 100; i++)
        {
            var body = await staff.GetFromJsonAsync<JsonElement>(url, HttpExtensions.Json);
            if (until(body)) return body;
            await Task.Delay(100);
        }
        throw new TimeoutException(url);
    }

    [Fact]
    public async Task A_speeder_is_flagged_as_it_arrives_kept_in_the_data_and_reviewed_with_an_audit_entry()
    {
        var roundId = await RoundId();
        var http = app.CreateClient();
        for (var i = 0; i < 11; i++) await Submit(http, "XA-DAN", TimeSpan.FromMinutes(10 + i), seed: i + 1);
        var fast = await Submit(http, "XA-DAN", TimeSpan.FromSeconds(20), seed: 99); // 20 s against a median of ~15 min

        var staff = await app.CreateClientAs(Roles.Supervisor);
        var flags = await Poll(staff, $"/api/v1/rounds/{roundId}/monitor/flags?kind=Speeder",
            b => b.EnumerateArray().Any(f => f.GetProperty("responseId").GetInt64() == fast));
        var flag = flags.EnumerateArray().Single(f => f.GetProperty("responseId").GetInt64() == fast);
        Assert.Equal("Open", flag.GetProperty("status").GetString());
        Assert.True(flag.GetProperty("measure").GetDouble() < 0.3);
        // None of the slow ones.
        Assert.Equal(1, flags.EnumerateArray().Count(f => f.GetProperty("kind").GetString() == "Speeder"));
        // Flagged, not dropped: the response is still a submitted response and still counted.
        Assert.True(await app.WithDb(db => db.Responses.AnyAsync(r => r.Id == fast && r.Status == ResponseStatus.Submitted)));
        var dashboard = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/rounds/{roundId}/monitor/", HttpExtensions.Json);
        Assert.True(dashboard.GetProperty("openFlags").GetInt32() >= 1);
        Assert.True(dashboard.GetProperty("cells").EnumerateArray().Sum(c => c.GetProperty("flagged").GetInt32()) >= 1);

        var review = await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/monitor/flags/{flag.GetProperty("id").GetInt64()}/review", new { confirmed = false, note = "Người dân quen thủ tục, trả lời nhanh" });
        Assert.Equal(HttpStatusCode.NoContent, review.StatusCode);
        Assert.True(await app.WithDb(db => db.QualityFlags.AnyAsync(f => f.ResponseId == fast && f.Status == QualityFlagStatus.Cleared && f.ReviewedBy == "supervisor@tests.parindex.local")));
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "quality-flag.review" && a.RoundId == roundId)));
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "quality-flag.raise" && a.EntityId == fast.ToString())));

        var page = await (await staff.GetAsync($"/monitor/{roundId}/review?status=Cleared")).Content.ReadAsStringAsync();
        Assert.Contains(fast.ToString(), page);
    }

    [Fact]
    public async Task A_recorded_refusal_moves_the_member_into_R_and_the_rates_follow_AAPOR()
    {
        var roundId = await RoundId();
        var staff = await app.CreateClientAs(Roles.Supervisor);
        var member = await app.WithDb(db => db.Respondents.Where(r => r.RespondentGroup!.Code == "XA-DAN" && r.Status == RespondentStatus.Active && !db.Responses.Any(x => x.RespondentId == r.Id))
            .OrderByDescending(r => r.Id).Select(r => new { r.Code, Key = r.UnitId + "-" + r.RespondentGroupId }).FirstAsync());
        var before = await Cell(staff, roundId, member.Key);

        var post = await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/monitor/dispositions", new { respondentCode = member.Code, disposition = "Refusal", note = "Không muốn tham gia", fieldStaffId = "dtv-07" });
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var after = await Cell(staff, roundId, member.Key);
        // One case left unknown eligibility (invited or not) for R: REF1 = R / all cases of the cell.
        Assert.Equal(before.GetProperty("designed").GetInt32(), after.GetProperty("designed").GetInt32());
        var designed = after.GetProperty("designed").GetInt32();
        Assert.True(after.GetProperty("ref1").GetDouble() > 0);
        Assert.Equal(await RefusalsIn(roundId, member.Key) / (double)designed, after.GetProperty("ref1").GetDouble(), 3);
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "disposition.record" && a.RoundId == roundId)));

        var staffRows = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/rounds/{roundId}/monitor/field-staff", HttpExtensions.Json);
        Assert.Contains(staffRows.EnumerateArray(), r => r.GetProperty("label").GetString() == "dtv-07" && r.GetProperty("dispositions").GetProperty("r").GetInt32() == 1);
        var strata = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/rounds/{roundId}/monitor/strata", HttpExtensions.Json);
        Assert.NotEmpty(strata.EnumerateArray());

        // Interviews come from responses only; unknown codes are refused with a message.
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/monitor/dispositions", new { respondentCode = member.Code, disposition = "Complete" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/monitor/dispositions", new { respondentCode = "NO-SUCH", disposition = "Refusal" })).StatusCode);
    }

    private async Task<int> RefusalsIn(int roundId, string key) => await app.WithDb(async db =>
    {
        var cases = await ParIndex.Web.Features.Monitoring.MonitorDashboard.Handle(db, roundId, DateTime.UtcNow, CancellationToken.None);
        return cases!.Cells.Single(c => c.Key == key).Dispositions.R;
    });

    private static async Task<JsonElement> Cell(HttpClient staff, int roundId, string key)
    {
        var d = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/rounds/{roundId}/monitor/", HttpExtensions.Json);
        return d.GetProperty("cells").EnumerateArray().Single(c => c.GetProperty("key").GetString() == key);
    }

    [Fact]
    public async Task A_fieldwork_plan_raises_alerts_for_cells_behind_the_expected_curve()
    {
        var roundId = await RoundId();
        var staff = await app.CreateClientAs(Roles.Supervisor);
        var bad = await staff.PutAsJsonAsync($"/api/v1/rounds/{roundId}/monitor/fieldwork", new { fieldworkStart = DateTime.UtcNow, fieldworkEnd = DateTime.UtcNow.AddDays(-1) });
        await bad.AssertProblem(400, "validation-failed");
        var put = await staff.PutAsJsonAsync($"/api/v1/rounds/{roundId}/monitor/fieldwork",
            new { fieldworkStart = DateTime.UtcNow.AddDays(-20), fieldworkEnd = DateTime.UtcNow.AddDays(1), targetShare = 0.9, tolerance = 0.8 });
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var d = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/rounds/{roundId}/monitor/", HttpExtensions.Json);
        Assert.True(d.GetProperty("alerts").GetInt32() > 0);
        var lagging = d.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("lagging").GetBoolean()).ToList();
        Assert.NotEmpty(lagging);
        // Each lagging cell is below 0.8 × the expected share (≈ 0.9 · 20/21).
        Assert.All(lagging, c => Assert.True(c.GetProperty("completed").GetInt32() - c.GetProperty("publicLink").GetInt32()
            < 0.8 * 0.9 * 20 / 21 * c.GetProperty("designed").GetInt32() + 1e-9));
        var page = await (await staff.GetAsync($"/monitor/{roundId}")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"alerts\"", page);
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "fieldwork-plan.save")));
    }

    [Fact]
    public async Task Projected_SIPAS_per_unit_is_a_provisional_weighted_percent_with_its_interval()
    {
        var roundId = await RoundId();
        var http = app.CreateClient();
        for (var i = 0; i < 4; i++) await Submit(http, "XA-DAN", TimeSpan.FromMinutes(12), seed: 200 + i);
        var staff = await app.CreateClientAs(Roles.Supervisor);
        var rows = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/rounds/{roundId}/monitor/projection", HttpExtensions.Json);
        var scored = rows.EnumerateArray().Where(r => r.GetProperty("responses").GetInt32() > 0).ToList();
        Assert.NotEmpty(scored);
        Assert.All(scored, r =>
        {
            Assert.True(r.GetProperty("provisional").GetBoolean());
            // k = 5: a unit with fewer than five ratings left (cells of a group under five are left out) has no figure at all.
            if (r.GetProperty("withheld").GetBoolean())
            {
                Assert.All(new[] { "percent", "lower", "upper", "standardError" }, f => Assert.Equal(JsonValueKind.Null, r.GetProperty(f).ValueKind));
                return;
            }
            var p = r.GetProperty("percent").GetDouble();
            Assert.InRange(p, 0, 100);
            if (r.GetProperty("lower").ValueKind == JsonValueKind.Number)
                Assert.True(r.GetProperty("lower").GetDouble() <= p + 1e-9 && p <= r.GetProperty("upper").GetDouble() + 1e-9);
        });
        Assert.Contains(scored, r => r.GetProperty("percent").ValueKind == JsonValueKind.Number);
        var page = await (await staff.GetAsync($"/monitor/{roundId}")).Content.ReadAsStringAsync();
        Assert.Contains("tạm tính", page);
    }

    [Fact]
    public async Task Dashboard_pages_render_for_a_supervisor()
    {
        var roundId = await RoundId();
        var staff = await app.CreateClientAs(Roles.Supervisor);
        foreach (var path in new[] { $"/monitor/{roundId}", $"/monitor/{roundId}?by=strata", $"/monitor/{roundId}?by=staff", $"/monitor/{roundId}/screen", $"/monitor/{roundId}/review", $"/monitor/{roundId}/dispositions" })
        {
            var r = await staff.GetAsync(path);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"{path}: {r.StatusCode}");
        }
        var html = await (await staff.GetAsync($"/rounds/{roundId}")).Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/monitor/{roundId}\"", html);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/monitor/9999")).StatusCode);
    }
}
