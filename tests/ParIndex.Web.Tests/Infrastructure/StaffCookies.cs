using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>Staff sessions as raw cookies, for tests that must send (or replay) the cookie themselves.</summary>
public static class StaffCookies
{
    /// <summary>Signs in as <paramref name="role"/> through the real API; returns the Cookie header value <c>parindex.auth=…</c>.</summary>
    public static async Task<string> SignInAsync(this ParIndexFactory app, string role)
    {
        var (email, password) = await app.AccountFor(role);
        return await app.SignInAsync(email, password);
    }

    public static async Task<string> SignInAsync(this ParIndexFactory app, string email, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.True(login.IsSuccessStatusCode, $"sign-in as {email}: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        return login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parindex.auth=", StringComparison.Ordinal)).Split(';')[0];
    }

    /// <summary>A client that sends no cookie of its own and follows no redirect: the test adds the Cookie header.</summary>
    public static HttpClient RawClient(this ParIndexFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
}
