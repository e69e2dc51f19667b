using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Accounts;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

/// <summary>
/// Signing out ends the session (issue #19, item 5): the menu's sign-out form carries its anti-forgery token, and after
/// signing out — by the page or the API — or after an administrator locks the account, a copy of the old cookie is
/// refused at once (the security stamp is checked on every request). Every form a page renders carries the token.
/// </summary>
public sealed partial class SignOutTests(SignOutTests.OwnApp app) : IClassFixture<SignOutTests.OwnApp>
{
    /// <summary>Its own app: signing out renews the account's stamp, which would end other tests' sessions of the role.</summary>
    public sealed class OwnApp : ParIndexFactory;

    private static readonly Uri Root = new("http://localhost");

    /// <summary>A browser-like client over the test server whose cookies the test can read.</summary>
    private (HttpClient Client, CookieContainer Cookies) Browser()
    {
        var cookies = new CookieContainer();
        return (app.CreateDefaultClient(new CookieContainerHandler(cookies)), cookies);
    }

    private async Task<(HttpClient Client, string OldCookie)> SignedIn(string role)
    {
        var (email, password) = await app.AccountFor(role);
        var (client, cookies) = Browser();
        (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).EnsureSuccessStatusCode();
        return (client, "parindex.auth=" + cookies.GetCookies(Root)["parindex.auth"]!.Value);
    }

    private async Task AssertRefused(string oldCookie)
    {
        var replay = app.RawClient();
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rounds/");
        api.Headers.Add("Cookie", oldCookie);
        await (await replay.SendAsync(api)).AssertProblem(401, "unauthenticated");
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Add("Cookie", oldCookie);
        var response = await replay.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/login", response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("<form[^>]*action=\"/logout\"[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex SignOutForm();

    [Fact]
    public async Task The_menu_sign_out_button_signs_out_and_the_old_cookie_is_refused_afterwards()
    {
        var (client, oldCookie) = await SignedIn(Roles.Viewer);
        var home = await client.GetStringAsync("/");
        var form = SignOutForm().Match(home);
        Assert.True(form.Success, "the layout has no sign-out form");
        var fields = HttpExtensions.HiddenInputs(form.Value);
        Assert.True(fields.ContainsKey("__RequestVerificationToken"), "the sign-out form has no anti-forgery token: " + form.Value);

        var signOut = await client.PostAsync("/logout", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/login", signOut.Headers.Location!.OriginalString);
        await AssertRefused(oldCookie);
    }

    [Fact]
    public async Task Signing_out_through_the_api_refuses_the_old_cookie_afterwards()
    {
        var (client, oldCookie) = await SignedIn(Roles.Supervisor);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rounds/")).StatusCode);
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        logout.Headers.Add("X-Requested-With", "fetch");

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(logout)).StatusCode);

        await AssertRefused(oldCookie);
    }

    [Fact]
    public async Task Locking_an_account_ends_its_open_sessions_at_once()
    {
        var (client, oldCookie) = await SignedIn(Roles.Appraiser);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/rounds/")).StatusCode);
        var (email, _) = await app.AccountFor(Roles.Appraiser);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            await ManageStaff.SetLocked(users, scope.ServiceProvider.GetRequiredService<ParIndexDbContext>(), user.Id, true, "tests", DateTime.UtcNow);
        }

        await AssertRefused(oldCookie);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/rounds/")).StatusCode);
    }

    /// <summary>The class of the sign-out bug: a form the page renders that the server would refuse for want of its token.</summary>
    [Fact]
    public async Task Every_post_form_on_every_page_carries_the_antiforgery_token()
    {
        var (roundId, versionId, questionnaireId) = await app.WithDb(async db =>
        {
            var round = await db.Rounds.OrderBy(r => r.Id).FirstAsync();
            var version = await db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == round.Id).OrderBy(v => v.Id).FirstAsync();
            return (round.Id, version.Id, version.QuestionnaireId);
        });
        var (token, _) = await app.IssueTokenAsync();
        var admin = await app.CreateClientAs(Roles.Admin, followRedirects: false);
        var anonymous = app.RawClient();
        var pages = EndpointMatrixTests.Endpoints(app.Services).Where(e => e.Key.StartsWith("GET /", StringComparison.Ordinal) && !e.IsApi
            && EndpointMatrixTests.Matrix.GetValueOrDefault(e.Key) is { } rule && rule != Policies.SelfAssess && !e.Key.Contains("/evidence/", StringComparison.Ordinal)).ToList();
        var forms = 0;
        var failures = new List<string>();
        foreach (var e in pages)
        {
            var path = RouteSamples.Fill(e.Key[4..], roundId, "SO", token: token, ids: [("versionId", versionId), ("questionnaireId", questionnaireId)]);
            var client = EndpointMatrixTests.Matrix[e.Key] == EndpointMatrixTests.Anonymous && !path.StartsWith("/login", StringComparison.Ordinal) ? anonymous : admin;
            var response = await client.GetAsync(path);
            if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await response.Content.ReadAsStringAsync();
            foreach (Match form in Form().Matches(html))
            {
                if (!Regex.IsMatch(form.Groups["tag"].Value, "method=\"post\"", RegexOptions.IgnoreCase)) continue;
                forms++;
                if (!form.Value.Contains("name=\"__RequestVerificationToken\"", StringComparison.Ordinal))
                    failures.Add($"{path}: {form.Groups["tag"].Value}");
            }
        }
        Assert.True(failures.Count == 0, "Forms without an anti-forgery token:\n" + string.Join("\n", failures));
        Assert.True(forms >= 30, $"only {forms} post forms found");
    }

    [GeneratedRegex("(?<tag><form[^>]*>).*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Form();
}
