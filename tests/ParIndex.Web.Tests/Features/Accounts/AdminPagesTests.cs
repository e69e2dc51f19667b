using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using ParIndex.Web.Tests.Security;

namespace ParIndex.Web.Tests.Features.Accounts;

[Collection(AppCollection.Name)]
public sealed partial class AdminPagesTests(ParIndexFactory app)
{
    private static async Task<HttpResponseMessage> PostForm(HttpClient client, string page, string handler, params (string, string)[] fields)
    {
        var html = await client.GetStringAsync(page);
        var af = HttpExtensions.HiddenInputs(html)["__RequestVerificationToken"];
        var body = fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)).Append(KeyValuePair.Create("__RequestVerificationToken", af));
        return await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(body));
    }

    [Fact]
    public async Task Admin_creates_an_account_sees_its_password_once_and_the_creation_is_audited()
    {
        var admin = await app.CreateClientAs(Roles.Admin);
        var email = $"new-{Guid.NewGuid():N}@tests.parindex.local";

        var response = await PostForm(admin, "/admin/users", "Create", ("email", email), ("role", Roles.Supervisor), ("displayName", "Giám sát viên"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var password = SecretCode().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.Equal(20, password.Length);
        Assert.DoesNotContain(password, await admin.GetStringAsync("/admin/users"));
        var login = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        var actions = await app.WithDb(db => db.AuditEntries.Where(a => a.AfterJson!.Contains(email)).Select(a => a.Action).ToListAsync());
        Assert.Contains("user.create", actions);
        Assert.Contains("auth.sign-in", actions);
        Assert.DoesNotContain(actions, a => a.Contains(password));
    }

    [Fact]
    public async Task A_locked_account_cannot_sign_in_until_unlocked_and_both_are_audited()
    {
        var admin = await app.CreateClientAs(Roles.Admin);
        var (email, password) = await app.AccountFor(Roles.FieldStaff);
        var userId = await app.WithDb(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        (await PostForm(admin, "/admin/users", "Lock", ("userId", userId))).EnsureSuccessStatusCode();
        await (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password })).AssertProblem(423, "locked-out");
        (await PostForm(admin, "/admin/users", "Unlock", ("userId", userId))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password })).StatusCode);

        var actions = await app.WithDb(db => db.AuditEntries.Where(a => a.EntityId == userId).Select(a => a.Action).ToListAsync());
        Assert.Contains("user.lock", actions);
        Assert.Contains("user.unlock", actions);
        Assert.Contains("auth.locked-out", actions);
    }

    [Fact]
    public async Task Reset_password_replaces_the_old_one()
    {
        var admin = await app.CreateClientAs(Roles.Admin);
        var email = $"reset-{Guid.NewGuid():N}@tests.parindex.local";
        var created = await PostForm(admin, "/admin/users", "Create", ("email", email), ("role", Roles.Viewer));
        var old = SecretCode().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
        var userId = await app.WithDb(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        var reset = await PostForm(admin, "/admin/users", "Reset", ("userId", userId));
        var fresh = SecretCode().Match(await reset.Content.ReadAsStringAsync()).Groups[1].Value;

        Assert.NotEqual(old, fresh);
        await (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = old })).AssertProblem(401, "login-failed");
        Assert.Equal(HttpStatusCode.NoContent, (await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password = fresh })).StatusCode);
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.EntityId == userId && a.Action == "user.reset-password")));
    }

    [Fact]
    public async Task Audit_viewer_filters_by_action_and_shows_before_and_after()
    {
        var admin = await app.CreateClientAs(Roles.Admin);
        await app.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "nobody-audit@tests.parindex.local", password = "wrong-password-1" });

        var html = await admin.GetStringAsync("/admin/audit?actionName=auth.sign-in-failed");

        Assert.Contains("nobody-audit@tests.parindex.local", html);
        Assert.DoesNotContain("<code>user.create</code>", html);
        Assert.Contains("<pre>", html);
        var all = await admin.GetStringAsync("/admin/audit?p=99999");
        Assert.Contains("trang", all);
    }

    [GeneratedRegex("<code class=\"secret\">([^<]+)</code>")]
    private static partial Regex SecretCode();
}
