using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using ParIndex.Web.Tests.Browser;

namespace ParIndex.Web.Tests.Features.Monitoring;

/// <summary>
/// The supervisors' dashboard in headless Chromium: a respondent answers in another browser context and the cell's
/// count rises on the open dashboard through the hub, with no reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MonitorDashboardTests(Chromium chromium) : IDisposable
{
    private readonly ParIndexFactory app = new();

    [Fact]
    public async Task The_dashboard_cell_count_rises_live_when_a_response_is_submitted_elsewhere()
    {
        var baseUrl = app.StartKestrel().ToString().TrimEnd('/');
        var roundId = await app.WithDb(db => db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var (token, respondentId) = await app.IssueTokenAsync("XA-DAN");
        var key = await app.WithDb(db => db.Respondents.Where(r => r.Id == respondentId).Select(r => r.UnitId + "-" + r.RespondentGroupId).FirstAsync());
        var (email, password) = await app.AccountFor(Roles.Supervisor);

        await using var staff = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "vi-VN" });
        var dashboard = await staff.NewPageAsync();
        var consoleErrors = new List<string>();
        dashboard.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add($"{m.Text} ({m.Location})"); };
        await dashboard.GotoAsync($"{baseUrl}/monitor/{roundId}");
        await dashboard.FillAsync("input[name=Email]", email);
        await dashboard.FillAsync("input[name=Password]", password);
        await dashboard.ClickAsync("#login");
        await dashboard.WaitForURLAsync($"{baseUrl}/monitor/{roundId}");
        await Assertions.Expect(dashboard.Locator("#live-status")).ToHaveAttributeAsync("data-live", "on", new() { Timeout = 15_000 });
        var cell = dashboard.Locator($"#cells tr[data-key='{key}'] [data-field=completed]");
        var before = int.Parse(await cell.GetAttributeAsync("data-count") ?? "-1");
        var total = int.Parse(await dashboard.Locator("#total-completed").GetAttributeAsync("data-count") ?? "-1");
        // A marker that a reload would wipe out.
        await dashboard.EvaluateAsync("() => { window.__stillHere = true; }");

        await using var phone = await chromium.NewPhoneContext();
        var form = await phone.NewPageAsync();
        await form.GotoAsync($"{baseUrl}/r/{token}");
        await FormFiller.AnswerAll(form);
        await form.Locator("#submit").ClickAsync();
        await Assertions.Expect(form.Locator("h1")).ToContainTextAsync("Cảm ơn", new() { Timeout = 15_000 });

        await Assertions.Expect(cell).ToHaveAttributeAsync("data-count", (before + 1).ToString(), new() { Timeout = 10_000 });
        await Assertions.Expect(dashboard.Locator("#total-completed")).ToHaveAttributeAsync("data-count", (total + 1).ToString());
        Assert.True(await dashboard.EvaluateAsync<bool>("() => window.__stillHere === true"), "the dashboard was reloaded");
        Assert.True(!consoleErrors.Any(e => !e.Contains("favicon", StringComparison.OrdinalIgnoreCase)), string.Join("\n", consoleErrors));

        // Sorting by completed puts the updated cell's row before rows with fewer completes; filtering by group hides others.
        await dashboard.ClickAsync("#cells th[data-sort=completed]");
        await dashboard.ClickAsync("#cells th[data-sort=completed]");
        var first = await dashboard.Locator("#cells tbody tr").First.Locator("[data-field=completed]").GetAttributeAsync("data-count");
        Assert.True(int.Parse(first!) >= before + 1);
        await dashboard.SelectOptionAsync("#filter-group", "XA-DAN");
        Assert.Equal(0, await dashboard.Locator("#cells tbody tr:not([hidden]):not([data-group='XA-DAN'])").CountAsync());

        // The big screen shows the same count, live as well.
        var screen = await staff.NewPageAsync();
        await screen.GotoAsync($"{baseUrl}/monitor/{roundId}/screen");
        await Assertions.Expect(screen.Locator("#live-status")).ToHaveAttributeAsync("data-live", "on", new() { Timeout = 15_000 });
        await Assertions.Expect(screen.Locator($".tile[data-key='{key}'] [data-field=completed]")).ToHaveAttributeAsync("data-count", (before + 1).ToString());
    }

    public void Dispose() => app.Dispose();
}
