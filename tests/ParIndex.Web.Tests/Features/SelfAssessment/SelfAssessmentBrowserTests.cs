using Microsoft.Playwright;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Features.SelfAssessment;
using ParIndex.Web.Tests.Browser;

namespace ParIndex.Web.Tests.Features.SelfAssessment;

/// <summary>
/// Issue #11's "done when", in a real Chromium: a unit reporter fills the self-assessment form and attaches evidence;
/// the appraiser adjusts two sub-criteria with reasons; the unit explains one; round 2 accepts it; the council's
/// approval locks the result; the unit's page shows the approved total and the trail of every step.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SelfAssessmentBrowserTests(Chromium chromium) : IDisposable
{
    private readonly SelfAssessmentApp app = new();

    public void Dispose() => app.Dispose();

    private static async Task SignIn(IPage page, Uri root, string email, string password)
    {
        await page.GotoAsync(new Uri(root, "/login").ToString());
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("#login");
    }

    [Fact]
    public async Task A_unit_submits_with_evidence_is_appraised_twice_and_the_approved_result_locks()
    {
        var root = app.StartKestrel();
        var (_, periodId, _) = await app.Periods();
        var (email, password) = await app.ReporterAccount("SO-KHCN");
        var (appraiserEmail, appraiserPassword) = await app.AccountFor(Roles.Appraiser);
        var unitId = await app.UnitId("SO-KHCN");
        var evidence = Path.Combine(Path.GetTempPath(), $"bao-cao-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(evidence, SelfAssessmentApp.Pdf());

        // The unit: sign-in lands on its self-assessment; fill, attach, submit.
        await using var unitContext = await chromium.Browser.NewContextAsync(new() { Locale = "vi-VN" });
        var unit = await unitContext.NewPageAsync();
        await SignIn(unit, root, email, password);
        await unit.WaitForURLAsync("**/self-assessment");
        await unit.ClickAsync($"a[href='/self-assessment/{periodId}']");
        var inputs = unit.Locator("input[data-points]");
        Assert.True(await inputs.CountAsync() >= 20);
        foreach (var input in await inputs.AllAsync())
        {
            var code = await input.GetAttributeAsync("data-points");
            await input.FillAsync(char.IsDigit(code![0]) || code == "T1" ? "0,5" : "0"); // one bonus claimed, no penalty
        }
        var codes = (await unit.Locator("tr[data-code]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.code)")).Where(c => char.IsDigit(c[0])).ToList();
        var (first, second) = (codes[0], codes[1]);
        await unit.FillAsync($"textarea[data-text='{first}']", "Kế hoạch CCHC năm đã ban hành đúng hạn");
        await unit.FillAsync("textarea[data-text='T1']", "Sáng kiến số hóa hồ sơ được công nhận");
        await unit.ClickAsync("#save");
        await Assertions.Expect(unit.Locator("p.ok")).ToContainTextAsync("Đã lưu bản nháp");
        await unit.SelectOptionAsync("#upload-code", first);
        await unit.SetInputFilesAsync("#upload-file", evidence);
        await unit.ClickAsync("#upload");
        await Assertions.Expect(unit.Locator($"a[data-evidence='{first}']")).ToHaveTextAsync(Path.GetFileName(evidence));
        await unit.ClickAsync("#submit");
        Assert.Equal("", await unit.Locator(".errors").CountAsync() > 0 ? await unit.Locator(".errors").InnerTextAsync() : "");
        await Assertions.Expect(unit.Locator("#state")).ToHaveAttributeAsync("data-state", "Submitted");
        await Assertions.Expect(unit.Locator("input[data-points]")).ToHaveCountAsync(0);

        // The appraiser adjusts two sub-criteria with reasons and sends round 1.
        await using var appraiserContext = await chromium.Browser.NewContextAsync(new() { Locale = "vi-VN" });
        var appraiser = await appraiserContext.NewPageAsync();
        await SignIn(appraiser, root, appraiserEmail, appraiserPassword);
        await appraiser.GotoAsync(new Uri(root, $"/appraisal?periodId={periodId}").ToString());
        await appraiser.ClickAsync($"a[href='/appraisal/{periodId}/units/{unitId}']");
        await appraiser.FillAsync($"input[data-points='{first}']", "0");
        await appraiser.FillAsync($"textarea[data-reason='{first}']", "Chưa có văn bản kiểm chứng");
        await appraiser.FillAsync($"input[data-points='{second}']", "0,25");
        await appraiser.FillAsync($"textarea[data-reason='{second}']", "Hoàn thành một phần");
        await appraiser.ClickAsync("#round1-complete");
        await Assertions.Expect(appraiser.Locator("#state")).ToHaveAttributeAsync("data-state", "ExplanationOpen");

        // The unit sees both reasons and its deadline, explains the first adjustment and sends.
        await unit.ReloadAsync();
        await Assertions.Expect(unit.Locator($"tr[data-code='{first}']")).ToContainTextAsync("Chưa có văn bản kiểm chứng");
        await Assertions.Expect(unit.Locator($"tr[data-code='{second}']")).ToContainTextAsync("Hoàn thành một phần");
        await Assertions.Expect(unit.Locator("#explanation-deadline")).ToBeVisibleAsync();
        await unit.FillAsync($"textarea[data-explain='{first}']", "Đã bổ sung Quyết định số 15/QĐ ban hành kế hoạch");
        await unit.ClickAsync("#send-explanation");
        await Assertions.Expect(unit.Locator("#state")).ToHaveAttributeAsync("data-state", "Explained");

        // Round 2 accepts the explanation; the council approves and the result locks.
        await appraiser.ReloadAsync();
        await Assertions.Expect(appraiser.Locator($"tr[data-code='{first}']")).ToContainTextAsync("Đã bổ sung Quyết định số 15/QĐ");
        await appraiser.FillAsync($"input[data-points='{first}']", "0,5");
        await appraiser.FillAsync($"textarea[data-reason='{first}']", "Chấp nhận giải trình");
        await appraiser.ClickAsync("#round2-complete");
        await Assertions.Expect(appraiser.Locator("#state")).ToHaveAttributeAsync("data-state", "Round2Done");
        await appraiser.FillAsync("#council-decision", "Biên bản số 03/BB-HĐTĐ");
        await appraiser.ClickAsync("#approve");
        await Assertions.Expect(appraiser.Locator("#state")).ToHaveAttributeAsync("data-state", "Approved");
        await Assertions.Expect(appraiser.Locator("input[data-points]")).ToHaveCountAsync(0);

        // The unit's page shows the approved total (self total less 0,25 on the second line) and every step.
        await unit.ReloadAsync();
        var self = await unit.Locator("#self-total").InnerTextAsync();
        var approved = await unit.Locator("#approved-total").InnerTextAsync();
        Assert.Equal(decimal.Parse(self, Ui()) - 0.25m, decimal.Parse(approved, Ui()));
        await Assertions.Expect(unit.Locator("input[data-points], textarea, #upload-form, #submit, #send-explanation")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        foreach (var action in new[] { "assessment.submit", "assessment.round1.complete", "assessment.explanation.submit", "assessment.round2.complete", "assessment.approve" })
            await Assertions.Expect(unit.Locator($"#trail tr[data-action='{action}']")).ToHaveCountAsync(1);
        File.Delete(evidence);
    }

    private static System.Globalization.CultureInfo Ui() => System.Globalization.CultureInfo.GetCultureInfo("vi-VN");
}
