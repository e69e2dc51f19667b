using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Rounds;

/// <summary>
/// Issue 21 item 2: each unit type has its own criteria tree and may have its own split of the 100 points; one round scores
/// Sở on 70/30 and xã/phường on 65/35. A split saved unchanged writes nothing; a split that does not add up is refused.
/// </summary>
public sealed class UnitTypeSplitTests(UnitTypeSplitTests.App app) : IClassFixture<UnitTypeSplitTests.App>
{
    public sealed class App : ParIndexFactory;

    [Fact]
    public async Task Sở_and_xã_phường_are_scored_on_their_own_splits_in_one_round()
    {
        var client = await app.CreateClientAs(Roles.Designer);
        var roundId = await app.WithDb(db => db.Rounds.Where(r => r.Code == DemoData.RoundCode).Select(r => r.Id).FirstAsync());
        var types = await client.GetFromJsonAsync<List<UnitTypeDto>>($"/api/v1/rounds/{roundId}/unit-types", HttpExtensions.Json);
        var xa = types!.Single(t => t.Code == "XA");
        Assert.Null(xa.SurveyPoints);
        Assert.Equal(30m, xa.EffectiveSurveyPoints);

        // Move 5 points of the xã/phường tree from appraisal leaves to a survey leaf, each parent the sum of its leaves: the split becomes 65/35.
        var tree = (await client.GetFromJsonAsync<List<CriterionDto>>($"/api/v1/rounds/{roundId}/criteria/XA", HttpExtensions.Json))!;
        bool IsLeaf(CriterionDto c) => !tree.Any(d => d.Code.StartsWith(c.Code + ".", StringComparison.Ordinal));
        // One point from each of five appraisal leaves (the demo's leaves have 1–4 points) onto one survey leaf.
        var from = tree.Where(c => IsLeaf(c) && c.Component == ScoreComponent.Appraisal && c.MaxPoints >= 1).Take(5).Select(c => c.Code).ToHashSet();
        Assert.Equal(5, from.Count);
        var to = tree.First(c => IsLeaf(c) && c.Component == ScoreComponent.Survey);
        var leaves = tree.Where(IsLeaf).Select(c => from.Contains(c.Code) ? c with { MaxPoints = c.MaxPoints - 1 } : c.Code == to.Code ? c with { MaxPoints = c.MaxPoints + 5 } : c).ToList();
        var moved = tree.Select(c => IsLeaf(c) ? leaves.Single(l => l.Code == c.Code)
            : c with { MaxPoints = leaves.Where(l => l.Code.StartsWith(c.Code + ".", StringComparison.Ordinal)).Sum(l => l.MaxPoints) }).ToList();

        // The tree alone does not fit the round's 70/30; with the type's own split it does.
        await (await client.PutAsJsonAsync($"/api/v1/rounds/{roundId}/criteria/XA", moved, HttpExtensions.Json)).AssertProblem(400, "validation-failed");
        var badSplit = await client.PutAsJsonAsync($"/api/v1/rounds/{roundId}/unit-types/XA", new UnitTypeSplitRequest(35, 60, moved), HttpExtensions.Json);
        var problem = await badSplit.AssertProblem(400, "validation-failed");
        Assert.Contains("100", problem.GetProperty("errors").GetProperty("split")[0].GetString());
        var saved = await client.PutAsJsonAsync($"/api/v1/rounds/{roundId}/unit-types/XA", new UnitTypeSplitRequest(35, 65, moved), HttpExtensions.Json);
        Assert.True((await saved.ReadJson()).GetProperty("changed").GetBoolean());

        // Saved unchanged: nothing written, no audit entry.
        var audits = await app.WithDb(db => db.AuditEntries.CountAsync(a => a.Action == "criteria.set"));
        var again = await client.PutAsJsonAsync($"/api/v1/rounds/{roundId}/unit-types/XA", new UnitTypeSplitRequest(35, 65, null), HttpExtensions.Json);
        Assert.False((await again.ReadJson()).GetProperty("changed").GetBoolean());
        Assert.Equal(audits, await app.WithDb(db => db.AuditEntries.CountAsync(a => a.Action == "criteria.set")));
        types = await client.GetFromJsonAsync<List<UnitTypeDto>>($"/api/v1/rounds/{roundId}/unit-types", HttpExtensions.Json);
        Assert.Equal((35m, 65m), (types!.Single(t => t.Code == "XA").EffectiveSurveyPoints, types!.Single(t => t.Code == "XA").EffectiveAppraisalPoints));
        Assert.Equal((30m, 70m), (types!.Single(t => t.Code == "SO").EffectiveSurveyPoints, types!.Single(t => t.Code == "SO").EffectiveAppraisalPoints));

        // Scored: each unit's survey criteria add up to its type's survey points, and its index is appraisal + survey out of 100.
        var appraisal = await AppraisalCsv(roundId);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/appraisal?fileName=a.csv", new StringContent(appraisal, Encoding.UTF8, "text/csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).StatusCode);
        var report = await (await client.GetAsync($"/api/v1/rounds/{roundId}/scoring/runs/latest")).ReadJson();
        var scored = report.GetProperty("units").EnumerateArray().ToList();
        foreach (var (type, survey, appraisalMax) in new[] { ("SO", 30m, 70m), ("XA", 35m, 65m) })
        {
            var units = scored.Where(u => u.GetProperty("unitType").GetString() == type).ToList();
            Assert.NotEmpty(units);
            foreach (var u in units)
            {
                Assert.Equal(survey, u.GetProperty("surveyCriteria").EnumerateArray().Sum(c => c.GetProperty("maxPoints").GetDecimal()));
                var a = u.GetProperty("appraisalPoints").GetDecimal();
                // Imported points are 80% of each leaf of the type's own tree (a council-approved self-assessment has its own lines).
                if (u.GetProperty("appraisalSource").GetString() == "file") Assert.InRange(a, appraisalMax * 0.8m - 0.2m, appraisalMax * 0.8m + 0.2m);
                if (u.GetProperty("index").ValueKind == System.Text.Json.JsonValueKind.Number)
                {
                    var points = u.GetProperty("surveyPoints").GetProperty("value").GetDouble();
                    Assert.InRange(points, 0, (double)survey);
                    Assert.Equal((double)a + points, u.GetProperty("index").GetDouble(), 9);
                }
            }
        }
    }

    /// <summary>Appraisal scores for every unit and appraisal leaf, 80% of the maximum, in the vi-VN decimal form.</summary>
    private Task<string> AppraisalCsv(int roundId) => app.WithDb(async db =>
    {
        var criteria = await db.Criteria.Where(c => c.RoundId == roundId && c.Component == ScoreComponent.Appraisal).ToListAsync();
        var leaves = criteria.Where(c => !criteria.Any(o => o.UnitTypeId == c.UnitTypeId && o.Code.StartsWith(c.Code + ".", StringComparison.Ordinal))).ToList();
        var sb = new StringBuilder("unit,criterion,appraisal_round,points\n");
        foreach (var u in await db.Units.Where(u => u.RoundId == roundId).ToListAsync())
            foreach (var c in leaves.Where(l => l.UnitTypeId == u.UnitTypeId))
                sb.Append(CultureInfo.InvariantCulture, $"{u.Code},{c.Code},1,\"{Math.Round(c.MaxPoints * 0.8m, 2).ToString(CultureInfo.GetCultureInfo("vi-VN"))}\"\n");
        return sb.ToString();
    });
}
