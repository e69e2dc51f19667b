using System.Net;
using System.Net.Http.Json;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

/// <summary>Sign-in attempts per client address, on an app whose per-IP login limit is set low on purpose.</summary>
public sealed class LoginRateLimitTests(LoginRateLimitTests.LowLoginLimit app) : IClassFixture<LoginRateLimitTests.LowLoginLimit>
{
    public sealed class LowLoginLimit : ParIndexFactory
    {
        protected override IReadOnlyDictionary<string, string> RateLimitSettings { get; } = new Dictionary<string, string>
        {
            ["TokenPerIpPerMinute"] = "1000", ["TokenPerTokenPerMinute"] = "1000", ["SubmissionsPerIpPerMinute"] = "1000",
            ["LoginPerIpPerMinute"] = "3", ["LoginPerAccountPerMinute"] = "1000",
        };
    }

    [Fact]
    public async Task Sign_ins_from_one_address_are_limited_on_the_api_and_the_login_page()
    {
        var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
            await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = $"user{i}@tests.parindex.local", password = "wrong-password-1" })).AssertProblem(401, "login-failed");

        await (await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "other@tests.parindex.local", password = "wrong-password-1" })).AssertProblem(429, "rate-limited");
        var page = await client.GetAsync("/login");
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("Quá nhiều yêu cầu", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }
}
