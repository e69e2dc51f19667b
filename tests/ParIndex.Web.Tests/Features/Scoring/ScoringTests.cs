using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Tabular;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Scoring;

/// <summary>Scoring the demo round end to end through the API and pages, on its own database.</summary>
public sealed class ScoringTests(ScoringTests.App app) : IClassFixture<ScoringTests.App>
{
    public sealed class App : ParIndexFactory;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private async Task<int> RoundId() => await app.WithDb(db => db.Rounds.Where(r => r.Code == DemoData.RoundCode).Select(r => r.Id).FirstAsync());

    /// <summary>Appraisal scores for every unit and appraisal leaf of the demo: 60–95% of the maximum, by unit.</summary>
    private async Task<string> AppraisalCsv() => await app.WithDb(async db =>
    {
        var round = await db.Rounds.FirstAsync(r => r.Code == DemoData.RoundCode);
        var criteria = await db.Criteria.Where(c => c.RoundId == round.Id && c.Component == ScoreComponent.Appraisal).ToListAsync();
        var leaves = criteria.Where(c => !criteria.Any(o => o.UnitTypeId == c.UnitTypeId && o.Code.StartsWith(c.Code + ".", StringComparison.Ordinal))).ToList();
        var units = await db.Units.Where(u => u.RoundId == round.Id).OrderBy(u => u.Id).ToListAsync();
        var sb = new StringBuilder("unit,criterion,appraisal_round,points\n");
        foreach (var (u, i) in units.Select((u, i) => (u, i)))
            foreach (var c in leaves.Where(l => l.UnitTypeId == u.UnitTypeId))
                sb.Append(CultureInfo.InvariantCulture, $"{u.Code},{c.Code},1,\"{Math.Round(c.MaxPoints * (0.6m + 0.35m * (i % 10) / 10), 2).ToString(CultureInfo.GetCultureInfo("vi-VN"))}\"\n");
        return sb.ToString();
    });

    private async Task<HttpClient> Designer() => await app.CreateClientAs(Roles.Designer);

