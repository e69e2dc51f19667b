using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Rounds;

[Collection(AppCollection.Name)]
public sealed class RoundSetupTests(ParIndexFactory app) : IAsyncLifetime
{
    private HttpClient client = null!;

    public async Task InitializeAsync() => client = await app.CreateClientAs(ParIndex.Web.Infrastructure.Security.Roles.Designer);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<int> NewRound(string code)
    {
        var response = await client.PostAsJsonAsync("/api/v1/rounds", new { code, name = $"Đợt {code}", year = 2027, periodStart = "2027-01-01", periodEnd = "2027-10-31", surveyPoints = 30, appraisalPoints = 70 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJson()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Creating_a_round_twice_with_the_same_code_is_a_conflict()
    {
        await NewRound("DUP-1");
        var again = await client.PostAsJsonAsync("/api/v1/rounds", new { code = "DUP-1", name = "x", year = 2027, periodStart = "2027-01-01", periodEnd = "2027-10-31", surveyPoints = 30, appraisalPoints = 70 });
        await again.AssertProblem(409, "round-code-taken");
    }

    [Fact]
    public async Task Invalid_round_fields_are_reported_per_field()
    {
        var response = await client.PostAsJsonAsync("/api/v1/rounds", new { code = "bad code!", name = "", year = 1990, periodStart = "2027-05-01", periodEnd = "2027-01-01", surveyPoints = 40, appraisalPoints = 70 });
        var problem = await response.AssertProblem(400, "validation-failed");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "code", "name", "year", "periodEnd", "surveyPoints" }) Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Unreadable_json_is_a_problem_not_a_crash()
    {
        var response = await client.PostAsync("/api/v1/rounds", new StringContent("{\"code\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Copying_last_years_round_copies_units_groups_criteria_and_questionnaires_but_no_sample()
    {
        var demo = await app.WithDb(db => db.Rounds.FirstAsync(r => r.Code == "CCHC-2026"));
        var response = await client.PostAsJsonAsync($"/api/v1/rounds/{demo.Id}/copy", new { code = "CCHC-2027", name = "Chỉ số CCHC 2027", year = 2027, periodStart = "2027-01-01", periodEnd = "2027-10-31" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var copyId = (await response.ReadJson()).GetProperty("id").GetInt32();

        await app.WithDb(async db =>
        {
            Assert.Equal(await db.Units.CountAsync(u => u.RoundId == demo.Id), await db.Units.CountAsync(u => u.RoundId == copyId));
            Assert.Equal(7, await db.RespondentGroups.CountAsync(g => g.RoundId == copyId));
            Assert.Equal(await db.Criteria.CountAsync(c => c.RoundId == demo.Id), await db.Criteria.CountAsync(c => c.RoundId == copyId));
            Assert.Equal(await db.Questionnaires.CountAsync(q => q.RoundId == demo.Id), await db.Questionnaires.CountAsync(q => q.RoundId == copyId));
            Assert.True(await db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == copyId).AllAsync(v => v.Status == QuestionnaireVersionStatus.Draft));
            Assert.Equal(0, await db.Respondents.CountAsync(r => r.RoundId == copyId));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "round.copy" && a.RoundId == copyId));
            return 0;
        });
    }

    [Fact]
    public async Task Importing_units_from_a_semicolon_csv_with_bom_adds_them()
    {
        var roundId = await NewRound("UNITS-OK");
        var csv = "\uFEFFmã;tên;loại;địa bàn\nP-TEST1;Phường Thử Nghiệm;XA;Hoàn Kiếm\nSO-TEST;Sở Thử Nghiệm;SO;\n";
        var response = await client.PostAsync($"/api/v1/rounds/{roundId}/units/import?fileName=units.csv", new StringContent(csv, new UTF8Encoding(false), "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var units = await client.GetFromJsonAsync<List<UnitDto>>($"/api/v1/rounds/{roundId}/units", HttpExtensions.Json);
        Assert.Equal(["P-TEST1", "SO-TEST"], units!.Select(u => u.Code).Order());
        Assert.Equal("Phường Thử Nghiệm", units!.Single(u => u.Code == "P-TEST1").Name);
    }

    [Fact]
    public async Task A_units_file_with_bad_rows_reports_each_row_and_imports_nothing()
    {
        var roundId = await NewRound("UNITS-BAD");
        var csv = "code,name,type\nOK1,Đơn vị tốt,SO\nOK1,Trùng mã,SO\n,Thiếu mã,XA\nX2,,XA\nX3,Loại lạ,ZZ\nX4,=HYPERLINK(\"http://x\"),SO\n";
        var response = await client.PostAsync($"/api/v1/rounds/{roundId}/units/import?fileName=u.csv", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var problem = await response.AssertProblem(400, "import-rejected");
        var lines = problem.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([3, 4, 5, 6, 7], lines);
        Assert.Equal(0, await app.WithDb(db => db.Units.CountAsync(u => u.RoundId == roundId)));
    }

    [Fact]
    public async Task A_non_utf8_units_file_is_refused_with_a_clear_message()
    {
        var roundId = await NewRound("UNITS-ENC");
        var latin1 = Encoding.Latin1.GetBytes("code,name,type\nA1,Ph\u01b0\u1edbng,XA\n".Replace("\u01b0", "\u00fc"));
        var response = await client.PostAsync($"/api/v1/rounds/{roundId}/units/import?fileName=u.csv", new ByteArrayContent(latin1));
        var problem = await response.AssertProblem(400, "import-rejected");
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Criteria_whose_points_do_not_add_up_are_refused_with_the_reason()
    {
        var roundId = await NewRound("CRIT-BAD");
        var tree = new[]
        {
            new CriterionDto("1", "Chỉ đạo điều hành", null, 60, ScoreComponent.Appraisal),
            new CriterionDto("1.1", "Kế hoạch", null, 50, ScoreComponent.Appraisal),
            new CriterionDto("2", "Điều tra", null, 30, ScoreComponent.Survey),
        };
        var response = await client.PutAsJsonAsync($"/api/v1/rounds/{roundId}/criteria/SO", tree, HttpExtensions.Json);
        var problem = await response.AssertProblem(400, "validation-failed");
        var messages = problem.GetProperty("errors").GetProperty("criteria").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("1: điểm tối đa 60", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("thẩm định là 50", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Removing_a_criterion_after_responses_exist_is_refused_but_points_can_change()
    {
        var demo = await app.WithDb(db => db.Rounds.FirstAsync(r => r.Code == "CCHC-2026"));
        var tree = await client.GetFromJsonAsync<List<CriterionDto>>($"/api/v1/rounds/{demo.Id}/criteria/SO", HttpExtensions.Json);
        var without = tree!.Where(c => c.Code != "1.4").ToList(); // leaves 1.4.1 and 1.4.2 without their parent
        var refused = await client.PutAsJsonAsync($"/api/v1/rounds/{demo.Id}/criteria/SO", without, HttpExtensions.Json);
        var problem = await refused.AssertProblem(400, "validation-failed"); // totals no longer add up to 70 either
        Assert.Equal(System.Text.Json.JsonValueKind.Array, problem.GetProperty("errors").GetProperty("criteria").ValueKind);

        // Move 1.4's points (appraisal and survey) onto 2.1, so totals still add up, and drop 1.4 with its sub-criteria.
        decimal Points(string code) => tree!.Single(c => c.Code == code).MaxPoints;
        var (appraisal, survey) = (Points("1.4.1"), Points("1.4.2"));
        var moved = tree!.Where(c => c.Code != "1.4" && !c.Code.StartsWith("1.4.", StringComparison.Ordinal)).Select(c => c.Code switch
        {
            "1" => c with { MaxPoints = c.MaxPoints - appraisal - survey },
            "2" or "2.1" => c with { MaxPoints = c.MaxPoints + appraisal + survey },
            "2.1.1" => c with { MaxPoints = c.MaxPoints + appraisal },
            "2.1.2" => c with { MaxPoints = c.MaxPoints + survey },
            _ => c,
        }).ToList();
        var locked = await client.PutAsJsonAsync($"/api/v1/rounds/{demo.Id}/criteria/SO", moved, HttpExtensions.Json);
        var lockedProblem = await locked.AssertProblem(409, "round-structure-locked");
        Assert.Contains("1.4", lockedProblem.GetProperty("detail").GetString());

        var renamed = tree!.Select(c => c.Code == "1.1" ? c with { Name = c.Name + " (sửa)" } : c).ToList();
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"/api/v1/rounds/{demo.Id}/criteria/SO", renamed, HttpExtensions.Json)).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_group_that_has_a_sample_is_refused_with_the_reason()
    {
        var demo = await app.WithDb(db => db.RespondentGroups.FirstAsync(g => g.Code == "SO-HDND"));
        var response = await client.DeleteAsync($"/api/v1/rounds/{demo.RoundId}/groups/{demo.Id}");
        var problem = await response.AssertProblem(409, "round-structure-locked");
        Assert.Contains("Đại biểu HĐND Thành phố", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Every_structure_change_is_audited()
    {
        var roundId = await NewRound("AUDIT-1");
        var response = await client.PostAsJsonAsync($"/api/v1/rounds/{roundId}/groups",
            new { code = "G1", name = "Nhóm thử", unitTypeCode = "SO", scoreWeight = 1, ratesManyUnits = true });
        response.EnsureSuccessStatusCode();
        var actions = await app.WithDb(db => db.AuditEntries.Where(a => a.RoundId == roundId).Select(a => a.Action).ToListAsync());
        Assert.Contains("round.create", actions);
        Assert.Contains("group.create", actions);
    }

    [Fact]
    public async Task Unknown_round_is_a_not_found_problem()
    {
        var response = await client.GetAsync("/api/v1/rounds/999999/progress");
        await response.AssertProblem(404, "not-found");
    }
}
