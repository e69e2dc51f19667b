using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Features.FieldEntry;
using ParIndex.Web.Tests.Infrastructure;
using Xunit.Abstractions;
using ParIndex.Web.Tests.Browser;

namespace ParIndex.Web.Tests.Features.FieldEntry;

/// <summary>
/// Issue 7's "done when", in headless Chromium: a field staff member keys a whole paper form with the keyboard only; a
/// second keyer keys it blind with two deliberate differences; the supervisor sees exactly those two, resolves them
/// from the paper, and the accepted response holds the paper values; the history shows every step. The keying pace is
/// measured per box (the issue asks for at least one box per 300 ms with no lag).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyingBrowserTests(Chromium chromium, KeyingBrowserTests.App app, ITestOutputHelper output) : IClassFixture<KeyingBrowserTests.App>
{
    public sealed class App : ParIndexFactory
    {
        private Uri? address;
        public Uri Address => address ??= StartKestrel();
    }

    private async Task<IPage> SignedIn(string role)
    {
        var (email, password) = await app.AccountFor(role);
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "vi-VN", ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.Address, "/login").ToString());
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("#login");
        await page.WaitForURLAsync(u => !u.Contains("/login"));
        return page;
    }

    /// <summary>Types the form through the keyboard: scan the code, then for each box the keys and Enter, until the save button has focus.</summary>
    private static async Task<(int Boxes, TimeSpan Elapsed, double MaxHandlerMs)> KeyByKeyboard(IPage page, Uri address, PaperCase c, IReadOnlyDictionary<string, string> keys)
    {
        await page.GotoAsync(new Uri(address, $"/rounds/{c.RoundId}/field").ToString());
        // The scan box takes focus by itself (autofocus), as a hand-held scanner expects — but only once the page has run
        // its scripts: keys typed before that were lost (CI once keyed "00148" for R00148 and got "code not found").
        await page.WaitForFunctionAsync("document.activeElement && document.activeElement.id === 'code'");
        await page.Keyboard.TypeAsync(c.Code);
        await page.Keyboard.PressAsync("Enter");
        await page.ExpectAsync("#keying");
        var boxes = 0;
        string? last = null;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var name = await page.EvaluateAsync<string>("document.activeElement.id === 'save' ? '' : document.activeElement.name");
            if (string.IsNullOrEmpty(name)) break;
            if (name == last)
                Assert.Fail($"the screen refused {name} = '{keys[name]}': " + await page.EvaluateAsync<string>("document.activeElement.closest('tr').querySelector('.error').textContent"));
            last = name;
            var k = keys[name];
            if (k.Length > 0) await page.Keyboard.TypeAsync(k);
            await page.Keyboard.PressAsync("Enter");
            boxes++;
            Assert.True(boxes <= keys.Count, "focus never reached the save button");
        }
        clock.Stop();
        var max = await page.EvaluateAsync<double>("window.parindexKeying.max");
        await page.Keyboard.PressAsync("Enter");            // the save button has focus
        await page.ExpectAsync("#done");
        return (boxes, clock.Elapsed, max);
    }

    [Fact]
    public async Task Double_entry_by_keyboard_shows_exactly_the_two_differences_and_the_resolved_form_counts()
    {
        _ = app.Address; // Kestrel first: the factory cannot switch servers once its services were used
        // SO-DAN (one unit, 50 items) by default; PARINDEX_KEYING_GROUP=SO-HDND keys a delegate's grid over 20 Sở (746 boxes, ~3 min).
        var c = await FieldEntryHelpers.NewPaperCase(app, Environment.GetEnvironmentVariable("PARINDEX_KEYING_GROUP") ?? "SO-DAN", seed: 11);
        var (fieldStaffEmail, _) = await app.AccountFor(Roles.FieldStaff);
        await app.WithDb(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == fieldStaffEmail);
            db.FieldAssignments.Add(new FieldAssignment { RoundId = c.RoundId, StaffUserId = user.Id, RespondentGroupId = c.GroupId, CreatedAt = DateTime.UtcNow, CreatedBy = "tests" });
            return await db.SaveChangesAsync();
        });

        var keyer1 = await SignedIn(Roles.FieldStaff);
        var (boxes, elapsed, maxHandler) = await KeyByKeyboard(keyer1, app.Address, c, c.Keys);
        var perBox = elapsed.TotalMilliseconds / boxes;
        output.WriteLine($"first keying: {boxes} boxes in {elapsed.TotalMilliseconds:0} ms = {perBox:0.0} ms per box; slowest commit handler {maxHandler:0.00} ms");
        Assert.True(perBox < 300, $"{perBox:0.0} ms per box");
        Assert.True(maxHandler < 50, $"a commit took {maxHandler:0.0} ms in the page");
        Assert.Contains("nhập kiểm tra lần 2", await keyer1.InnerTextAsync("#done"));

        var changed = c.FreeLikertBoxes().Take(2).ToList();
        var second = new Dictionary<string, string>(c.Keys);
        foreach (var k in changed) second[k] = c.OtherKey(k);
        var keyer2 = await SignedIn(Roles.Admin);
        // Blind: the second keyer's screen shows no value from the first keying.
        await keyer2.GotoAsync(new Uri(app.Address, $"/rounds/{c.RoundId}/field/key/{c.Code}").ToString());
        Assert.All(await keyer2.Locator("#keying input[type=text]").EvaluateAllAsync<string[]>("xs => xs.map(x => x.value)"), v => Assert.Equal("", v));
        var (boxes2, elapsed2, _) = await KeyByKeyboard(keyer2, app.Address, c, second);
        output.WriteLine($"second keying: {boxes2} boxes in {elapsed2.TotalMilliseconds:0} ms = {elapsed2.TotalMilliseconds / boxes2:0.0} ms per box");
        Assert.Contains("2 chênh lệch", await keyer2.InnerTextAsync("#done"));

        var supervisor = await SignedIn(Roles.Supervisor);
        await supervisor.GotoAsync(new Uri(app.Address, $"/rounds/{c.RoundId}/field/review").ToString());
        var rows = supervisor.Locator($"section[data-code='{c.Code}'] tr.open");
        Assert.Equal(2, await rows.CountAsync());
        var shown = new List<string>();
        foreach (var row in await rows.AllAsync()) shown.Add(await row.GetAttributeAsync("data-item") ?? "");
        Assert.Equal(changed.Select(n => n.Split(':').Last()).Order(), shown.Order());

        // Resolve each from the paper (what keyer 1 typed is what the paper says), by keyboard: code, Tab, reason, Enter.
        foreach (var item in shown)
        {
            var name = changed.Single(n => n.EndsWith(":" + item, StringComparison.Ordinal));
            await supervisor.FocusAsync($"section[data-code='{c.Code}'] tr.open[data-item='{item}'] input[name=paper]");
            await supervisor.Keyboard.PressAsync("Control+A");
            await supervisor.Keyboard.TypeAsync(c.Keys[name]);
            await supervisor.Keyboard.PressAsync("Tab");
            await supervisor.Keyboard.TypeAsync($"Phiếu giấy ghi {c.Keys[name]}");
            await supervisor.Keyboard.PressAsync("Enter");
            await supervisor.ExpectAsync("#message");
        }
        Assert.Contains("phiếu được chấp nhận", await supervisor.InnerTextAsync("#message"));

        var response = await app.WithDb(db => db.Responses.AsNoTracking().Include(x => x.AnswerSets).SingleAsync(x => x.RespondentId == c.RespondentId));
        Assert.Equal(ResponseStatus.Submitted, response.Status);
        Assert.Equal(ResponseMode.Paper, response.Mode);
        var stored = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(response.AnswerSets.Single(a => a.RatedUnitId == null).AnswersJson)!;
        foreach (var name in changed)
        {
            var field = c.Fields.Single(f => f.Name == name);
            Assert.Equal(KeyingLayout.ToStored(field, c.Keys[name], out _), stored[field.ItemId]);
        }

        await supervisor.GotoAsync(new Uri(app.Address, $"/rounds/{c.RoundId}/field/history/{c.Code}").ToString());
        var actions = await supervisor.Locator("#history tr[data-action]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.action)");
        Assert.Equal(["field.key", "field.verification-draw", "field.key", "field.compare", "field.resolve", "field.resolve", "field.accept"], actions);
        Assert.Equal("Submitted", await supervisor.InnerTextAsync("#status"));
    }
}
