using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Distribution;

/// <summary>
/// The same public-link post arriving several times at once — a double tap, a retry while the first is in flight —
/// is stored once and every copy gets the acknowledgement (issue #19, item 8: it was stored once and answered 500).
/// </summary>
public sealed class PublicLinkRetryTests(PublicLinkRetryTests.OwnApp app) : IClassFixture<PublicLinkRetryTests.OwnApp>
{
    public sealed class OwnApp : ParIndexFactory;

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public async Task The_same_client_id_posted_concurrently_is_stored_once_and_every_post_gets_the_thanks_page(int copies)
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", copies);
        var designer = await app.CreateClientAs(Roles.Designer);
        var created = await designer.PostAsJsonAsync($"/api/v1/rounds/{roundId}/public-links", new { unitId, groupId, quota = 50 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var path = new Uri((await created.ReadJson()).GetProperty("link").GetString()!).AbsolutePath;
        var before = await app.WithDb(db => db.PublicLinks.Where(p => p.UnitId == unitId).Select(p => p.Accepted).SumAsync());

        // One page, one client id; the same post sent by several connections at once, each with the page's anti-forgery
        // cookie and none with the "answered" cookie the first acknowledgement sets (they all left before it came back).
        var raw = app.RawClient();
        var page = await raw.GetAsync(path);
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("parindex.af=", StringComparison.Ordinal)).Split(';')[0];
        var post = HttpExtensions.HiddenInputs(await page.Content.ReadAsStringAsync());
        foreach (var (k, v) in new[] { ("a.channel", "counter"), ("a.sat_access", "4"), ("a.sat_staff", "5"), ("a.sat_result", "4"), ("a.age", "52") }) post[k] = v;
        var clientId = Guid.Parse(post["clientId"]);
        var results = await Task.WhenAll(Enumerable.Range(0, copies).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(post) };
            request.Headers.Add("Cookie", antiforgery);
            return raw.SendAsync(request);
        }));

        var statuses = results.Select(r => (int)r.StatusCode).ToList();
        Assert.True(statuses.All(s => s == 200), "statuses: " + string.Join(", ", statuses));
        foreach (var r in results) Assert.Contains("Cảm ơn", await r.Content.ReadAsStringAsync());
        Assert.Equal(1, await app.WithDb(db => db.Responses.CountAsync(x => x.ClientId == clientId)));
        Assert.Equal(before + 1, await app.WithDb(db => db.PublicLinks.Where(p => p.UnitId == unitId).Select(p => p.Accepted).SumAsync()));
    }
}
