using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Scoring.Pages;

/// <summary>
/// Issue 21 items 5 and 6: the scored demo round shows city-wide figures, SIPAS by field and channel and each configured
/// target in force (met / not met / not distinguishable) on the report and unit pages, in Vietnamese, and the API carries them.
/// </summary>
public sealed class TargetsOnPagesTests(TargetsOnPagesTests.App app) : IClassFixture<TargetsOnPagesTests.App>
{
    public sealed class App : ParIndexFactory;

    private static readonly string[] Verdicts = ["Đạt", "Chưa đạt", "Chưa phân định được", "Không có số liệu"];

    [Fact]
    public async Task The_report_and_unit_pages_show_city_figures_sector_sipas_and_targets_in_vietnamese()
    {
        var client = await app.CreateClientAs(Roles.Designer);
        var roundId = await app.WithDb(db => db.Rounds.Where(r => r.Code == DemoData.RoundCode).Select(r => r.Id).FirstAsync());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).StatusCode);

        var report = await (await client.GetAsync($"/api/v1/rounds/{roundId}/scoring/runs/latest")).ReadJson();
        var checks = report.GetProperty("targetChecks").EnumerateArray().ToList();
        Assert.NotEmpty(checks);
        Assert.Contains(checks, c => c.GetProperty("scope").GetString() == "city" && c.GetProperty("figure").GetString() == "sipas");
        Assert.Contains(report.GetProperty("city").EnumerateArray(), f => f.GetProperty("code").GetString()!.StartsWith("field:", StringComparison.Ordinal));

        var csv = await client.GetByteArrayAsync($"/api/v1/rounds/{roundId}/scoring/targets.csv");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        var table = ParIndex.Core.Tabular.TabularReader.Read(csv, "targets.csv");
        Assert.Equal(checks.Count, table.Rows.Count);
        Assert.All(table.Rows, r => Assert.Contains(r.Get("status"), new[] { "met", "not_met", "indistinguishable", "no_figure" }));
        Assert.All(table.Rows.Where(r => r.Get("status") == "no_figure"), r => Assert.Equal("", r.Get("value")));

        var page = await client.GetStringAsync($"/rounds/{roundId}/scoring");
        Assert.Contains("id=\"city-target-checks\"", page);
        Assert.Contains("id=\"city-figures\"", page);
        Assert.Contains(Verdicts, v => page.Contains(v, StringComparison.Ordinal));
        Assert.Matches(@"≥ \d+,\d\d%", page); // a percent target in vi-VN: ≥ 87,00%
        // No raw figure codes in the Vietnamese tables.
        var tables = Regex.Matches(page, "<table id=\"city-(target-checks|figures)\">.*?</table>", RegexOptions.Singleline).Select(m => m.Value).ToList();
        Assert.All(tables, t => Assert.DoesNotMatch(@">\s*(field|channel|sector):", t));

        var unit = report.GetProperty("units").EnumerateArray().First(u => u.GetProperty("sipasBreakdowns").GetArrayLength() > 0).GetProperty("unitCode").GetString();
        var unitPage = await client.GetStringAsync($"/rounds/{roundId}/scoring/units/{unit}");
        Assert.Contains("id=\"sipas-breakdowns\"", unitPage);
        Assert.Contains("id=\"unit-target-checks\"", unitPage);
        Assert.DoesNotMatch(@"<td>(field|channel|sector):", unitPage);
    }
}
