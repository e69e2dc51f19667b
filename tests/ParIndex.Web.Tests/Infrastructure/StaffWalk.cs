using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Features.SelfAssessment;
using ParIndex.Web.Tests.Security;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>
/// What the page walkers share: every staff page of the app — from its endpoints, not a list — with the policy that
/// guards it, its route filled with real ids of the demo round (<see cref="DemoRouteValues"/>), and a signed-in client
/// per role and language (the language chosen through the switch, as a person does). Admin opens every page whose
/// policy admits Admin; a page for one role only (the unit reporter's) is opened by that role.
/// </summary>
public sealed class StaffWalk(SelfAssessmentApp app, DemoRouteValues ids)
{
    public DemoRouteValues Ids => ids;

    public static async Task<StaffWalk> Prepare(SelfAssessmentApp app) => new(app, await DemoRouteValues.Prepare(app));

    /// <summary>Routes of the app's Razor pages, from its endpoints (the API has walkers of its own).</summary>
    public static List<string> PageRoutes(IServiceProvider services) => services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<ActionDescriptor>() is CompiledPageActionDescriptor)
        .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
        .Where(r => r != "/Index")
        .Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Every page a signed-in staff member opens (anonymous pages — sign-in, respondents' forms — left out).</summary>
    public List<(string Route, string Policy)> StaffPages() => PageRoutes(app.Services)
        .Select(route => (Route: route, Policy: EndpointMatrixTests.Matrix.GetValueOrDefault("GET " + route) ?? Policies.Staff))
        .Where(p => p.Policy != EndpointMatrixTests.Anonymous)
        .ToList();

    public static string RoleFor(string policy) => Policies.RolesOf[policy].Contains(Roles.Admin) ? Roles.Admin : Policies.RolesOf[policy][0];

    /// <summary>GET a page as a person's browser does, following the site's own redirects (e.g. /field to the current round's page).</summary>
    public static async Task<(System.Net.HttpStatusCode Status, string Html, Uri Address)> Open(HttpClient client, string path)
    {
        var address = new Uri(client.BaseAddress!, path);
        for (var hop = 0; ; hop++)
        {
            using var response = await client.GetAsync(address);
            var html = await response.Content.ReadAsStringAsync();
            if (hop < 3 && (int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } next
                && new Uri(address, next) is { } to && to.Host == address.Host && !to.AbsolutePath.StartsWith("/login", StringComparison.Ordinal) && !to.AbsolutePath.StartsWith("/denied", StringComparison.Ordinal))
            {
                address = to;
                continue;
            }
            return (response.StatusCode, html, address);
        }
    }

    private readonly Dictionary<string, HttpClient> clients = [];

    public async Task<HttpClient> ClientFor(string policy, string language)
    {
        var role = RoleFor(policy);
        if (clients.TryGetValue(role + language, out var known)) return known;
        var (email, password) = role == Roles.UnitReporter ? await app.ReporterAccount(ids.ReporterUnitCode) : await app.AccountFor(role);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).EnsureSuccessStatusCode();
        // The language as a person chooses it: the switch sets the culture cookie.
        (await client.GetAsync($"/lang/{language}?returnUrl=/")).Dispose();
        return clients[role + language] = client;
    }
}
