using Microsoft.Playwright;

namespace ParIndex.Web.Tests.Browser;

/// <summary>Walks the section-by-section phone form the way a respondent does.</summary>
public static class PhoneForm
{
    /// <summary>
    /// Answers every screen and presses Next until the last screen, then Submit; returns the number of screens seen.
    /// <paramref name="onScreen"/> looks at each screen (its number, from 1) as it is first shown, before it is answered.
    /// </summary>
    public static async Task<int> AnswerToTheEnd(IPage page, int maxScreens = 500, int? stopAfter = null, Func<IPage, int, Task>? onScreen = null)
    {
        for (var seen = 1; seen <= maxScreens; seen++)
        {
            if (onScreen is not null) await onScreen(page, seen);
            await FormFiller.AnswerAll(page);
            // An answer may show a follow-up question on the same screen (skip.js): answer what appeared too.
            await FormFiller.AnswerAll(page);
            if (await page.Locator("#submit").CountAsync() > 0)
            {
                await page.Locator("#submit").ClickAsync();
                return seen;
            }
            var progress = await page.Locator("#step-progress").InnerTextAsync();
            // Every rendering of a screen stamps a new shownAt: wait for the next one.
            var shown = await page.Locator("input[name=shownAt]").InputValueAsync();
            await page.Locator("#next").ClickAsync();
            await Assertions.Expect(page.Locator("input[name=shownAt]")).Not.ToHaveValueAsync(shown);
            if (stopAfter == seen) return seen;
            // Still on the same screen means the server refused it (or opened follow-up questions): answer again.
            if (await page.Locator("#step-progress").InnerTextAsync() == progress && await page.Locator(".error").CountAsync() > 0)
                throw new InvalidOperationException($"The screen was refused: {await page.Locator(".error").First.InnerTextAsync()}");
        }
        throw new InvalidOperationException("The form did not end.");
    }
}
