using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Scoring;
using ParIndex.Core.Tabular;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Features.Scoring;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Scoring;

/// <summary>
/// Issue 21 item 11: the export for the city's index system (docs/index-system-export.md) — CSV (UTF-8 with BOM) and XLSX
/// read back: every criterion of every unit present, withheld figures marked and without a number, decimals with '.'.
/// </summary>
public sealed class IndexSystemExportTests(IndexSystemExportTests.App app) : IClassFixture<IndexSystemExportTests.App>
{
    public sealed class App : ParIndexFactory;

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static readonly string[] Statuses = [IndexSystemExport.Ok, IndexSystemExport.Suppressed, IndexSystemExport.Missing];

    /// <summary>Checks one exported table against the round's criteria and units.</summary>
    private static void AssertComplete(TabularFile table, IReadOnlyList<ScoringCriterion> criteria, IReadOnlyCollection<(string Type, string Unit)> units)
    {
        Assert.Equal(IndexSystemExport.Header, table.Headers);
        foreach (var (type, unit) in units)
        {
            var rows = table.Rows.Where(r => r.Get("unit_code") == unit).ToList();
            var expected = criteria.Where(c => c.UnitType == type).Select(c => c.Code)
                .Concat([IndexSystemExport.SurveyTotal, IndexSystemExport.AppraisalTotal, IndexSystemExport.IndexTotal, IndexSystemExport.SipasTotal]).ToList();
            Assert.Equal(expected, rows.Select(r => r.Get("criterion_code")).ToList());
        }
        Assert.Equal(units.Count, table.Rows.Select(r => r.Get("unit_code")).Distinct().Count());
        foreach (var r in table.Rows)
        {
            Assert.Contains(r.Get("status"), Statuses);
            Assert.Equal(IndexSystemExport.Layout, r.Get("layout"));
            if (r.Get("status") != IndexSystemExport.Ok)
                Assert.True(r.Get("points") == "" && r.Get("se") == "" && r.Get("lower") == "" && r.Get("upper") == "", $"{r.Get("unit_code")} {r.Get("criterion_code")} carries a number");
            foreach (var column in new[] { "max_points", "points", "se", "lower", "upper" })
            {
                var text = r.Get(column);
                if (text == "") continue;
                Assert.DoesNotContain(",", text);
                Assert.True(double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), $"{column} = {text}");
            }
        }
    }

    [Fact]
    public async Task The_demo_rounds_scores_export_every_criterion_of_every_unit_in_csv_and_xlsx()
    {
        var designer = await app.CreateClientAs(Roles.Designer);
        var roundId = await app.WithDb(db => db.Rounds.Where(r => r.Code == DemoData.RoundCode).Select(r => r.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.Created, (await designer.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).StatusCode);
        var viewer = await app.CreateClientAs(Roles.Viewer);

        var csv = await viewer.GetByteArrayAsync($"/api/v1/rounds/{roundId}/scoring/index-system.csv");
        Assert.Equal(Bom, csv[..3]);
        var xlsx = await viewer.GetByteArrayAsync($"/api/v1/rounds/{roundId}/scoring/index-system.xlsx");
        var (criteria, units) = await app.WithDb(async db => (
            await IndexSystemExport.CriteriaAsync(db, roundId, default),
            await db.Units.Where(u => u.RoundId == roundId).Join(db.UnitTypes, u => u.UnitTypeId, t => t.Id, (u, t) => new { t.Code, Unit = u.Code }).ToListAsync()));
        var expectedUnits = units.Select(u => (u.Code, u.Unit)).ToList();
        var fromCsv = TabularReader.Read(csv, "index-system.csv");
        var fromXlsx = TabularReader.Read(xlsx, "index-system.xlsx");
        AssertComplete(fromCsv, criteria, expectedUnits);
        AssertComplete(fromXlsx, criteria, expectedUnits);
        Assert.Equal(fromCsv.Rows.Select(r => (r.Get("unit_code"), r.Get("criterion_code"), r.Get("status"))), fromXlsx.Rows.Select(r => (r.Get("unit_code"), r.Get("criterion_code"), r.Get("status"))));
        // Appraised points rest on no respondent: never withheld.
        Assert.All(fromCsv.Rows.Where(r => r.Get("level") == "leaf" && r.Get("component") == "appraisal"), r => Assert.NotEqual(IndexSystemExport.Suppressed, r.Get("status")));
        Assert.Contains(fromCsv.Rows, r => r.Get("component") == "survey" && r.Get("status") == IndexSystemExport.Ok);
    }

    [Fact]
    public async Task A_unit_with_fewer_than_five_respondents_is_exported_suppressed_without_numbers_and_decimals_use_a_point()
    {
        // Two units of one type: SO01 rated by 12 people, SO02 by 3 (under k = 5).
        var criteria = new[]
        {
            new ScoringCriterion("SO", "1", "Chỉ đạo, điều hành", 30, ScoreComponent.Appraisal),
            new ScoringCriterion("SO", "1.1", "Kế hoạch", 20, ScoreComponent.Appraisal),
            new ScoringCriterion("SO", "1.2", "Đánh giá của đại biểu", 10, ScoreComponent.Survey),
        };
        var units = new[] { new ScoringUnit(1, "SO01", "Sở Một", "SO"), new ScoringUnit(2, "SO02", "Sở Hai", "SO") };
        var config = new ScoringConfiguration { RankDraws = 0 };
        var builder = new ScoringDataBuilder(units, config);
        for (var i = 0; i < 12; i++) builder.Add("HDND", 1, null, null, $"a{i}", 1, null, [new TargetScore("1.2", i % 3 / 2.0, 1)]);
        for (var i = 0; i < 3; i++) builder.Add("HDND", 2, null, null, $"b{i}", 1, null, [new TargetScore("1.2", 1, 1)]);
        var result = ScoringEngine.Score(builder.Build(), criteria, [new AppraisalScore("SO01", "1.1", 2, 17.25m), new AppraisalScore("SO02", "1.1", 2, 18.5m)], config);
        var run = new ScoreRun { Id = 7, InputHash = "h", Engine = result.Engine, CreatedBy = "t", ResultJson = "{}" };
        var rows = IndexSystemExport.Rows("PAR-2026", 2026, run, result, criteria);

        using var csvStream = new MemoryStream();
        await ScoringExports.WriteCsvAsync(csvStream, [.. IndexSystemExport.Header], rows, default);
        using var xlsxStream = new MemoryStream();
        ScoringExports.WriteXlsx(xlsxStream, "index_system", [.. IndexSystemExport.Header], rows);
        var csvBytes = csvStream.ToArray();
        Assert.Equal(Bom, csvBytes[..3]);
        var csvText = Encoding.UTF8.GetString(csvBytes);
        Assert.Contains("17.25", csvText);
        foreach (var table in new[] { TabularReader.Read(csvBytes, "x.csv"), TabularReader.Read(xlsxStream.ToArray(), "x.xlsx") })
        {
            AssertComplete(table, criteria, [("SO", "SO01"), ("SO", "SO02")]);
            string Status(string unit, string code) => table.Rows.Single(r => r.Get("unit_code") == unit && r.Get("criterion_code") == code).Get("status");
            Assert.Equal(IndexSystemExport.Suppressed, Status("SO02", "1.2"));
            Assert.Equal(IndexSystemExport.Suppressed, Status("SO02", "1"));
            Assert.Equal(IndexSystemExport.Suppressed, Status("SO02", IndexSystemExport.IndexTotal));
            Assert.Equal(IndexSystemExport.Ok, Status("SO02", "1.1"));
            Assert.Equal(IndexSystemExport.Ok, Status("SO01", IndexSystemExport.IndexTotal));
            var index = table.Rows.Single(r => r.Get("unit_code") == "SO01" && r.Get("criterion_code") == IndexSystemExport.IndexTotal);
            Assert.Equal(17.25 + 5, double.Parse(index.Get("points"), CultureInfo.InvariantCulture), 2);
            Assert.Equal("18.5", table.Rows.Single(r => r.Get("unit_code") == "SO02" && r.Get("criterion_code") == "1.1").Get("points"));
        }
    }
}
