using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Accounts;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParIndex.Web.Tests.Security;

/// <summary>
/// Sign-in reveals nothing and cannot be turned against an official (issue #19, item 11). Over real HTTP (Kestrel on
/// loopback) from real, distinct client addresses (sockets bound to 127.0.0.2, .3, … — Linux routes all of 127/8 to
/// the loopback interface): an unknown name and an existing account with a wrong password get the same status, the
/// same body and the same time (medians of 24 tries each, interleaved; within 25 % + 3 ms), on the first tries and after
/// the backoff begins; failures from one address never stop the owner signing in from another.
/// </summary>
public sealed class SignInDisclosureTests(SignInDisclosureTests.OwnApp app, ITestOutputHelper output) : IClassFixture<SignInDisclosureTests.OwnApp>
{
    /// <summary>Production sign-in policy (5 failures, then 30 s doubling), no per-IP or per-account minute limits in the way.</summary>
    public sealed class OwnApp : ParIndexFactory
    {
        /// <summary>Kestrel on loopback, started before anything else touches the server (it cannot start later).</summary>
        public OwnApp() => Root = StartKestrel();

        public Uri Root { get; }
    }

    public const double RelativeTolerance = 0.25;
    public const double AbsoluteToleranceMs = 3;

    /// <summary>An HTTP client whose connections come from <paramref name="source"/> (a loopback address).</summary>
    public static HttpClient From(Uri root, string source, CookieContainer? cookies = null) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    }) { BaseAddress = root };

    private async Task<(string Email, string Password)> NewAccount(string role = Roles.Viewer)
    {
        var email = $"signin-{Guid.NewGuid():N}@tests.parindex.local";
        var password = StaffAccounts.NewPassword();
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        await StaffAccounts.CreateAsync(sp.GetRequiredService<UserManager<StaffUser>>(), sp.GetRequiredService<RoleManager<IdentityRole>>(),
            sp.GetRequiredService<ParIndexDbContext>(), email, password, role, "tests", DateTime.UtcNow);
        return (email, password);
    }

    private static async Task<(int Status, string Body, string? RetryAfter, double Ms)> Try(HttpClient client, string email, string password)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        var body = await response.Content.ReadAsStringAsync();
        watch.Stop();
        // The trace id differs per request by design; everything else must be identical.
        var json = body.Length > 0 ? JsonNode.Parse(body)!.AsObject() : new JsonObject();
        json.Remove("traceId");
        return ((int)response.StatusCode, json.ToJsonString(), response.Headers.RetryAfter?.ToString(), watch.Elapsed.TotalMilliseconds);
    }

    private static double Median(IEnumerable<double> xs)
    {
        var s = xs.OrderBy(x => x).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private void AssertSameTime(string what, IReadOnlyList<double> existing, IReadOnlyList<double> unknown)
    {
        var (me, mu) = (Median(existing), Median(unknown));
        output.WriteLine($"{what}: median {me:0.0} ms for existing accounts, {mu:0.0} ms for unknown names ({existing.Count} and {unknown.Count} tries)");
        var allowed = RelativeTolerance * Math.Max(me, mu) + AbsoluteToleranceMs;
        Assert.True(Math.Abs(me - mu) <= allowed, $"{what}: medians {me:0.0} ms (existing) and {mu:0.0} ms (unknown) differ by more than {allowed:0.0} ms");
    }

    [Fact]
    public async Task Unknown_names_and_existing_accounts_get_the_same_status_body_and_time_on_first_tries()
    {
        var client = From(app.Root, "127.0.0.5");
        await Try(client, "warm-up@tests.parindex.local", "wrong-password-1"); // JIT, connection, the dummy hash
        var accounts = new List<string>();
        for (var i = 0; i < 24; i++) accounts.Add((await NewAccount()).Email);
        var existing = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 24; i++)
        {
            var e = await Try(client, accounts[i], "wrong-password-" + i);
            var u = await Try(client, $"nobody-{Guid.NewGuid():N}@tests.parindex.local", "wrong-password-" + i);
            Assert.Equal((e.Status, e.Body, e.RetryAfter), (u.Status, u.Body, u.RetryAfter));
            Assert.Equal(401, e.Status);
            existing.Add(e.Ms);
            unknown.Add(u.Ms);
        }
        AssertSameTime("first tries", existing, unknown);
    }

    [Fact]
    public async Task Unknown_names_and_existing_accounts_stay_indistinguishable_after_repeated_failures()
    {
        var client = From(app.Root, "127.0.0.6");
        var (email, _) = await NewAccount();
        var nobody = $"nobody-{Guid.NewGuid():N}@tests.parindex.local";
        var existing = new List<(int Status, string Body, string? RetryAfter, double Ms)>();
        var unknown = new List<(int Status, string Body, string? RetryAfter, double Ms)>();
        for (var i = 0; i < 24; i++)
        {
            existing.Add(await Try(client, email, "wrong-password-" + i));
            unknown.Add(await Try(client, nobody, "wrong-password-" + i));
        }
        Assert.Equal(existing.Select(x => (x.Status, x.Body)), unknown.Select(x => (x.Status, x.Body)));
        Assert.Equal(Enumerable.Repeat(401, 5).Concat(Enumerable.Repeat(429, 19)), existing.Select(x => x.Status));
        Assert.All(existing.Skip(5).Concat(unknown.Skip(5)), x => Assert.NotNull(x.RetryAfter));
        AssertSameTime("after failures (401 then 429)", existing.Select(x => x.Ms).ToList(), unknown.Select(x => x.Ms).ToList());

        // The login page answers both alike too: same status and the same page but for the echoed name.
        var pageE = await LoginPage(From(app.Root, "127.0.0.7", new CookieContainer()), email);
        var pageU = await LoginPage(From(app.Root, "127.0.0.7", new CookieContainer()), nobody);
        Assert.Equal(pageE.Status, pageU.Status);
        Assert.Equal(pageE.Html.Replace(email, "NAME", StringComparison.Ordinal), pageU.Html.Replace(nobody, "NAME", StringComparison.Ordinal));
    }

    private static async Task<(int Status, string Html)> LoginPage(HttpClient client, string email)
    {
        var token = HttpExtensions.HiddenInputs(await client.GetStringAsync("/login"))["__RequestVerificationToken"];
        var response = await client.PostAsync("/login", new FormUrlEncodedContent([KeyValuePair.Create("Email", email), KeyValuePair.Create("Password", "wrong-password-1"),
            KeyValuePair.Create("__RequestVerificationToken", token)]));
        var html = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, System.Text.RegularExpressions.Regex.Replace(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"", "TOKEN"));
    }

    [Fact]
    public async Task An_outsider_failing_again_and_again_cannot_lock_the_owner_out()
    {
        var (email, password) = await NewAccount(Roles.Designer);
        var outsider = From(app.Root, "127.0.0.2");
        var statuses = new List<int>();
        for (var i = 0; i < 30; i++) statuses.Add((await Try(outsider, email, "guess-" + i)).Status);
        Assert.Equal(Enumerable.Repeat(401, 5).Concat(Enumerable.Repeat(429, 25)), statuses);
        // Even the right password waits out the outsider's backoff from the outsider's address: no oracle there either.
        Assert.Equal(429, (await Try(outsider, email, password)).Status);

        var owner = From(app.Root, "127.0.0.3", new CookieContainer());
        var signIn = await owner.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/v1/rounds/")).StatusCode);
    }
}

