using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParIndex.Web.Features.Sampling;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Browser;

/// <summary>
/// Issue #18 item 1 in a real Chromium with a Vietnamese locale, on a phone and on a laptop: the respondent groups and
/// the criteria tree saved unchanged change nothing, and the draw form's reserve ratio 0,3 draws about 30% reserves —
/// also when the size comes from a formula.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class VietnameseFormsBrowserTests(Chromium chromium) : IDisposable
{
    private readonly ParIndexFactory app = new();

    public void Dispose() => app.Dispose();

    private static readonly HashSet<string> NotCompared = ["AuditEntries", "DataProtectionKeys"];

    [Theory]
    [InlineData(390, 844)]
    [InlineData(1366, 768)]
    public async Task Saving_groups_and_criteria_unchanged_changes_nothing_and_reserve_0_3_draws_30_percent(int width, int height)
    {
        var root = app.StartKestrel();
        var (roundId, unitType, versionId) = await app.WithDb(async db =>
        {
            var round = await db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
            var type = await db.UnitTypes.Where(t => t.RoundId == round).OrderBy(t => t.SortOrder).Select(t => t.Code).FirstAsync();
            var frame = await File.ReadAllBytesAsync(Path.Combine(RunCommandTests.RepositoryRoot(), "sampling", "frame-so-dan.csv"));
            var import = await ImportFrame.Handle(db, round, "Người dân đánh giá Sở", frame, "frame-so-dan.csv", false, "tests", DateTime.UtcNow, default);
            return (round, type, import.Version!.Id);
        });
        var (email, password) = await app.AccountFor(Roles.Admin);
        await using var context = await chromium.Browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(root, "/login").ToString());
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("#login");
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        // Groups: every group's "Lưu", pressed twice, keeps every weight.
        await page.GotoAsync(new Uri(root, $"/rounds/{roundId}/groups").ToString());
        var weights = await page.Locator("input[name=ScoreWeight]").EvaluateAllAsync<string[]>("xs => xs.map(x => x.value)");
        var before = DatabaseSnapshot.Take(app.DatabasePath, NotCompared);
        for (var press = 0; press < 2; press++)
        {
            await page.Locator("form.grid-form button:not(.danger)").First.ClickAsync();
            await Assertions.Expect(page.Locator("p.ok")).ToHaveTextAsync("Đã lưu.");
            await Assertions.Expect(page.Locator(".errors")).ToHaveCountAsync(0);
        }
        Assert.Equal(weights, await page.Locator("input[name=ScoreWeight]").EvaluateAllAsync<string[]>("xs => xs.map(x => x.value)"));
        Assert.Empty(before.Differences(DatabaseSnapshot.Take(app.DatabasePath, NotCompared)));

        // Criteria: the unchanged tree is accepted and nothing is written (the page says there was nothing to save).
        await page.GotoAsync(new Uri(root, $"/rounds/{roundId}/criteria/{unitType}").ToString());
        await page.ClickAsync("button:has-text('Lưu bộ tiêu chí')");
        await Assertions.Expect(page.Locator("p.ok")).ToHaveTextAsync("Không có thay đổi nào để lưu.");
        await Assertions.Expect(page.Locator(".errors")).ToHaveCountAsync(0);
        Assert.Empty(before.Differences(DatabaseSnapshot.Take(app.DatabasePath, NotCompared)));

        // Draw: reserve 0,3 of 10 per stratum is ⌈3⌉ per stratum, 30% — previewed, by formula, then drawn.
        await page.GotoAsync(new Uri(root, $"/rounds/{roundId}/sampling/draw?version={versionId}").ToString());
        await page.FillAsync("input[name='Design.ReserveRatio']", "0.3");
        await page.ClickAsync("#preview");
        await page.ExpectAsync("#preview-summary");
        var (officials, reserves) = Counts(await page.InnerTextAsync("#preview-summary"));
        Assert.True(officials > 0);
        Assert.InRange(reserves / (double)officials, 0.29, 0.40);
        Assert.Equal("0.3", await page.InputValueAsync("input[name='Design.ReserveRatio']"));

        await page.SelectOptionAsync("#size-mode", "formula");
        await page.ClickAsync("#preview");
        await page.ExpectAsync("#preview-summary");
        await Assertions.Expect(page.Locator("#draw-error")).ToHaveCountAsync(0);
        var (byFormula, reservesByFormula) = Counts(await page.InnerTextAsync("#preview-summary"));
        Assert.True(byFormula > 0);
        Assert.InRange(reservesByFormula / (double)byFormula, 0.29, 0.40);
        Assert.Equal("0.95", await page.InputValueAsync("input[name='Design.Confidence']"));

        await page.SelectOptionAsync("#size-mode", "count");
        await page.ClickAsync("#draw");
        await page.WaitForURLAsync(new Regex("/sampling/draws/\\d+$"));
        var draw = await app.WithDb(db => db.SampleDraws.OrderByDescending(d => d.Id).FirstAsync());
        Assert.InRange(draw.Reserves / (double)draw.Officials, 0.29, 0.40);
    }

    private static (int Officials, int Reserves) Counts(string summary)
    {
        var m = Summary().Match(summary);
        Assert.True(m.Success, summary);
        return (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
    }

    [GeneratedRegex(@"(\d+) người chính thức, (\d+) dự phòng")]
    private static partial Regex Summary();
}
