using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParIndex.Web.Tests.Features.Collection;
using ParIndex.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using ParIndex.Web.Tests.Browser;

namespace ParIndex.Web.Tests.Features.Collection;

/// <summary>The phone form in headless Chromium at 390×844, with JavaScript on and off, against the real app on loopback.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneFormBrowserTests(Chromium chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly ParIndexFactory app = new();
    private Uri baseUrl = null!;

    public async Task InitializeAsync()
    {
        baseUrl = app.StartKestrel();
        await GridQuestionnaire.PublishFor(app);
        await GridQuestionnaire.Publish(app, "SO-DAN", FortyItems);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>A 40-item citizens' questionnaire on one screen: the heaviest first page a round is likely to have.</summary>
    private static string FortyItems
    {
        get
        {
            var yaml = new StringBuilder("""
                id: TEST-FORTY
                schemaVersion: 1
                title: { vi: "Phiếu khảo sát sự hài lòng của người dân đối với Sở (40 câu)", en: "Citizen satisfaction with a department (40 items)" }
                unitType: SO
                respondentGroup: SO-DAN
                sections:
                  - id: all
                    title: { vi: "Đánh giá dịch vụ hành chính công", en: "The administrative service" }
                    items:

                """);
            for (var i = 1; i <= 40; i++)
                yaml.Append($"      - id: q{i}\n        type: likert5\n        required: true\n        label: {{ vi: \"Câu {i}. Ông/Bà hài lòng thế nào với khía cạnh số {i} của việc giải quyết thủ tục hành chính?\", en: \"Item {i}\" }}\n");
            return yaml.ToString();
        }
    }

    [Fact]
    public async Task An_officials_grid_questionnaire_closed_midway_resumes_from_the_link_and_is_submitted()
    {
        var (token, _) = await app.IssueTokenAsync("SO-HDND");
        var link = new Uri(baseUrl, $"/r/{token}").ToString();

        string whereItStopped;
        await using (var phone = await chromium.NewPhoneContext())
        {
            var page = await phone.NewPageAsync();
            await page.GotoAsync(link);
            await PhoneForm.AnswerToTheEnd(page, stopAfter: 5);
            whereItStopped = await page.Locator("#unit-progress").InnerTextAsync();
            Assert.Matches(@"^Sở \d+ / 20$", whereItStopped);
        }

        await using var again = await chromium.NewPhoneContext();
        var resumed = await again.NewPageAsync();
        await resumed.GotoAsync(link);
        await Assertions.Expect(resumed.Locator("#resumed")).ToBeVisibleAsync();
        await Assertions.Expect(resumed.Locator("#unit-progress")).ToHaveTextAsync(whereItStopped);
        await PhoneForm.AnswerToTheEnd(resumed);
        await Assertions.Expect(resumed.Locator("h1")).ToContainTextAsync("Cảm ơn", new() { Timeout = 15_000 });
    }

    /// <summary>
    /// The citizens' questionnaire of xã/phường at 390×844 in vi-VN — the short demo form the printed link opens, then the full
    /// 2026 default (questionnaires/xa-dan-2026.yaml): on every screen the first question — its text and its first answer —
    /// is inside the first screenful without scrolling; the introduction (the default set's "not the official
    /// questionnaire" and the anonymity promise) is shown once, on the first screen, after the questions; the "continue
    /// where you left off" banner never follows Next, only a real return to the saved response.
    /// </summary>
    [Fact]
    public async Task The_citizens_form_shows_each_screens_first_question_in_the_first_screenful_and_greets_only_a_real_return()
    {
        async Task FirstQuestionInView(IPage page, int screen)
        {
            var step = await page.Locator("#step-progress").InnerTextAsync();
            var question = page.Locator("fieldset.q:visible").First;
            var legend = await question.Locator("legend").BoundingBoxAsync();
            var firstAnswer = await question.Locator("input, textarea, select").First.BoundingBoxAsync();
            Assert.True(legend is not null && firstAnswer is not null, $"{step}: the first question has no visible text or answer");
            Assert.True(legend!.Y >= 0 && firstAnswer!.Y + firstAnswer.Height <= 844,
                $"{step}: the first question's text starts at {legend.Y:0} px and its first answer ends at {firstAnswer!.Y + firstAnswer.Height:0} px; the screen is 844 px high");
            Assert.Equal(screen == 1 ? 1 : 0, await page.Locator("#form-about").CountAsync());
            Assert.Equal(0, await page.Locator("#resumed").CountAsync());
            if (screen == 1)
            {
                var about = await page.Locator("#form-about").InnerTextAsync();
                Assert.Contains("không phải", about);
                Assert.Contains("Phiếu không ghi tên", about);
                // The questions come before the introduction.
                Assert.True(await page.Locator("fieldset.q").First.EvaluateAsync<bool>("q => !!(q.compareDocumentPosition(document.getElementById('form-about')) & Node.DOCUMENT_POSITION_FOLLOWING)"));
            }
        }

        // The short demo form of the printed demo link.
        var (demo, _) = await app.IssueTokenAsync("XA-DAN");
        await using (var phone = await chromium.NewPhoneContext())
        {
            var page = await phone.NewPageAsync();
            await page.GotoAsync(new Uri(baseUrl, $"/r/{demo}").ToString());
            await PhoneForm.AnswerToTheEnd(page, onScreen: FirstQuestionInView);
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Cảm ơn", new() { Timeout = 15_000 });
        }

        // The full 2026 default questionnaire, several screens.
        await GridQuestionnaire.Publish(app, "XA-DAN", await File.ReadAllTextAsync(Path.Combine(ParIndex.Web.Tests.Browser.RunCommandTests.RepositoryRoot(), "questionnaires", "xa-dan-2026.yaml")));
        var (token, _) = await app.IssueTokenAsync("XA-DAN");
        var link = new Uri(baseUrl, $"/r/{token}").ToString();
        int firstVisit;
        await using (var phone = await chromium.NewPhoneContext())
        {
            var page = await phone.NewPageAsync();
            await page.GotoAsync(link);
            firstVisit = await PhoneForm.AnswerToTheEnd(page, stopAfter: 3, onScreen: FirstQuestionInView);
            Assert.Equal(3, firstVisit);
        }

        // The respondent comes back later on another phone: greeted once, at the screen where they stopped.
        await using var again = await chromium.NewPhoneContext();
        var back = await again.NewPageAsync();
        await back.GotoAsync(link);
        await Assertions.Expect(back.Locator("#resumed")).ToHaveTextAsync("Các câu trả lời trước đã được lưu; Ông/Bà tiếp tục từ chỗ đã dừng.");
        await Assertions.Expect(back.Locator("#step-progress")).ToContainTextAsync($"Phần {firstVisit + 1} / ");
        var screens = await PhoneForm.AnswerToTheEnd(back, onScreen: async (page, screen) =>
        {
            if (screen > 1) await FirstQuestionInView(page, firstVisit + screen);
        });
        await Assertions.Expect(back.Locator("h1")).ToContainTextAsync("Cảm ơn", new() { Timeout = 15_000 });
        output.WriteLine($"XA-DAN 2026: {firstVisit + screens} screens");
    }

    [Fact]
    public async Task A_citizens_questionnaire_is_answered_with_javascript_off_after_a_constraint_message_in_vietnamese()
    {
        var (token, _) = await app.IssueTokenAsync("SO-HDND");
        await using var phone = await chromium.NewPhoneContext(javaScript: false);
        var page = await phone.NewPageAsync();
        await page.GotoAsync(new Uri(baseUrl, $"/r/{token}").ToString());

        await page.FillAsync("input[name='a.years']", "55");
        await page.CheckAsync("input[name='a.rated_before'][value='no']");
        await page.ClickAsync("#next");
        await Assertions.Expect(page.Locator(".error")).ToHaveTextAsync("Số năm phải không quá 40.");

        await page.FillAsync("input[name='a.years']", "12");
        await PhoneForm.AnswerToTheEnd(page);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Cảm ơn");

        var (citizen, _) = await app.IssueTokenAsync("XA-DAN");
        await page.GotoAsync(new Uri(baseUrl, $"/r/{citizen}").ToString());
        await PhoneForm.AnswerToTheEnd(page);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Cảm ơn");
    }

    [Fact]
    public async Task With_javascript_an_answer_shows_and_hides_its_follow_up_and_a_constraint_speaks_without_a_round_trip()
    {
        var (token, respondentId) = await app.IssueTokenAsync("SO-HDND");
        await using var phone = await chromium.NewPhoneContext();
        var page = await phone.NewPageAsync();
        await page.GotoAsync(new Uri(baseUrl, $"/r/{token}").ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add($"{r.Method} {r.Url}");
        var followUp = page.Locator("fieldset[data-item='how_often']");

        // how_often is relevant only when rated_before = 'yes' (the same AST the server evaluates, run by expr.js).
        await Assertions.Expect(followUp).ToBeHiddenAsync();
        await page.CheckAsync("input[name='a.rated_before'][value='yes']");
        await Assertions.Expect(followUp).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("input[name='a.how_often']")).ToBeEnabledAsync();
        await page.CheckAsync("input[name='a.rated_before'][value='no']");
        await Assertions.Expect(followUp).ToBeHiddenAsync();
        // Hidden items are disabled, so they are not posted, as with JavaScript off.
        await Assertions.Expect(page.Locator("input[name='a.how_often']")).ToBeDisabledAsync();

        await page.FillAsync("input[name='a.years']", "55");
        await Assertions.Expect(page.Locator("fieldset[data-item='years'] p.error")).ToHaveTextAsync("Số năm phải không quá 40.");
        await page.FillAsync("input[name='a.years']", "12");
        await Assertions.Expect(page.Locator("fieldset[data-item='years'] p.error")).ToHaveCountAsync(0);
        Assert.Empty(requests);

        // The follow-up answered in the same screen goes with it: one post, the next screen, both answers saved.
        await page.CheckAsync("input[name='a.rated_before'][value='yes']");
        await page.FillAsync("input[name='a.how_often']", "3");
        await page.ClickAsync("#next");
        await Assertions.Expect(page.Locator("#unit-progress")).ToBeVisibleAsync();
        var saved = await app.WithDb(db => db.AnswerSets.Where(a => a.RatedUnitId == null && db.Responses.Any(r => r.Id == a.ResponseId && r.RespondentId == respondentId))
            .Select(a => a.AnswersJson).SingleAsync());
        Assert.Contains("\"how_often\":\"3\"", saved);
    }

    [Fact]
    public async Task The_first_page_of_a_40_item_questionnaire_weighs_under_30_KB_with_no_third_party_requests()
    {
        var (token, _) = await app.IssueTokenAsync("SO-DAN");
        await using var phone = await chromium.NewPhoneContext();
        var page = await phone.NewPageAsync();
        var requests = new List<IRequest>();
        page.RequestFinished += (_, r) => requests.Add(r);

        await page.GotoAsync(new Uri(baseUrl, $"/r/{token}").ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Equal(40, await page.Locator("fieldset.q").CountAsync());
        var bytes = 0L;
        foreach (var r in requests)
        {
            var sizes = await r.SizesAsync();
            bytes += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
            output.WriteLine($"{r.Url}: {sizes.ResponseBodySize} B body + {sizes.ResponseHeadersSize} B headers");
        }
        output.WriteLine($"First page: {requests.Count} requests, {bytes / 1024.0:0.0} KB transferred");
        Assert.All(requests, r => Assert.StartsWith(baseUrl.GetLeftPart(UriPartial.Authority), r.Url));
        Assert.True(bytes < 30 * 1024, $"first page weighs {bytes / 1024.0:0.0} KB");
    }
}

[Collection(BrowserCollection.Name)]
public sealed class SubmitRetryBrowserTests(Chromium chromium) : IAsyncLifetime
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
    public async Task A_network_failure_on_the_final_submit_shows_a_retry_that_stores_the_response_once()
    {
        var (token, respondentId) = await app.IssueTokenAsync("XA-DAN");
        await using var phone = await chromium.NewPhoneContext();
        var page = await phone.NewPageAsync();
        await page.GotoAsync(new Uri(baseUrl, $"/r/{token}").ToString());
        await FormFiller.AnswerAll(page);
        var failedOnce = false;
        await page.RouteAsync("**/r/**", async route =>
        {
            if (route.Request.Method == "POST" && !failedOnce)
            {
                failedOnce = true;
                await route.AbortAsync("internetdisconnected");
            }
            else await route.ContinueAsync();
        });

        await page.Locator("#submit").ClickAsync();
        await Assertions.Expect(page.Locator("#send-status")).ToContainTextAsync("lỗi mạng");
        await page.Locator("#submit").ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Cảm ơn");
        Assert.Equal(1, await app.WithDb(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Responses, r => r.RespondentId == respondentId && r.Status == ParIndex.Core.Domain.ResponseStatus.Submitted)));
    }
}