/// <summary>The per-account limit across addresses spares the browser the account signed in from before.</summary>
public sealed class KnownDeviceSignInTests(KnownDeviceSignInTests.OwnApp app) : IClassFixture<KnownDeviceSignInTests.OwnApp>
{
    public sealed class OwnApp : ParIndexFactory
    {
        /// <summary>Kestrel on loopback, started before anything else touches the server (it cannot start later).</summary>
        public OwnApp() => Root = StartKestrel();

        public Uri Root { get; }

        protected override IReadOnlyDictionary<string, string> RateLimitSettings { get; } = new Dictionary<string, string>
        {
            ["TokenPerIpPerMinute"] = "1000000", ["TokenPerTokenPerMinute"] = "1000000", ["SubmissionsPerIpPerMinute"] = "1000000",
            ["LoginPerIpPerMinute"] = "1000000", ["LoginPerAccountPerMinute"] = "3",
        };
    }

    [Fact]
    public async Task Guessing_from_many_addresses_uses_up_the_account_limit_but_not_for_the_owners_own_browser()
    {
        var email = $"device-{Guid.NewGuid():N}@tests.parindex.local";
        var password = StaffAccounts.NewPassword();
        using (var scope = app.Services.CreateScope())
            await StaffAccounts.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>(), scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>(),
                scope.ServiceProvider.GetRequiredService<ParIndexDbContext>(), email, password, Roles.Supervisor, "tests", DateTime.UtcNow);
        // The owner's browser signed in before (the first of the minute's 3 attempts for the name): it holds the device cookie.
        var ownBrowser = SignInDisclosureTests.From(app.Root, "127.0.0.10", new CookieContainer());
        Assert.Equal(HttpStatusCode.NoContent, (await ownBrowser.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).StatusCode);

        // Guesses from four addresses: two use up the rest of the minute's budget for the name, the next are refused.
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
            statuses.Add((int)(await SignInDisclosureTests.From(app.Root, $"127.0.0.{11 + i}").PostAsJsonAsync("/api/v1/auth/login", new { email, password = "guess" })).StatusCode);
        Assert.Equal([401, 401, 429, 429], statuses);

        // The owner's own browser still signs in; a browser that never signed in waits (documented: docs/security.md).
        Assert.Equal(HttpStatusCode.NoContent, (await ownBrowser.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInDisclosureTests.From(app.Root, "127.0.0.20").PostAsJsonAsync("/api/v1/auth/login", new { email, password })).StatusCode);
    }
}