    private async Task EnsureAppraisal(HttpClient client, int roundId)
    {
        var response = await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/appraisal?fileName=a.csv", new StringContent(await AppraisalCsv(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Scoring_the_demo_round_ranks_every_unit_and_a_rerun_reproduces_the_input_hash()
    {
        var client = await Designer();
        var roundId = await RoundId();
        await EnsureAppraisal(client, roundId);
        var first = await (await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).ReadJson();
        var second = await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var again = await second.ReadJson();
        Assert.Equal(first.GetProperty("inputHash").GetString(), again.GetProperty("inputHash").GetString());
        Assert.NotEqual(first.GetProperty("id").GetInt32(), again.GetProperty("id").GetInt32());
        Assert.True(first.GetProperty("responseCount").GetInt32() > 100);

        var report = await (await client.GetAsync($"/api/v1/rounds/{roundId}/scoring/runs/latest")).ReadJson();
        var units = report.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(50, units.Count);
        foreach (var type in new[] { "SO", "XA" })
        {
            var ofType = units.Where(u => u.GetProperty("unitType").GetString() == type).ToList();
            var ranks = ofType.Select(u => u.GetProperty("rank").GetInt32()).Order().ToList();
            Assert.Equal(1, ranks[0]);
            Assert.All(ofType, u =>
            {
                var index = u.GetProperty("index").GetDouble();
                var appraisal = u.GetProperty("appraisalPoints").GetDecimal();
                var survey = u.GetProperty("surveyPoints").GetProperty("value").GetDouble();
                Assert.Equal((double)appraisal + survey, index, 9);
                Assert.InRange(index, 0, 100);
                Assert.InRange(survey, 0, 30);
                var rank = u.GetProperty("rank").GetInt32();
                Assert.InRange(rank, u.GetProperty("rankLower").GetInt32(), u.GetProperty("rankUpper").GetInt32());
            });
            // Better index, better (or equal) rank.
            var byIndex = ofType.OrderByDescending(u => u.GetProperty("index").GetDouble()).Select(u => u.GetProperty("rank").GetInt32()).ToList();
            Assert.Equal(byIndex.Order(), byIndex);
        }
        // The stored run says who ran it, when, and with which configuration; the audit log has it too.
        var stored = await app.WithDb(db => db.ScoreRuns.OrderByDescending(r => r.Id).FirstAsync());
        Assert.Equal(64, stored.InputHash.Length);
        Assert.False(string.IsNullOrEmpty(stored.CreatedBy));
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.Action == "scoring.run")));
    }

    [Fact]
    public async Task A_changed_configuration_changes_the_input_hash_and_the_version()
    {
        var client = await Designer();
        var roundId = await RoundId();
        var before = await (await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).ReadJson();
        var put = await client.PutAsync($"/api/v1/rounds/{roundId}/scoring/config",
            new StringContent("""{"groupWeights":{"SO-HDND":2,"SO-CTXA":1,"SO-DAN":1,"XA-HDND":1,"XA-GDSO":1,"XA-TRUONGTHON":1,"XA-DAN":1},"minCellSize":5}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var after = await (await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).ReadJson();
        Assert.NotEqual(before.GetProperty("inputHash").GetString(), after.GetProperty("inputHash").GetString());
        Assert.True(after.GetProperty("configVersion").GetInt32() > before.GetProperty("configVersion").GetInt32());
        var bad = await client.PutAsync($"/api/v1/rounds/{roundId}/scoring/config", new StringContent("""{"groupWeights":{"NO-SUCH":1},"minCellSize":0}""", Encoding.UTF8, "application/json"));
        await bad.AssertProblem(400, "validation-failed");
    }

    [Fact]
    public async Task Index_exports_are_csv_with_bom_and_xlsx_with_one_row_per_unit()
    {
        var client = await Designer();
        var roundId = await RoundId();
        await EnsureAppraisal(client, roundId);
        await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null);
        var viewer = await app.CreateClientAs(Roles.Viewer);
        var csv = await viewer.GetByteArrayAsync($"/api/v1/rounds/{roundId}/scoring/export.csv");
        Assert.Equal(Bom, csv[..3]);
        var table = TabularReader.Read(csv, "index.csv");
        Assert.Equal(50, table.Rows.Count);
        Assert.Contains("score_run_id", table.Headers);
        Assert.Contains("survey_3.2.2", table.Headers);
        Assert.All(table.Rows, r => Assert.False(string.IsNullOrEmpty(r.Get("rank"))));
        var xlsx = await viewer.GetByteArrayAsync($"/api/v1/rounds/{roundId}/scoring/export.xlsx");
        Assert.Equal((byte)'P', xlsx[0]);
        var sheet = TabularReader.Read(xlsx, "index.xlsx");
        Assert.Equal(50, sheet.Rows.Count);
        Assert.Equal(table.Rows[0].Get("unit_code"), sheet.Rows[0].Get("unit_code"));
        // Viewers read results but cannot run scoring.
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).StatusCode);
    }

    [Fact]
    public async Task Cells_under_k_respondents_are_withheld_in_exports_the_api_and_the_unit_page()
    {
        var client = await Designer();
        var roundId = await RoundId();
        await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null);
        var cells = TabularReader.Read(await client.GetByteArrayAsync($"/api/v1/rounds/{roundId}/scoring/cells.csv"), "cells.csv");
        var withheld = cells.Rows.Where(r => r.Get("suppressed") == "1").ToList();
        Assert.NotEmpty(withheld);
        Assert.All(withheld, r => { Assert.Equal("", r.Get("share")); Assert.Equal("", r.Get("respondents")); });
        Assert.All(cells.Rows.Where(r => r.Get("suppressed") == "0"), r => Assert.True(int.Parse(r.Get("respondents"), CultureInfo.InvariantCulture) >= 5));

        var report = await (await client.GetAsync($"/api/v1/rounds/{roundId}/scoring/runs/latest")).ReadJson();
        var hidden = report.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("share").GetProperty("suppressed").GetBoolean()).ToList();
        Assert.NotEmpty(hidden);
        Assert.All(hidden, c => Assert.Equal(0, c.GetProperty("share").GetProperty("respondents").GetInt32()));

        var unit = withheld[0].Get("unit_code");
        var page = await client.GetStringAsync($"/rounds/{roundId}/scoring/units/{unit}");
        Assert.Contains("class=\"suppressed\"", page);
        Assert.Contains("ẩn", page);
        var reportPage = await client.GetStringAsync($"/rounds/{roundId}/scoring");
        Assert.Contains("%", reportPage);
        Assert.Matches(@"\d+,\d\d%", reportPage); // vi-VN: 84,44%
    }

    [Fact]
    public async Task Appraisal_import_reports_errors_by_line_and_writes_nothing()
    {
        var client = await Designer();
        var roundId = await RoundId();
        var before = await app.WithDb(db => db.AppraisedScores.CountAsync());
        var csv = "unit,criterion,appraisal_round,points\nSO-NV,1.1.1,2,1\nNO-UNIT,1.1.1,1,1\nSO-NV,1.1.2,1,1\nSO-NV,1.2.1,1,999\nSO-NV,1.1.1,3,1\n";
        var response = await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/appraisal?fileName=a.csv", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var problem = await response.AssertProblem(400, "import-rejected");
        var lines = problem.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([3, 4, 5, 6], lines);
        Assert.Equal(before, await app.WithDb(db => db.AppraisedScores.CountAsync()));
    }

    [Fact]
    public async Task Response_data_exports_stream_long_and_wide_forms_with_a_codebook()
    {
        var client = await Designer();
        var roundId = await RoundId();
        var longCsv = await client.GetByteArrayAsync($"/api/v1/rounds/{roundId}/data/long.csv");
        Assert.Equal(Bom, longCsv[..3]);
        var rows = TabularReader.Read(longCsv, "long.csv");
        Assert.Equal(["response_id", "group", "questionnaire_version", "unit_code", "item_id", "answer"], rows.Headers);
        Assert.True(rows.Rows.Count > 1000);
        var wide = TabularReader.Read(await client.GetByteArrayAsync($"/api/v1/rounds/{roundId}/data/wide.csv?group=SO-HDND"), "wide.csv");
        Assert.Contains("a1_plan", wide.Headers);
        Assert.All(wide.Rows, r => Assert.StartsWith("SO-", r.Get("unit_code")));
        var codebook = TabularReader.Read(await client.GetByteArrayAsync($"/api/v1/rounds/{roundId}/data/codebook.csv"), "codebook.csv");
        Assert.Contains(codebook.Rows, r => r.Get("item_id") == "a1_plan" && r.Get("scoring_target") == "1.1");
        var viewer = await app.CreateClientAs(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/v1/rounds/{roundId}/data/long.csv")).StatusCode);
    }

    [Fact]
    public async Task Long_csv_is_byte_for_byte_its_rows_written_one_line_each()
    {
        // The long CSV is written in blocks for speed; it must stay exactly the generic CSV of LongRows (quoting, formula guard, nulls).
        var roundId = await RoundId();
        var (fast, expected) = await app.WithDb(async db =>
        {
            using var stream = new MemoryStream();
            await ParIndex.Web.Features.Scoring.DataExports.WriteLongAsync(db, roundId, stream, default);
            var text = new StringBuilder();
            text.Append(string.Join(',', ParIndex.Web.Features.Scoring.DataExports.LongHeader.Select(ParIndex.Web.Features.Scoring.ScoringExports.Quote))).Append('\n');
            await foreach (var row in ParIndex.Web.Features.Scoring.DataExports.LongRows(db, roundId, default))
                text.Append(string.Join(',', row.Select(ParIndex.Web.Features.Scoring.ScoringExports.Field))).Append('\n');
            return (stream.ToArray(), Bom.Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray());
        });
        Assert.True(expected.Length > 100_000, "the demo round has answers");
        Assert.Equal(expected, fast);
    }
}
