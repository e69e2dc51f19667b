using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

/// <summary>
/// The menus are derived from the endpoints' own authorization (LinkAccess): for every role, every link of the menu, of
/// the round list and of a round's parts answers 200 — no link leads to a refusal or to an address nothing serves.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class MenuLinksTests(ParIndexFactory app)
{
    [GeneratedRegex("<nav[^>]*id=\"menu\"[^>]*>(?<b>.*?)</nav>", RegexOptions.Singleline)]
    private static partial Regex Menu();

    [GeneratedRegex("<p id=\"round-parts\">(?<b>.*?)</p>|<a href=\"[^\"]*\" id=\"monitor-link\">", RegexOptions.Singleline)]
    private static partial Regex RoundParts();

    [GeneratedRegex("<main[^>]*>(?<b>.*?)</main>", RegexOptions.Singleline)]
    private static partial Regex MainBlock();

    [GeneratedRegex("<a [^>]*href=\"(?<h>/[^\"]*)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<a class=\"brand\" href=\"(?<h>[^\"]*)\"")]
    private static partial Regex Brand();

    private static IEnumerable<string> Hrefs(string html) => Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["h"].Value));

    /// <summary>The links a person navigates by on <paramref name="page"/>: the brand and the menu; the round list on the home page; a round's parts.</summary>
    private static IEnumerable<string> NavigationLinks(string page, string html)
    {
        foreach (Match m in Brand().Matches(html)) yield return WebUtility.HtmlDecode(m.Groups["h"].Value);
        foreach (Match m in Menu().Matches(html)) foreach (var h in Hrefs(m.Groups["b"].Value)) yield return h;
        foreach (Match m in RoundParts().Matches(html)) foreach (var h in Hrefs(m.Value)) yield return h;
        if (page == "/") foreach (Match m in MainBlock().Matches(html)) foreach (var h in Hrefs(m.Groups["b"].Value)) yield return h;
    }

    private static async Task<(HttpStatusCode Status, string Landed)> Follow(HttpClient client, string href)
    {
        for (var hops = 0; hops < 5; hops++)
        {
            var answer = await client.GetAsync(href);
            if ((int)answer.StatusCode is < 300 or >= 400 || answer.Headers.Location is not { } next) return (answer.StatusCode, href);
            href = next.IsAbsoluteUri ? next.PathAndQuery : next.OriginalString;
            if (href.StartsWith("/login", StringComparison.Ordinal) || href.StartsWith("/denied", StringComparison.Ordinal)) return (answer.StatusCode, href);
        }
        return (HttpStatusCode.LoopDetected, href);
    }

    [Fact]
    public async Task Every_role_is_shown_only_navigation_links_it_may_open_and_each_answers_200()
    {
        var roundId = await app.WithDb(db => db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var failures = new List<string>();
        var menus = new Dictionary<string, List<string>>();
        foreach (var role in Roles.All)
        {
            var client = await app.CreateClientAs(role, followRedirects: false);
            var checkedLinks = new HashSet<string>(StringComparer.Ordinal);
            foreach (var start in new[] { "/", "/self-assessment", $"/rounds/{roundId}" })
            {
                var response = await client.GetAsync(start);
                // A start address this role may not open is not a link it was shown; its refusal page still has a menu.
                var html = await response.Content.ReadAsStringAsync();
                if (start == "/" || response.StatusCode == HttpStatusCode.OK)
                    foreach (var m in Menu().Matches(html).Cast<Match>()) menus.TryAdd(role, Hrefs(m.Groups["b"].Value).ToList());
                foreach (var href in NavigationLinks(response.StatusCode == HttpStatusCode.OK ? start : "", html))
                {
                    if (!checkedLinks.Add(href)) continue;
                    // Redirects are followed (e.g. /field to the round's paper forms), but never to the sign-in or refusal page.
                    var (status, landed) = await Follow(client, href);
                    if (status != HttpStatusCode.OK) failures.Add($"{role}: {href} (shown on {start}) ends at {landed} with {(int)status}");
                }
            }
            Assert.True(checkedLinks.Count > 0, $"{role} is shown no link at all");
        }
        Assert.True(failures.Count == 0, "Links shown that do not open:\n" + string.Join("\n", failures));
        Assert.Equal(["/self-assessment"], menus[Roles.UnitReporter]);
        Assert.DoesNotContain("/rounds/new", menus[Roles.FieldStaff]);
        Assert.Contains("/admin/users", menus[Roles.Admin]);
    }
}
