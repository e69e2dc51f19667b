using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Browser;

/// <summary>
/// CSRF in a real Chromium (issue #19, item 4). A page on a sibling origin of the same site — the same host on another
/// port, so the SameSite=Strict cookie does go along — makes the signed-in designer's browser post to the revoke
/// endpoint, as a text/plain form and as a no-cors fetch: the invitation stays active and the audit log records
/// nothing. The designer's own buttons (revoke, reissue: Razor forms) still work. Staff pages call no state-changing
/// API from JavaScript (wwwroot/js: only the designer's preview, a page post), so nothing else needed changing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossSiteBrowserTests(Chromium chromium) : IAsyncLifetime
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

    private Task<(InvitationStatus Status, int Audits)> State(int invitationId) => app.WithDb(async db => (
        await db.Invitations.Where(i => i.Id == invitationId).Select(i => i.Status).SingleAsync(),
        await db.AuditEntries.CountAsync(a => a.EntityType == nameof(Invitation) && a.EntityId == invitationId.ToString())));

    private async Task<InvitationStatus> Eventually(int invitationId, InvitationStatus wanted)
    {
        for (var i = 0; i < 100; i++)
        {
            var status = (await State(invitationId)).Status;
            if (status == wanted) return status;
            await Task.Delay(100);
        }
        return (await State(invitationId)).Status;
    }

    [Fact]
    public async Task A_sibling_origin_cannot_make_a_signed_in_browser_revoke_a_link_and_the_staff_buttons_still_work()
    {
        var (email, password) = await app.AccountFor(Roles.Designer);
        var (_, firstMember) = await app.IssueTokenAsync();
        var (_, secondMember) = await app.IssueTokenAsync();
        var (roundId, unitId, first, second) = await app.WithDb(async db =>
        {
            // The links the tests just issued (a member may also have a demo invitation).
            var a = await db.Invitations.Include(i => i.Respondent).Where(i => i.RespondentId == firstMember && i.Status == InvitationStatus.Active).OrderByDescending(i => i.Id).FirstAsync();
            var b = await db.Invitations.Where(i => i.RespondentId == secondMember && i.Status == InvitationStatus.Active).OrderByDescending(i => i.Id).FirstAsync();
            return (a.Respondent!.RoundId, a.Respondent.UnitId, a.Id, b.Id);
        });

        await using var context = await chromium.Browser.NewContextAsync(new() { Locale = "vi-VN", ViewportSize = new() { Width = 1366, Height = 768 } });
        var page = await context.NewPageAsync();
        page.Dialog += async (_, d) => await d.DismissAsync();
        await page.GotoAsync(new Uri(root, "/login").ToString());
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("#login");
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));

        // The attacker's page, served for a sibling origin (same host, another port) by the browser's own router.
        var revoke = new Uri(root, $"/api/v1/rounds/{roundId}/invitations/{first}/revoke");
        var evil = $"{root.Scheme}://{root.Host}:{(root.Port == 65000 ? 65001 : 65000)}";
        await context.RouteAsync(evil + "/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html; charset=utf-8",
            Body = $$"""
                <!DOCTYPE html><html><body><h1>Quà tặng</h1>
                <form id="f" method="post" enctype="text/plain" action="{{revoke}}"><input name='{"a":"' value='"}'></form>
                <script>
                  fetch("{{revoke}}", { method: "POST", mode: "no-cors", credentials: "include" })
                    .finally(function () { document.getElementById("f").submit(); });
                </script></body></html>
                """,
        }));
        var before = await State(first);
        Assert.Equal(InvitationStatus.Active, before.Status);
        var submitted = page.WaitForResponseAsync(r => r.Url == revoke.ToString() && r.Request.ResourceType == "document");
        await page.GotoAsync(evil + "/qua-tang");
        var forged = await submitted;
        Assert.Equal(403, forged.Status);
        Assert.Contains("cross-site-request", await forged.TextAsync());
        Assert.Equal(before, await State(first));

        // The designer's own buttons on the invitations page: revoke the first link, reissue the second.
        await page.GotoAsync(new Uri(root, $"/rounds/{roundId}/invitations?unitId={unitId}").ToString());
        await page.ClickAsync($"form[action*='handler=Revoke'][action*='invitationId={first}'] button");
        Assert.Equal(InvitationStatus.Revoked, await Eventually(first, InvitationStatus.Revoked));
        var secondUnit = await app.WithDb(db => db.Invitations.Where(i => i.Id == second).Select(i => i.Respondent!.UnitId).SingleAsync());
        await page.GotoAsync(new Uri(root, $"/rounds/{roundId}/invitations?unitId={secondUnit}").ToString());
        await page.ClickAsync($"form[action*='handler=Reissue'][action*='invitationId={second}'] button");
        Assert.Equal(InvitationStatus.Revoked, await Eventually(second, InvitationStatus.Revoked));
        Assert.True(await app.WithDb(db => db.Invitations.AnyAsync(i => i.RespondentId == secondMember && i.Status == InvitationStatus.Active)));
    }
}
