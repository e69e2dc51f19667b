using Microsoft.Playwright;

namespace ParIndex.Web.Tests.Browser;

/// <summary>
/// One headless Debian Chromium (driven by Playwright) for the browser tests. The flags keep Chromium from reaching
/// for the network at start (this machine has none besides loopback).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: run tests/run.sh, which installs Debian's chromium.");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context the size of a common phone (390×844), as respondents use it.</summary>
    public Task<IBrowserContext> NewPhoneContext(bool javaScript = true) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        IsMobile = true,
        HasTouch = true,
        JavaScriptEnabled = javaScript,
        UserAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
        Locale = "vi-VN",
    });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Chromium>
{
    public const string Name = "browser";
}

public static class FormFiller
{
    /// <summary>
    /// Answers every visible question of a respondent form the way a person would: the 4th point of a scale
    /// ("satisfied") or the first option, a number inside the allowed range, a date, a short text where required.
    /// </summary>
    public static async Task AnswerAll(IPage page)
    {
        foreach (var fieldset in await page.Locator("fieldset.q:visible").AllAsync())
        {
            var radios = fieldset.Locator("input[type=radio]");
            if (await radios.CountAsync() > 0)
            {
                var four = fieldset.Locator("input[type=radio][value='4']");
                await (await four.CountAsync() > 0 ? four : radios.First).CheckAsync();
                continue;
            }
            var boxes = fieldset.Locator("input[type=checkbox]");
            if (await boxes.CountAsync() > 0) { await boxes.First.CheckAsync(); continue; }
            var number = fieldset.Locator("input[type=number]");
            if (await number.CountAsync() > 0)
            {
                // 30, or the nearest value the item allows.
                var min = await number.GetAttributeAsync("min");
                var max = await number.GetAttributeAsync("max");
                var value = 30.0;
                if (!string.IsNullOrEmpty(min)) value = Math.Max(double.Parse(min, System.Globalization.CultureInfo.InvariantCulture), value);
                if (!string.IsNullOrEmpty(max)) value = Math.Min(double.Parse(max, System.Globalization.CultureInfo.InvariantCulture), value);
                await number.FillAsync(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }
            var date = fieldset.Locator("input[type=date]");
            if (await date.CountAsync() > 0) { await date.FillAsync("2026-05-04"); continue; }
            var legend = await fieldset.Locator("legend").InnerTextAsync();
            if (legend.TrimEnd().EndsWith('*'))
            {
                var text = fieldset.Locator("input[type=text], textarea");
                if (await text.CountAsync() > 0) await text.First.FillAsync("Không có ý kiến");
            }
        }
    }
}

public static class PageWaits
{
    /// <summary>
    /// Waits for <paramref name="selector"/>; when it never comes, fails with the page's address and visible text, so a
    /// failure shows what the page said instead of only a timeout.
    /// </summary>
    public static async Task ExpectAsync(this IPage page, string selector, float timeoutMs = 30_000)
    {
        try
        {
            await page.WaitForSelectorAsync(selector, new PageWaitForSelectorOptions { Timeout = timeoutMs });
        }
        catch (TimeoutException)
        {
            string text;
            try { text = await page.InnerTextAsync("body", new PageInnerTextOptions { Timeout = 2_000 }); }
            catch (PlaywrightException e) { text = $"(the page's text could not be read: {e.Message})"; }
            if (text.Length > 4_000) text = text[..4_000] + "…";
            throw new Xunit.Sdk.XunitException($"{selector} did not appear within {timeoutMs / 1000:0} s on {page.Url}. The page said:\n{text}");
        }
    }
}
