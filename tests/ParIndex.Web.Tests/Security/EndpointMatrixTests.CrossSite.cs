using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

/// <summary>
/// CSRF on the cookie-authenticated API (issue #19, item 4), as a property of every endpoint the walker finds: each
/// state-changing call under /api made with a staff member's cookie is tried as the requests another site (or an old
/// browser, a plugin) can make a signed-in browser send without a CORS preflight. Every one must be refused with 403
/// <c>/problems/cross-site-request</c>, change nothing and leave the audit log as it was.
/// </summary>
public sealed partial class EndpointMatrixTests
{
    /// <summary>
    /// A forged request: its name, its body (null: none), the headers a browser would add, and whether a browser can send
    /// it only as a POST (forms and no-cors fetches can use no other method; a PUT or DELETE from another origin is a
    /// CORS request, which always carries Origin).
    /// </summary>
    public sealed record Forgery(string Name, Func<HttpContent?> Body, (string Name, string Value)[] Headers, bool PostOnly = true);

    public static readonly Forgery[] Forgeries =
    [
        new("a form on another site posting text/plain", () => new StringContent("{\"x\":1}", Encoding.UTF8, "text/plain"),
            [("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "navigate")]),
        new("a sibling origin of the same site (another port) posting text/plain", () => new StringContent("{}", Encoding.UTF8, "text/plain"),
            [("Origin", "http://localhost:1"), ("Sec-Fetch-Site", "same-site")]),
        new("an old browser posting text/plain without Origin or fetch metadata", () => new StringContent("{}", Encoding.UTF8, "text/plain"), []),
        new("a url-encoded form from another site", () => new FormUrlEncodedContent([KeyValuePair.Create("a", "1")]), [("Origin", "http://evil.example")]),
        new("a multipart form from another site, old browser", () => new MultipartFormDataContent { { new StringContent("1"), "a" } }, []),
        new("a no-cors fetch without a body", () => null, []),
        new("JSON from another site's script", () => new StringContent("{}", Encoding.UTF8, "application/json"),
            [("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "cors")], PostOnly: false),
        new("JSON from a sibling origin's script", () => new StringContent("{}", Encoding.UTF8, "application/json"),
            [("Origin", "http://localhost:1"), ("Sec-Fetch-Site", "same-site"), ("Sec-Fetch-Mode", "cors")], PostOnly: false),
    ];

    private static bool ChangesState(string method) => method is "POST" or "PUT" or "PATCH" or "DELETE";

    private async Task<(int RoundId, int GroupId, string UnitType, int VersionId, int QuestionnaireId, int InvitationId)> RealIds() => await app.WithDb(async db =>
    {
        var round = await db.Rounds.OrderBy(r => r.Id).FirstAsync();
        var group = await db.RespondentGroups.Where(g => g.RoundId == round.Id).OrderByDescending(g => g.Id).FirstAsync();
        var type = await db.UnitTypes.Where(t => t.RoundId == round.Id).OrderBy(t => t.Id).FirstAsync();
        var version = await db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == round.Id).OrderBy(v => v.Id).FirstAsync();
        var invitation = await db.Invitations.Where(i => i.Status != InvitationStatus.Revoked).OrderBy(i => i.Id).Select(i => i.Id).FirstAsync();
        return (round.Id, group.Id, type.Code, version.Id, version.QuestionnaireId, invitation);
    });

    [Fact]
    public async Task Every_state_changing_api_call_with_the_staff_cookie_is_refused_when_another_site_could_have_sent_it()
    {
        await app.IssueTokenAsync(); // an active invitation to aim the forged revoke/reissue at
        var endpoints = Endpoints(app.Services).Where(e => e.IsApi && e.Key.Contains(" /api/", StringComparison.Ordinal) && ChangesState(e.Key.Split(' ')[0])).ToList();
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} state-changing API endpoints found");
        var (roundId, groupId, unitType, versionId, questionnaireId, invitationId) = await RealIds();
        // Accounts and sign-ins are audited too: only what a forgery could have done is counted (no monitor, account or sign-in rows).
        var before = await app.WithDb(async db => (Audit: await db.AuditEntries.CountAsync(a => !a.Actor.StartsWith("system:") && !a.Action.StartsWith("auth.") && !a.Action.StartsWith("user.")),
            Revoked: await db.Invitations.CountAsync(i => i.Status == InvitationStatus.Revoked), Runs: await db.ScoreRuns.CountAsync(), Rounds: await db.Rounds.CountAsync()));
        var cookies = new Dictionary<string, string>();
        var raw = app.RawClient();
        var failures = new List<string>();
        var calls = 0;
        foreach (var e in endpoints)
        {
            var (method, route) = (e.Key.Split(' ')[0], e.Key.Split(' ', 2)[1]);
            var rule = Matrix[e.Key];
            // The caller the endpoint serves (an administrator for the anonymous ones: the cookie is what a forgery abuses).
            var role = rule == Anonymous ? Roles.Admin : Policies.RolesOf[rule][0];
            if (!cookies.TryGetValue(role, out var cookie)) cookies[role] = cookie = await app.SignInAsync(role);
            var path = RouteSamples.Fill(route, roundId, unitType, groupId, null, ("versionId", versionId), ("questionnaireId", questionnaireId), ("invitationId", invitationId));
            if (path.Contains("{token}")) path = path.Replace("{token}", (await app.IssueTokenAsync()).Token);
            foreach (var forgery in Forgeries.Where(f => method == "POST" || !f.PostOnly))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = forgery.Body() };
                request.Headers.Add("Cookie", cookie);
                foreach (var (name, value) in forgery.Headers) request.Headers.TryAddWithoutValidation(name, value);
                using var response = await raw.SendAsync(request);
                calls++;
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Forbidden || !body.Contains("/problems/cross-site-request", StringComparison.Ordinal))
                    failures.Add($"{method} {path} as {role}, {forgery.Name}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 160)]}");
            }
        }
        var after = await app.WithDb(async db => (Audit: await db.AuditEntries.CountAsync(a => !a.Actor.StartsWith("system:") && !a.Action.StartsWith("auth.") && !a.Action.StartsWith("user.")),
            Revoked: await db.Invitations.CountAsync(i => i.Status == InvitationStatus.Revoked), Runs: await db.ScoreRuns.CountAsync(), Rounds: await db.Rounds.CountAsync()));
        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} forged calls were not refused:\n" + string.Join("\n", failures));
        Assert.Equal(endpoints.Sum(e => e.Key.StartsWith("POST ", StringComparison.Ordinal) ? Forgeries.Length : Forgeries.Count(f => !f.PostOnly)), calls);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Same_origin_pages_and_clients_without_the_cookie_are_not_taken_for_forgeries()
    {
        var endpoints = Endpoints(app.Services).Where(e => e.IsApi && e.Key.Contains(" /api/", StringComparison.Ordinal) && ChangesState(e.Key.Split(' ')[0])).ToList();
        var (roundId, groupId, unitType, versionId, questionnaireId, _) = await RealIds();
        var raw = app.RawClient();
        var failures = new List<string>();
        foreach (var e in endpoints)
        {
            var (method, route) = (e.Key.Split(' ')[0], e.Key.Split(' ', 2)[1]);
            var rule = Matrix[e.Key];
            var role = rule == Anonymous ? Roles.Admin : Policies.RolesOf[rule][0];
            // A fresh session per endpoint: the sign-out endpoint ends the one it is called with.
            var cookie = await app.SignInAsync(role);
            var path = RouteSamples.Fill(route, roundId, unitType, groupId, null, ("versionId", versionId), ("questionnaireId", questionnaireId));
            if (path.Contains("{token}")) path = path.Replace("{token}", (await app.IssueTokenAsync()).Token);
            var sameOrigin = new (string, string)[] { ("Origin", "http://localhost"), ("Sec-Fetch-Site", "same-origin"), ("Sec-Fetch-Mode", "cors") };
            var honest = new (string Name, Func<HttpContent?> Body, (string, string)[] Headers)[]
            {
                ("a ParIndex page's fetch with JSON", () => new StringContent("{}", Encoding.UTF8, "application/json"), sameOrigin),
                ("a ParIndex page's fetch without a body, with X-Requested-With", () => null, [.. sameOrigin, ("X-Requested-With", "fetch")]),
                ("an API client (no browser headers) with JSON", () => new StringContent("{}", Encoding.UTF8, "application/json"), []),
            };
            foreach (var (name, body, headers) in honest)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body() };
                request.Headers.Add("Cookie", cookie);
                foreach (var (h, v) in headers) request.Headers.TryAddWithoutValidation(h, v);
                using var response = await raw.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                if (text.Contains("/problems/cross-site-request", StringComparison.Ordinal)) failures.Add($"{method} {path}, {name}: refused as cross-site");
                if ((int)response.StatusCode >= 500) failures.Add($"{method} {path}, {name}: {(int)response.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // A respondent has no cookie: their submission is taken from anywhere (the token is the credential).
        var (token, respondentId) = await app.IssueTokenAsync();
        var (_, data) = await Answers.ValidFor(raw, token);
        using var submit = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/forms/{token}/submissions") { Content = JsonContent.Create(Answers.Body(Guid.NewGuid(), data)) };
        submit.Headers.TryAddWithoutValidation("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Created, (await raw.SendAsync(submit)).StatusCode);
        Assert.Equal(1, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    [Fact]
    public async Task Every_live_hub_refuses_a_connection_another_site_opens_with_the_staff_cookie()
    {
        // Every hub route the app maps (negotiate, the WebSocket/long-polling endpoint), found by the walker.
        var hubs = Endpoints(app.Services).Where(e => e.Key.Contains(" " + CrossSiteRequestGuard.HubPrefix + "/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(hubs);
        var cookie = await app.SignInAsync(Roles.Supervisor);
        var raw = app.RawClient();
        var failures = new List<string>();
        (string Name, (string, string)[] Headers)[] foreign =
        [
            ("another site's page", [("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "websocket")]),
            ("a sibling origin (another port)", [("Origin", "http://localhost:1"), ("Sec-Fetch-Site", "same-site")]),
            ("another origin, old browser without fetch metadata", [("Origin", "http://evil.example")]),
        ];
        foreach (var hub in hubs)
        {
            var (method, route) = (hub.Key.Split(' ')[0], hub.Key.Split(' ', 2)[1]);
            foreach (var (name, headers) in foreign)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), route + (route.EndsWith("/negotiate", StringComparison.Ordinal) ? "?negotiateVersion=1" : ""));
                request.Headers.Add("Cookie", cookie);
                foreach (var (h, v) in headers) request.Headers.TryAddWithoutValidation(h, v);
                using var response = await raw.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.Forbidden || !body.Contains("/problems/cross-site-request", StringComparison.Ordinal))
                    failures.Add($"{method} {route}, {name}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 160)]}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The monitor page's own script (same origin) still negotiates (SignalR's negotiate is a POST).
        var negotiates = hubs.Where(h => h.Key.EndsWith("/negotiate", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(negotiates);
        foreach (var negotiate in negotiates)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, negotiate.Key.Split(' ', 2)[1] + "?negotiateVersion=1");
            request.Headers.Add("Cookie", cookie);
            request.Headers.TryAddWithoutValidation("Origin", "http://localhost");
            request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
            using var response = await raw.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{negotiate.Key} from the same origin: {(int)response.StatusCode}");
        }
    }
}
