using System.Net;
using System.Net.Http.Json;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

/// <summary>The limiter itself, on an app whose limits are set low on purpose.</summary>
public sealed class RateLimitTests(RateLimitTests.LowLimits app) : IClassFixture<RateLimitTests.LowLimits>
{
    public sealed class LowLimits : ParIndexFactory
    {
        protected override IReadOnlyDictionary<string, string> RateLimitSettings { get; } = new Dictionary<string, string>
        {
            ["TokenPerIpPerMinute"] = "1000", ["TokenPerTokenPerMinute"] = "5", ["SubmissionsPerIpPerMinute"] = "1000",
            ["LoginPerIpPerMinute"] = "1000", ["LoginPerAccountPerMinute"] = "3",
        };
    }

    [Fact]
    public async Task Hammering_one_token_gets_429_problem_on_the_api_and_a_vietnamese_page_on_the_form()
    {
        var client = app.CreateClient();
        var token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await client.GetAsync($"/api/v1/forms/{token}")).StatusCode);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));

        var api = await client.GetAsync($"/api/v1/forms/{token}");
        await api.AssertProblem(429, "rate-limited");
        Assert.True(api.Headers.RetryAfter is not null);
        var page = await client.GetAsync($"/r/{token}");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("Quá nhiều yêu cầu", await page.Content.ReadAsStringAsync());

        // Another token from the same address is still served.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/forms/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAC")).StatusCode);
    }

    [Fact]
    public async Task Repeated_sign_ins_for_one_account_are_throttled_and_audited()
    {
        var client = app.CreateClient();
        var email = "spray-target@tests.parindex.local";
        for (var i = 0; i < 3; i++)
            await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password-" + i })).AssertProblem(401, "login-failed");

        await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password-x" })).AssertProblem(429, "rate-limited");
        var audited = await app.WithDb(db => Task.FromResult(db.AuditEntries.Where(a => a.AfterJson!.Contains(email)).Select(a => a.Action).ToList()));
        Assert.Equal(3, audited.Count(a => a == "auth.sign-in-failed"));
        Assert.Contains("auth.throttled", audited);
    }
}
