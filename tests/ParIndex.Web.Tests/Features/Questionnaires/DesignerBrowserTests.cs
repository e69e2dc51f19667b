using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using ParIndex.Web.Tests.Browser;

namespace ParIndex.Web.Tests.Features.Questionnaires;

/// <summary>
/// The designer in a real Chromium: editing a question's label updates the 360 px phone preview without a save,
/// publishing freezes the version, and editing the published version opens the next draft while the responses
/// collected on version 1 stay readable.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DesignerBrowserTests(Chromium chromium) : IAsyncLifetime
{
    private sealed class OwnApp : ParIndexFactory;

    private readonly OwnApp app = new();
    private string baseUrl = "";

    public Task InitializeAsync()
    {
        baseUrl = app.StartKestrel().ToString().TrimEnd('/');
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Editing_a_label_updates_the_preview_publishing_freezes_and_a_later_edit_opens_a_new_version()
    {
        var (email, password) = await app.AccountFor(Roles.Designer);
        var (v1, v1Responses, v1Label) = await app.WithDb(async db =>
        {
            var v = await db.QuestionnaireVersions.Where(x => x.Questionnaire!.RespondentGroup!.Code == "XA-DAN" && x.Number == 1).FirstAsync();
            var label = ParIndex.Core.Questionnaires.QuestionnaireSerializer.FromJson(v.DefinitionJson).Sections[0].Items[0].Label!["vi"];
            return (v.Id, await db.Responses.CountAsync(r => r.QuestionnaireVersionId == v.Id && r.Status == ResponseStatus.Submitted), label);
        });
        Assert.True(v1Responses > 0);

        await using var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 }, Locale = "vi-VN" });
        var page = await context.NewPageAsync();
        var cspErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error" && m.Text.Contains("Content Security Policy")) cspErrors.Add(m.Text); };
        page.Dialog += async (_, d) => await d.AcceptAsync();

        await page.GotoAsync($"{baseUrl}/login?returnUrl=/questionnaires/versions/{v1}/edit");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("#login");
        await page.WaitForURLAsync($"{baseUrl}/questionnaires/versions/{v1}/edit");

        // Version 1 is published: the designer offers a new draft instead of editing it.
        await Assertions.Expect(page.Locator("#frozen")).ToBeVisibleAsync();
        await page.ClickAsync("#new-draft");
        await Assertions.Expect(page.Locator("#edit-status")).ToHaveTextAsync("bản nháp");
        var v2 = int.Parse(page.Url.Split('/')[^2]);
        Assert.NotEqual(v1, v2);

        // The preview is 360 px wide and follows the label as it is typed, before any save.
        var preview = page.Locator("aside.phone-preview");
        Assert.Equal(360, (int)Math.Round((await preview.BoundingBoxAsync())!.Width));
        const string label = "Ông/Bà đã đến bộ phận một cửa mấy lần? (thử trên trình duyệt)";
        await page.FillAsync("input[name='sections[0].items[0].label.vi']", label);
        await Assertions.Expect(page.Locator("#preview")).ToContainTextAsync(label, new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#preview fieldset.q").First).ToBeVisibleAsync();

        // Publish (the confirm dialog is accepted): the version is frozen with its hash.
        await page.ClickAsync("#publish");
        await page.WaitForURLAsync($"{baseUrl}/questionnaires/versions/{v2}?published=1");
        await Assertions.Expect(page.Locator("#version-status")).ToHaveAttributeAsync("data-status", "Published");
        await Assertions.Expect(page.Locator("#content-hash")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[0-9a-f]{64}$"));
        await Assertions.Expect(page.Locator(".phone-preview")).ToContainTextAsync(label);

        // Editing it again opens the next draft version; the published one stays as it was.
        await page.ClickAsync("#edit-link");
        await page.ClickAsync("#new-draft");
        await Assertions.Expect(page.Locator("#edit-status")).ToHaveTextAsync("bản nháp");
        var v3 = int.Parse(page.Url.Split('/')[^2]);
        Assert.NotEqual(v2, v3);
        var numbers = await app.WithDb(db => db.QuestionnaireVersions.Where(v => v.Id == v2 || v.Id == v3).OrderBy(v => v.Id).Select(v => new { v.Number, v.Status }).ToListAsync());
        Assert.Equal(QuestionnaireVersionStatus.Published, numbers[0].Status);
        Assert.Equal(numbers[0].Number + 1, numbers[1].Number);
        Assert.Equal(QuestionnaireVersionStatus.Draft, numbers[1].Status);

        // Version 1's responses are still readable against version 1's own questions.
        await page.GotoAsync($"{baseUrl}/questionnaires/versions/{v1}");
        await Assertions.Expect(page.Locator("#responses")).ToHaveAttributeAsync("data-submitted", v1Responses.ToString());
        await Assertions.Expect(page.Locator("#answer-counts")).ToContainTextAsync(v1Label);
        await Assertions.Expect(page.Locator(".phone-preview")).Not.ToContainTextAsync(label);
        Assert.Empty(cspErrors);
    }
}
