using Microsoft.Playwright;
using ParIndex.Web.Tests.Browser;
using static ParIndex.Web.Tests.Features.Publication.PublicationApp;

namespace ParIndex.Web.Tests.Features.Publication;

/// <summary>
/// The public results site in a real Chromium, as citizens and journalists open it: a phone (390×844) and a laptop
/// (1366×768), with JavaScript on and off, <c>vi-VN</c>. Every figure shown is asserted against the score run the
/// publication was taken from (the engine's own result, k = 5 applied there), not against the snapshot.
/// </summary>
[Collection(PublicationCollection.Name)]
public sealed class PublicSiteBrowserTests(PublicationApp app, Chromium chromium)
{
    public static TheoryData<int, int, bool> Screens => new() { { 390, 844, true }, { 390, 844, false }, { 1366, 768, true }, { 1366, 768, false } };

    private Task<IBrowserContext> Context(int width, int height, bool javaScript) => chromium.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = width, Height = height },
        IsMobile = width < 500,
        HasTouch = width < 500,
        JavaScriptEnabled = javaScript,
        Locale = "vi-VN",
    });

    private static string Expected(ParIndex.Core.Scoring.Estimate? e) =>
        e is null ? "—" : e.Suppressed ? "ẩn (dưới 5 người trả lời)" : e.Value is null ? "không có số liệu" : Percent(e.Value);

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task The_overview_and_a_merged_units_scorecard_show_the_score_runs_figures_readably(int width, int height, bool javaScript)
    {
        var (_, run) = await app.PublishedRun(Published);
        await using var context = await Context(width, height, javaScript);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync(new Uri(app.Root, $"/cong-bo/{Published}").ToString());
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Chỉ số CCHC 2025");
        Assert.Equal("vi", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal(run.Units.Count, await page.Locator("tr[data-unit]").CountAsync());
        foreach (var u in run.Units)
        {
            var cells = page.Locator($"tr[data-unit='{u.UnitCode}'] > td");
            var index = (await cells.Nth(2).InnerTextAsync()).Trim();
            Assert.StartsWith(u.Index is { } i ? Points(i) : u.SurveyPoints.Suppressed ? "ẩn (dưới 5 người trả lời)" : "—", index);
            var sipas = (await cells.Nth(3).InnerTextAsync()).Trim();
            Assert.StartsWith(Expected(u.Sipas.FirstOrDefault(f => f.Code == "sipas")?.Share), sipas);
            Assert.Equal(u.Rank is { } r ? (u.Tied ? $"{r}=" : $"{r}") : "—", (await cells.Nth(0).InnerTextAsync()).Trim().Split('\n')[0].Trim());
        }
        // The city's SIPAS per unit type as the engine pooled it.
        foreach (var (type, figures) in run.SipasByUnitType)
            if (figures.FirstOrDefault(f => f.Code == "sipas") is { Share.Value: { } city })
                Assert.Contains(Percent(city), await page.Locator(".cards").InnerTextAsync());
        // Readable at the width: nothing sticks out of the page sideways (wide tables scroll inside their own box).
        Assert.True((await page.Locator("main").BoundingBoxAsync())!.Width <= width, "the page is wider than the screen");
        if (javaScript) Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= width + 1);

        // Filter by unit type and sort by SIPAS through plain links (no script needed).
        await page.Locator("nav[aria-label='Lọc theo loại đơn vị'] a").Nth(2).ClickAsync();
        var xa = run.Units.Where(u => u.UnitType == "XA").ToList();
        Assert.Equal(xa.Count, await page.Locator("tr[data-unit]").CountAsync());
        await page.Locator("th a", new() { HasTextString = "SIPAS" }).First.ClickAsync();
        var firstBySipas = xa.Where(u => u.Sipas.FirstOrDefault(f => f.Code == "sipas")?.Share.Value is not null)
            .OrderByDescending(u => u.Sipas.First(f => f.Code == "sipas").Share.Value).First();
        Assert.Equal(firstBySipas.UnitCode, await page.Locator("tr[data-unit]").First.GetAttributeAsync("data-unit"));

        // A department formed by the 2025 mergers: its scorecard, reached by its link.
        await page.GotoAsync(new Uri(app.Root, $"/cong-bo/{Published}").ToString());
        var nv = run.Units.Single(u => u.UnitCode == "SO-NV");
        await page.Locator("tr[data-unit='SO-NV'] a").First.ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(nv.UnitName);
        Assert.Equal(Points(nv.Index), (await page.Locator(".card [data-figure='index']").InnerTextAsync()).Trim());
        Assert.Equal(Expected(nv.Sipas.First(f => f.Code == "sipas").Share), (await page.Locator(".card [data-figure='sipas']").InnerTextAsync()).Trim());
        foreach (var c in nv.SurveyCriteria.Where(c => c.Points.Value is not null))
            Assert.Contains(Points(c.Points.Value), await page.Locator("table.criteria").InnerTextAsync());
        var lineage = await page.Locator("p.note", new() { HasTextString = "Hình thành từ" }).InnerTextAsync();
        Assert.Contains("Sở Lao động - Thương binh và Xã hội", lineage);
        Assert.Contains("40%", lineage);
        Assert.Equal(1, await page.Locator("table.changes tr[data-figure='index']").CountAsync());
        // Server-drawn charts, each with a text alternative.
        var charts = page.Locator("svg[role='img']");
        Assert.True(await charts.CountAsync() >= 2);
        foreach (var chart in await charts.AllAsync())
        {
            Assert.False(string.IsNullOrWhiteSpace(await chart.Locator("title").First.TextContentAsync()));
            Assert.False(string.IsNullOrWhiteSpace(await chart.Locator("desc").First.TextContentAsync()));
        }
        Assert.True((await page.Locator("main").BoundingBoxAsync())!.Width <= width, "the scorecard is wider than the screen");
        Assert.DoesNotContain("CCHC-2026", await page.ContentAsync());
    }
}
