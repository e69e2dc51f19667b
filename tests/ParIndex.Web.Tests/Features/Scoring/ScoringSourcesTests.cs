using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Features.SelfAssessment;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Features.SelfAssessment;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Scoring;

/// <summary>
/// The index closed inside ParIndex: a score run takes a unit's appraisal half from its council-approved self-assessment
/// (#11), falls back to an imported file for units without one, records the source, and never ranks a unit without
/// an approved appraisal.
/// </summary>
public sealed class ScoringSourcesTests(ScoringSourcesTests.App app) : IClassFixture<ScoringSourcesTests.App>
{
    public sealed class App : SelfAssessmentApp;

    private static JsonElement UnitOf(JsonElement report, string code) =>
        report.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitCode").GetString() == code);

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool IsNull(JsonElement e, string name) => !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null;

    /// <summary>Takes SO-TC's year self-assessment through the workflow to council approval: every sub-criterion at half its maximum, a penalty of 1.</summary>
    private async Task<int> ApproveSoTc(int periodId, int unitId)
    {
        var calendar = app.Services.GetRequiredService<WorkingCalendar>();
        var now = DateTime.UtcNow;
        var assessmentId = await app.WithDb(async db =>
        {
            var a = await UnitSelfAssessment.Open(db, periodId, unitId, "unit", now, default);
            var entries = a.Scores.ToDictionary(s => s.Code, s => new UnitSelfAssessment.Entry(
                s.Kind switch
                {
                    ScoreLineKind.Penalty => Math.Min(1m, s.MaxPoints),
                    ScoreLineKind.Bonus => 0m,
                    _ => Math.Round(s.MaxPoints / 2, 2),
                }, $"Căn cứ {s.Code}"));
            await UnitSelfAssessment.SaveDraft(db, periodId, unitId, entries, "unit", now, default);
            await UnitSelfAssessment.Submit(db, periodId, unitId, "unit", now, default);
            await Appraisal.CompleteRound1(db, calendar, a.Id, "appraiser", now, default);
            return a.Id;
        });
        var deadline = await app.WithDb(db => db.UnitAssessments.Where(a => a.Id == assessmentId).Select(a => a.ExplanationDeadline!.Value).SingleAsync());
        var dayAfter = deadline.AddDays(1).ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc);
        await app.WithDb(async db =>
        {
            await Appraisal.CloseExplanationWindow(db, assessmentId, "appraiser", dayAfter, default);
            await Appraisal.CompleteRound2(db, assessmentId, "appraiser", dayAfter, default);
            await Appraisal.Approve(db, assessmentId, "Quyết định 12/QĐ-HĐTĐ", "council", dayAfter, default);
            return 0;
        });
        return assessmentId;
    }

    [Fact]
    public async Task The_approved_self_assessment_is_the_appraisal_half_the_file_fills_the_rest_and_units_without_either_are_not_ranked()
    {
        var (roundId, periodId, _) = await app.Periods();
        var unitId = await app.UnitId("SO-TC");
        var client = await app.CreateClientAs(Roles.Designer);

        // Before approval: SO-TC has no appraisal, so no index and no rank.
        var before = await (await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).ReadJson();
        var report0 = await (await client.GetAsync($"/api/v1/rounds/{roundId}/scoring/runs/latest")).ReadJson();
        var tc0 = UnitOf(report0, "SO-TC");
        Assert.True(IsNull(tc0, "appraisalPoints"));
        Assert.True(IsNull(tc0, "index"));
        Assert.True(IsNull(tc0, "rank"));

        await ApproveSoTc(periodId, unitId);
        var approvedTotal = (await app.WithDb(db => AppraisedScores.TotalsForRound(db, roundId, PeriodKind.Year)))[unitId];
        var lines = (await app.WithDb(db => AppraisedScores.ForRound(db, roundId, PeriodKind.Year))).Where(s => s.UnitId == unitId).ToList();
        Assert.Contains(lines, l => l.Kind == ScoreLineKind.Penalty && l.Points < 0);
        Assert.Equal(Math.Max(0m, lines.Sum(l => l.Points!.Value)), approvedTotal);

        // A file import for another unit (and for SO-TC, which the approved self-assessment takes precedence over).
        var csv = new StringBuilder("unit,criterion,appraisal_round,points\n");
        var leaves = await app.WithDb(async db =>
        {
            var criteria = await db.Criteria.Where(c => c.RoundId == roundId && c.Component == ScoreComponent.Appraisal && c.UnitTypeId == db.Units.First(u => u.Id == unitId).UnitTypeId).ToListAsync();
            return criteria.Where(c => !criteria.Any(o => o.Code.StartsWith(c.Code + ".", StringComparison.Ordinal))).Select(c => c.Code).ToList();
        });
        foreach (var unit in new[] { "SO-TC", "SO-XD" })
            foreach (var leaf in leaves) csv.Append($"{unit},{leaf},1,1\n");
        var import = await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/appraisal?fileName=a.csv", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);

        var run = await (await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).ReadJson();
        Assert.NotEqual(before.GetProperty("inputHash").GetString(), run.GetProperty("inputHash").GetString());
        var report = await (await client.GetAsync($"/api/v1/rounds/{roundId}/scoring/runs/latest")).ReadJson();

        // SO-TC: final index = approved appraisal + survey points, from the self-assessment.
        var tc = UnitOf(report, "SO-TC");
        Assert.Equal("self-assessment", Str(tc, "appraisalSource"));
        Assert.Equal(approvedTotal, tc.GetProperty("appraisalPoints").GetDecimal());
        var survey = tc.GetProperty("surveyPoints").GetProperty("value").GetDouble();
        Assert.Equal((double)approvedTotal + survey, tc.GetProperty("index").GetDouble(), 9);
        Assert.False(IsNull(tc, "rank"));

        // SO-XD: the file (one point per leaf).
        var xd = UnitOf(report, "SO-XD");
        Assert.Equal("file", Str(xd, "appraisalSource"));
        Assert.Equal(leaves.Count, xd.GetProperty("appraisalPoints").GetDecimal());

        // Everyone else: no approved appraisal, no index, not ranked (never ranked as if 0).
        var others = report.GetProperty("units").EnumerateArray().Where(u => u.GetProperty("unitCode").GetString() is not ("SO-TC" or "SO-XD")).ToList();
        Assert.NotEmpty(others);
        Assert.All(others, u =>
        {
            Assert.True(IsNull(u, "appraisalPoints"));
            Assert.True(IsNull(u, "index"));
            Assert.True(IsNull(u, "rank"));
        });
        var ranked = report.GetProperty("units").EnumerateArray().Where(u => !IsNull(u, "rank")).Select(u => u.GetProperty("unitCode").GetString()).Order().ToList();
        Assert.Equal(["SO-TC", "SO-XD"], ranked);

        // The export shows both halves, the total and the source; the report page says which units have no appraisal.
        var export = await client.GetStringAsync($"/api/v1/rounds/{roundId}/scoring/export.csv");
        var header = export.Split('\n')[0].TrimStart('\uFEFF').Trim().Split(',');
        Assert.Contains("appraisal_points", header);
        Assert.Contains("survey_points", header);
        Assert.Contains("index", header);
        Assert.Equal("appraisal_source", header[^1]);
        var tcRow = export.Split('\n').Single(l => l.Contains(",SO-TC,", StringComparison.Ordinal)).Trim().Split(',');
        Assert.Equal("self-assessment", tcRow[^1]);
        Assert.Contains(export.Split('\n').Skip(1).Where(l => l.Length > 0), l => l.Trim().EndsWith(",none", StringComparison.Ordinal));

        // The audit records where each appraisal came from.
        var audit = await app.WithDb(db => db.AuditEntries.Where(e => e.Action == "scoring.run").OrderByDescending(e => e.Id).Select(e => e.AfterJson!).FirstAsync());
        Assert.Contains("self-assessment", audit);
    }
}
