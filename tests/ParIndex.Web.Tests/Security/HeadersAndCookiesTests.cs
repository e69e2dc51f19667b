using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

[Collection(AppCollection.Name)]
public sealed class HeadersAndCookiesTests(ParIndexFactory app)
{
    [Theory]
    [InlineData("/login")]
    [InlineData("/health")]
    [InlineData("/css/site.css")]
    [InlineData("/api/v1/forms/not-a-token")]
    [InlineData("/r/not-a-token")]
    [InlineData("/does-not-exist")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Cross-Origin-Opener-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Token_pages_and_the_respondent_api_are_never_cached()
    {
        var (token, _) = await app.IssueTokenAsync();
        var client = app.CreateClient();
        foreach (var path in new[] { $"/r/{token}", $"/api/v1/forms/{token}" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, path);
        }
    }

    [Fact]
    public async Task Pages_have_no_inline_script_or_style_the_policy_would_block()
    {
        var (token, _) = await app.IssueTokenAsync();
        var staff = await app.CreateClientAs(Roles.Admin);
        foreach (var (client, path) in new[] { (app.CreateClient(), $"/r/{token}"), (app.CreateClient(), "/login"), (staff, "/"), (staff, "/rounds/new"), (staff, "/admin/audit"), (staff, "/admin/users") })
        {
            var html = await client.GetStringAsync(path);
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", html);
            Assert.DoesNotContain("<style", html);
            Assert.DoesNotMatch("\\sstyle=\"", html);
            Assert.DoesNotMatch("\\son[a-z]+=\"", html);
        }
    }

    [Fact]
    public async Task Auth_and_antiforgery_cookies_are_http_only_and_same_site_strict()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var page = await client.GetAsync("/login");
        var af = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parindex.af="));
        Assert.Contains("httponly", af, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", af, StringComparison.OrdinalIgnoreCase);

        var (email, password) = await app.AccountFor(Roles.Viewer);
        var login = await client.PostAsync("/api/v1/auth/login", JsonContent.Create(new { email, password }));
        var auth = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parindex.auth="));
        Assert.Contains("httponly", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cookies_are_secure_on_https_requests()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        var (email, password) = await app.AccountFor(Roles.Viewer);
        var login = await client.PostAsync("/api/v1/auth/login", JsonContent.Create(new { email, password }));
        Assert.Contains("secure", login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parindex.auth=")), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every page that accepts a POST refuses one without the anti-forgery token, whoever posts it.</summary>
    [Fact]
    public async Task Every_post_page_refuses_a_post_without_the_antiforgery_token()
    {
        var (token, _) = await app.IssueTokenAsync();
        var admin = await app.CreateClientAs(Roles.Admin, followRedirects: false);
        var roundId = await app.WithDb(db => Task.FromResult(db.Rounds.OrderBy(r => r.Id).First().Id));
        var pages = EndpointMatrixTests.Endpoints(app.Services).Where(e => e.Key.StartsWith("POST /") && !e.IsApi).ToList();
        Assert.NotEmpty(pages);
        foreach (var e in pages)
        {
            var path = e.Key[5..].Replace("{roundId:int}", roundId.ToString()).Replace("{unitType}", "SO").Replace("{token}", token)
                .Replace("{versionId:int}", "1").Replace("{questionnaireId:int}", "1");
            var response = await admin.PostAsync(path, new FormUrlEncodedContent([KeyValuePair.Create("x", "1")]));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{e.Key}: {(int)response.StatusCode}");
        }
    }
}
