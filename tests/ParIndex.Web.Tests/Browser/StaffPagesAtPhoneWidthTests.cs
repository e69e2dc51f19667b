using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using ParIndex.Web.Tests.Security;
using Xunit.Abstractions;

namespace ParIndex.Web.Tests.Browser;

/// <summary>
/// Every staff page (enumerated from the app's endpoints, so a new page is covered without editing this test), opened as
/// Admin at 390×844 in vi-VN: the page does not scroll sideways (scrollWidth ≤ clientWidth).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffPagesAtPhoneWidthTests(Chromium chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ParIndexFactory app = new();
    private Uri baseUrl = null!;

    public Task InitializeAsync()
    {
        baseUrl = app.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task No_staff_page_scrolls_sideways_on_a_390_px_phone()
    {
        var roundId = await app.WithDb(db => db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var pages = EndpointMatrixTests.Endpoints(app.Services)
            .Where(e => e.Key.StartsWith("GET /", StringComparison.Ordinal) && !e.IsApi && !e.Key.Contains("{token}") && !e.Key.Contains("{slug}")
                        && !e.Key.StartsWith("GET /lang", StringComparison.Ordinal) && !e.Key.StartsWith("GET /problems", StringComparison.Ordinal))
            .Select(e => RouteSamples.Fill(e.Key[4..], roundId, "SO")).Distinct().ToList();
        var (email, password) = await app.AccountFor(Roles.Admin);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(baseUrl, "/login").ToString());
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("#login");
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        var wide = new List<string>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var path in pages)
        {
            var response = await page.GotoAsync(new Uri(baseUrl, path).ToString(), new() { WaitUntil = WaitUntilState.Load });
            if (response is null || !(response.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal))) continue;
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            var (scroll, client) = (widths[0], widths[1]);
            if (scroll > client)
            {
                var culprit = await page.EvaluateAsync<string>("""
                    () => { const w = document.documentElement.clientWidth; let worst = null;
                      for (const e of document.querySelectorAll('main *')) { const r = e.getBoundingClientRect(); if (r.right > w + 1 && (!worst || r.right > worst.r)) worst = { r: r.right, d: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '') }; }
                      return worst ? worst.d + ' to ' + Math.round(worst.r) + ' px' : '?'; }
                    """);
                wide.Add($"{path}: {scroll} px wide in {client} px ({culprit})");
            }
        }
        output.WriteLine($"{pages.Count} pages in {started.Elapsed.TotalSeconds:0.0} s");
        Assert.True(wide.Count == 0, "Pages that scroll sideways at 390 px:\n" + string.Join("\n", wide));
    }
}
