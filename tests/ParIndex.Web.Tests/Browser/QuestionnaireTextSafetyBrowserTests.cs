using System.Collections;
using System.Net.Http.Json;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Browser;

/// <summary>
/// Questionnaire texts are data, never markup (issue #19, item 10). Every text of the published citizens' questionnaire
/// — title, descriptions, section titles, labels, hints, choices, scale labels, constraint messages — is replaced by an
/// XSS payload (SafeMarkdownTests.Payloads); then every page that renders those texts is opened in Chromium (vi-VN;
/// the phone form at 390×844, staff pages at 1366×768) and its DOM is searched for live markup: a link whose address is
/// not http/https/mailto or on this site, an image from outside, an inline or foreign script, an event-handler
/// attribute, a frame or object. No page may have one and no dialog may open.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class QuestionnaireTextSafetyBrowserTests(Chromium chromium) : IAsyncLifetime
{
    private sealed class OwnApp : ParIndexFactory;

    private readonly OwnApp app = new();
    private Uri root = null!;

    public Task InitializeAsync()
    {
        root = app.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private const string Checker = """
        () => {
          const bad = [];
          const here = location.origin;
          for (const a of document.querySelectorAll('a[href]')) {
            const h = a.getAttribute('href').trim();
            let u; try { u = new URL(h, location.href); } catch { bad.push('unparseable href ' + h); continue; }
            if (!(u.origin === here || ['http:', 'https:', 'mailto:'].includes(u.protocol))) bad.push('link to ' + h);
          }
          for (const i of document.querySelectorAll('img, image, source, video, audio')) {
            const s = i.getAttribute('src') || i.getAttribute('href') || '';
            if (s && !(s.startsWith('data:image/') || new URL(s, location.href).origin === here)) bad.push(i.tagName + ' from ' + s);
          }
          for (const s of document.querySelectorAll('script')) {
            if (s.src) { if (new URL(s.src).origin !== here) bad.push('foreign script ' + s.src); }
            else if (s.type !== 'application/json') bad.push('inline script ' + s.textContent.slice(0, 60));
          }
          for (const e of document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv], foreignObject')) bad.push(e.tagName);
          for (const e of document.querySelectorAll('*')) for (const at of e.attributes) {
            if (at.name.startsWith('on')) bad.push(e.tagName + ' ' + at.name);
            if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(at.name) && /^\s*(javascript|vbscript|data:text)/i.test(at.value)) bad.push(e.tagName + ' ' + at.name + '=' + at.value);
          }
          return bad;
        }
        """;

    /// <summary>Every text of the definition, in every language, replaced by a payload in turn.</summary>
    private static void Poison(object? node, ref int next, HashSet<object> seen)
    {
        if (node is null || node is string || !seen.Add(node)) return;
        if (node is LocalizedText text)
        {
            foreach (var language in text.Keys.DefaultIfEmpty("vi").ToList()) text[language] = SafeMarkdownTests.Payloads[next++ % SafeMarkdownTests.Payloads.Length];
            return;
        }
        if (node is IDictionary dictionary) { foreach (var v in dictionary.Values) Poison(v, ref next, seen); return; }
        if (node is IEnumerable list) { foreach (var v in list) Poison(v, ref next, seen); return; }
        if (node.GetType().Namespace?.StartsWith("ParIndex.Core.Questionnaires", StringComparison.Ordinal) != true) return;
        foreach (var p in node.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.CanRead))
            Poison(p.GetValue(node), ref next, seen);
    }

    [Fact]
    public async Task No_page_that_renders_questionnaire_texts_turns_them_into_live_markup()
    {
        // The citizens' published questionnaire, every text a payload.
        var (roundId, groupId, versionId, questionnaireId) = await app.WithDb(async db =>
        {
            var v = await db.QuestionnaireVersions.Include(x => x.Questionnaire)
                .Where(x => x.Questionnaire!.RespondentGroup!.Code == "XA-DAN" && x.Status == QuestionnaireVersionStatus.Published)
                .OrderByDescending(x => x.Number).FirstAsync();
            var definition = QuestionnaireSerializer.FromJson(v.DefinitionJson);
            var next = 0;
            Poison(definition, ref next, new HashSet<object>(ReferenceEqualityComparer.Instance));
            Assert.True(next >= 20, $"only {next} texts poisoned");
            // And one text in the safe subset, which the print page must still render as markup.
            definition.Title["vi"] = "*Phiếu thử* — [Cổng dịch vụ công](https://dichvucong.hanoi.gov.vn)";
            v.DefinitionJson = QuestionnaireSerializer.ToJson(definition);
            // A new hash, so no cache of this process (definitions, answer engines) serves the clean text.
            v.ContentHash = QuestionnaireSerializer.ContentHash(definition);
            await db.SaveChangesAsync();
            return (v.Questionnaire!.RoundId, v.Questionnaire.RespondentGroupId, v.Id, v.QuestionnaireId);
        });
        var (token, respondentId) = await app.IssueTokenAsync();
        var code = await app.WithDb(db => db.Respondents.Where(r => r.RespondentGroupId == groupId && r.Id != respondentId && !db.Responses.Any(x => x.RespondentId == r.Id))
            .OrderByDescending(r => r.Id).Select(r => r.Code).FirstAsync());
        var unitId = await app.WithDb(db => db.Respondents.Where(r => r.Id == respondentId).Select(r => r.UnitId).SingleAsync());
        var (email, password) = await app.AccountFor(Roles.Admin);
        using var designer = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = root };
        (await designer.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).EnsureSuccessStatusCode();
        var link = await designer.PostAsJsonAsync($"/api/v1/rounds/{roundId}/public-links", new { unitId, groupId, quota = 5 });
        Assert.True(link.IsSuccessStatusCode, await link.Content.ReadAsStringAsync());
        var publicPath = new Uri((await link.ReadJson()).GetProperty("link").GetString()!).AbsolutePath;

        var failures = new List<string>();
        var dialogs = new List<string>();
        await using (var phone = await chromium.NewPhoneContext())
        {
            foreach (var path in new[] { $"/r/{token}", publicPath })
                failures.AddRange(await Visit(phone, path, dialogs));
        }
        await using var staff = await chromium.Browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1366, Height = 768 } });
        var page = await staff.NewPageAsync();
        await page.GotoAsync(new Uri(root, "/login").ToString());
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("#login");
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        // The designer's draft (and its live preview) starts from the poisoned version.
        await page.GotoAsync(new Uri(root, $"/questionnaires/versions/{versionId}/edit").ToString());
        await page.ClickAsync("#new-draft");
        await Assertions.Expect(page.Locator("#edit-status")).ToHaveTextAsync("bản nháp");
        var draft = page.Url;
        foreach (var path in new[]
                 {
                     $"/questionnaires/versions/{versionId}/print", $"/questionnaires/versions/{versionId}/print?grid=true", $"/questionnaires/versions/{versionId}",
                     $"/questionnaires/{questionnaireId}/compare", new Uri(draft).PathAndQuery,
                     $"/rounds/{roundId}/field/print?groupId={groupId}&versionId={versionId}", $"/rounds/{roundId}/field/key/{code}",
                 })
            failures.AddRange(await Visit(staff, path, dialogs));
        Assert.True(failures.Count == 0, "Live markup from questionnaire texts:\n" + string.Join("\n", failures.Distinct()));
        Assert.Empty(dialogs);

        // The print page still renders the safe subset: a https link in a label stays a link.
        await page.GotoAsync(new Uri(root, $"/questionnaires/versions/{versionId}/print").ToString());
        Assert.Equal(1, await page.Locator("#printed a[href='https://dichvucong.hanoi.gov.vn']").CountAsync());
        Assert.True(await page.Locator("#printed em").CountAsync() > 0);
    }

    private async Task<List<string>> Visit(IBrowserContext context, string path, List<string> dialogs)
    {
        var page = await context.NewPageAsync();
        page.Dialog += async (_, d) => { dialogs.Add($"{path}: {d.Message}"); await d.DismissAsync(); };
        var response = await page.GotoAsync(new Uri(root, path).ToString());
        Assert.True(response is { Status: < 400 }, $"{path}: {response?.Status}");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var bad = await page.EvaluateAsync<string[]>(Checker);
        return bad.Select(b => $"{path}: {b}").ToList();
    }
}
