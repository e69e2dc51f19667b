using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Security;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>Every page's stylesheets, scripts, icons and images exist; the browser's own request for /favicon.ico answers.</summary>
[Collection(AppCollection.Name)]
public sealed partial class AssetsTests(ParIndexFactory app)
{
    [GeneratedRegex("<(?:link|script|img)\\b[^>]*?\\b(?:href|src)=\"(?<u>/[^\"]*)\"")]
    private static partial Regex Asset();

    [Fact]
    public async Task The_favicon_answers_with_an_icon()
    {
        var icon = await app.CreateClient().GetAsync("/favicon.ico");
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        var bytes = await icon.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]);
    }

    [Fact]
    public async Task Every_page_references_only_assets_that_exist()
    {
        var roundId = await app.WithDb(db => db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var (token, _) = await app.IssueTokenAsync();
        var admin = await app.CreateClientAs(Roles.Admin);
        var anonymous = app.CreateClient();
        var pages = EndpointMatrixTests.Endpoints(app.Services).Where(e => e.Key.StartsWith("GET /", StringComparison.Ordinal) && !e.IsApi)
            .Select(e => RouteSamples.Fill(e.Key[4..], roundId, "SO", token: token)).Distinct().ToList();
        Assert.True(pages.Count > 30, $"only {pages.Count} pages found");
        var assets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var page in pages)
            foreach (var client in new[] { admin, anonymous })
            {
                var response = await client.GetAsync(page);
                if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
                foreach (Match m in Asset().Matches(await response.Content.ReadAsStringAsync())) assets.TryAdd(WebUtility.HtmlDecode(m.Groups["u"].Value), page);
            }
        Assert.Contains(assets.Keys, a => a.StartsWith("/css/site.css", StringComparison.Ordinal));
        Assert.Contains("/favicon.ico", assets.Keys);
        var missing = new List<string>();
        foreach (var (asset, page) in assets)
        {
            var response = await admin.GetAsync(asset);
            if (response.StatusCode != HttpStatusCode.OK) missing.Add($"{asset} (on {page}): {(int)response.StatusCode}");
        }
        Assert.True(missing.Count == 0, "Assets that do not answer:\n" + string.Join("\n", missing));
    }
}
