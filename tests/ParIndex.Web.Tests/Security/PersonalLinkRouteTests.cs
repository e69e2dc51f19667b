using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

/// <summary>
/// Personal links have one address (issue #19, item 6): every endpoint that takes a token is under the token rate limits
/// and never cached; the old alias <c>/Respond/Form?token=…</c> is gone and answers exactly like any unknown address;
/// the "not valid", "revoked", "expired" and "used" pages of personal and public links are never cached.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class PersonalLinkRouteTests(ParIndexFactory app)
{
    [Fact]
    public async Task Every_endpoint_that_takes_a_token_is_a_token_path_under_the_rate_limits_and_no_store()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var takesToken = new List<string>();
        foreach (var e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            var binds = e.RoutePattern.Parameters.Any(p => p.Name.Equals("token", StringComparison.OrdinalIgnoreCase));
            if (e.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, e.Metadata);
                binds |= compiled.HandlerMethods.Any(h => h.Parameters.Any(p => p.Name.Equals("token", StringComparison.OrdinalIgnoreCase)))
                         || compiled.BoundProperties.Any(p => p.Name.Equals("token", StringComparison.OrdinalIgnoreCase));
            }
            else if (e.Metadata.GetMetadata<MethodInfo>() is { } method)
                binds |= method.GetParameters().Any(p => string.Equals(p.Name, "token", StringComparison.OrdinalIgnoreCase));
            if (binds) takesToken.Add(route);
        }
        Assert.True(takesToken.Count >= 3, string.Join(", ", takesToken));
        var outside = takesToken.Where(r => !SecurityHeaders.IsTokenPath(r.Replace("{token}", Tokens.NewToken()))).ToList();
        Assert.True(outside.Count == 0, "Endpoints taking a token outside the token paths (no token rate limit, cacheable): " + string.Join(", ", outside));
    }

    [Fact]
    public async Task The_old_respond_form_alias_answers_like_any_unknown_address_and_reveals_nothing()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var client = app.RawClient();
        var unknown = await client.GetAsync($"/no-such-page?token={token}");
        // The same answer but for the trace id, which differs per request by design.
        static string Body(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\"traceId\":\"[^\"]*\"", "");
        var body = Body(await unknown.Content.ReadAsStringAsync());
        foreach (var path in new[] { $"/Respond/Form?token={token}", $"/respond/form?token={token}", $"/Respond/Form/?token={token}" })
        {
            var alias = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, alias.StatusCode);
            Assert.Equal(unknown.Content.Headers.ContentType?.MediaType, alias.Content.Headers.ContentType?.MediaType);
            Assert.Equal(body, Body(await alias.Content.ReadAsStringAsync()));
            Assert.DoesNotContain(token, await alias.Content.ReadAsStringAsync());
            var post = await client.PostAsync(path, new FormUrlEncodedContent([KeyValuePair.Create("clientId", Guid.NewGuid().ToString())]));
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
        // Nothing was opened or stored through the alias; the link itself still works.
        Assert.Null(await app.WithDb(db => db.Invitations.Where(i => i.RespondentId == respondentId).OrderByDescending(i => i.Id).Select(i => i.FirstOpenedAt).FirstAsync()));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/r/{token}")).StatusCode);
    }

    [Fact]
    public async Task The_error_pages_of_personal_and_public_links_are_never_cached()
    {
        var (revoked, revokedId) = await app.IssueTokenAsync();
        var (expired, _) = await app.IssueTokenAsync(validUntil: DateTime.UtcNow.AddDays(-1));
        await app.WithDb(async db =>
        {
            var i = await db.Invitations.Where(x => x.RespondentId == revokedId && x.Status == InvitationStatus.Active).OrderByDescending(x => x.Id).FirstAsync();
            i.Status = InvitationStatus.Revoked;
            return await db.SaveChangesAsync();
        });
        var client = app.RawClient();
        foreach (var (path, status) in new[]
                 {
                     ($"/r/{Tokens.NewToken()}", 404), ($"/r/{revoked}", 410), ($"/r/{expired}", 410), ("/r/x", 404),
                     ($"/api/v1/forms/{Tokens.NewToken()}", 404), ($"/api/v1/forms/{revoked}", 410),
                     ("/p/AAAAAAAAAAAAAAAA", 404), ("/p/x", 404),
                 })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control {response.Headers.CacheControl}");
        }
    }
}
