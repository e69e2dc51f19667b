using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using ParIndex.Core.Scoring;
using static ParIndex.Web.Tests.Features.Publication.PublicationApp;

namespace ParIndex.Web.Tests.Features.Publication;

/// <summary>
/// The public site over HTTP, anonymous: nothing of an unpublished round is reachable, every link of a published round
/// answers, every published figure in the open data is the score run's own (withheld exactly where the engine withheld
/// it, no count under k), and the pages are small and cacheable.
/// </summary>
[Collection(PublicationCollection.Name)]
public sealed partial class PublicSiteTests(PublicationApp app)
{
    [GeneratedRegex("href=\"(/cong-bo[^\"#]*)\"")]
    private static partial Regex Links();

    private HttpClient Anonymous() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = app.Root });

    public static TheoryData<string> PathsOfARound => new()
    {
        "", "/don-vi/SO-NV", "/phien-ban", "/du-lieu", "/du-lieu/so-lieu.csv", "/du-lieu/so-lieu.xlsx", "/du-lieu/so-lieu.json", "/du-lieu/so-ma.csv",
        "/bao-cao", "/bao-cao.pdf", "/hoi-nghi", "?lang=en", "/don-vi/SO-NV?lang=en",
    };

    [Theory]
    [MemberData(nameof(PathsOfARound))]
    public async Task Nothing_of_an_unpublished_or_unknown_round_or_version_is_reachable(string path)
    {
        var client = Anonymous();
        foreach (var url in new[] { $"/cong-bo/{Unpublished}{path}", $"/cong-bo/KHONG-CO{path}", $"/cong-bo/{Published}{path}{(path.Contains('?') ? '&' : '?')}phien-ban=99" })
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Chỉ số CCHC 2026", body);
        }
        // The same paths of the published round answer (the PDF needs Chromium: AnalyticalReportTests prints it).
        if (path != "/bao-cao.pdf")
        {
            using var ok = await client.GetAsync($"/cong-bo/{Published}{path}");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
    }

    [Fact]
    public async Task A_unit_not_in_the_published_round_is_not_found()
    {
        using var response = await Anonymous().GetAsync($"/cong-bo/{Published}/don-vi/Q-HOANKIEM");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var old = await Anonymous().GetAsync($"/cong-bo/{Previous}/don-vi/Q-HOANKIEM");
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
    }

    [Fact]
    public async Task The_list_of_publications_names_the_published_rounds_only()
    {
        var html = await Anonymous().GetStringAsync("/cong-bo");
        Assert.Contains($"/cong-bo/{Published}", html);
        Assert.Contains($"/cong-bo/{Previous}", html);
        Assert.DoesNotContain(Unpublished, html);
    }

    [Fact]
    public async Task Every_public_link_answers_in_vietnamese_and_english_and_never_leads_to_an_unpublished_round()
    {
        var client = Anonymous();
        var queue = new Queue<string>([$"/cong-bo", $"/cong-bo/{Published}", $"/cong-bo/{Published}?lang=en", $"/cong-bo/{Previous}"]);
        var seen = new HashSet<string>(queue);
        var failures = new List<string>();
        while (queue.Count > 0 && seen.Count < 600)
        {
            var url = queue.Dequeue();
            using var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK) { failures.Add($"{url}: {(int)response.StatusCode}"); continue; }
            if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await response.Content.ReadAsStringAsync();
            if (html.Contains(Unpublished, StringComparison.Ordinal)) failures.Add($"{url} names {Unpublished}");
            if (url.Contains("lang=en") && html.Contains("<html lang=\"vi\"")) failures.Add($"{url} is not in English");
            foreach (Match m in Links().Matches(html))
            {
                var link = WebUtility.HtmlDecode(m.Groups[1].Value);
                if (link.EndsWith(".pdf", StringComparison.Ordinal) || link.Contains("xep=") || link.Contains("loai=")) continue; // printing and re-sorting: other tests
                if (seen.Add(link)) queue.Enqueue(link);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(seen.Count > 20, $"only {seen.Count} public addresses found");
        Assert.Contains(seen, s => s.StartsWith($"/cong-bo/{Published}/don-vi/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_open_data_carries_every_figure_of_the_score_run_and_nothing_under_k()
    {
        var (runId, run) = await app.PublishedRun(Published);
        using var json = JsonDocument.Parse(await Anonymous().GetStringAsync($"/cong-bo/{Published}/du-lieu/so-lieu.json"));
        Assert.Equal(runId, json.RootElement.GetProperty("publication").GetProperty("scoreRun").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("publication").GetProperty("minCellSize").GetInt32());
        var rows = json.RootElement.GetProperty("figures").EnumerateArray().ToList();
        Assert.NotEmpty(json.RootElement.GetProperty("codebook").EnumerateArray());
        var byKey = rows.GroupBy(r => (Unit: r.GetProperty("unitCode").GetString()!, Measure: r.GetProperty("measure").GetString()!, Component: r.GetProperty("component").GetString()!))
            .ToDictionary(g => g.Key, g => g.First());

        // k = 5 over every row: a withheld row has no number; a count is published only from k up.
        foreach (var r in rows)
        {
            var suppressed = r.GetProperty("suppressed").GetBoolean();
            foreach (var field in new[] { "value", "se", "lower", "upper", "respondents" })
                if (suppressed) Assert.Equal(JsonValueKind.Null, r.GetProperty(field).ValueKind);
            if (r.GetProperty("respondents") is { ValueKind: JsonValueKind.Number } n) Assert.True(n.GetInt32() >= 5, r.ToString());
        }

        // Every estimate of the run, as the run has it.
        var checkedEstimates = 0;
        var withheld = 0;
        void Check(string unit, string measure, string component, Estimate e)
        {
            Assert.True(byKey.TryGetValue((unit, measure, component), out var row), $"{unit} {measure} {component} missing");
            checkedEstimates++;
            if (e.Suppressed)
            {
                withheld++;
                Assert.True(row.GetProperty("suppressed").GetBoolean(), $"{unit} {measure} {component} should be withheld");
                return;
            }
            Assert.False(row.GetProperty("suppressed").GetBoolean());
            if (e.Value is { } v) Assert.Equal(Math.Round(v, 6, MidpointRounding.AwayFromZero), row.GetProperty("value").GetDouble(), 9);
            else Assert.Equal(JsonValueKind.Null, row.GetProperty("value").ValueKind);
        }
        foreach (var u in run.Units)
        {
            Check(u.UnitCode, "survey_points", "", u.SurveyPoints);
            if (u.Index is { } index) Assert.Equal(Math.Round(index, 6, MidpointRounding.AwayFromZero), byKey[(u.UnitCode, "index", "")].GetProperty("value").GetDouble(), 9);
            foreach (var c in u.SurveyCriteria) { Check(u.UnitCode, "criterion_share", c.Criterion, c.Share); Check(u.UnitCode, "criterion_points", c.Criterion, c.Points); }
            foreach (var f in u.Sipas) Check(u.UnitCode, "sipas", f.Code, f.Share);
        }
        foreach (var c in run.Cells) Check(c.UnitCode, "cell_share", $"{c.Group}|{c.Target}", c.Share);
        Assert.True(checkedEstimates > 100);
        Assert.True(withheld > 0, "the demo round should have cells under k (so the rule is exercised)");

        // The CSV is UTF-8 with a BOM and has the same rows.
        var csv = await Anonymous().GetByteArrayAsync($"/cong-bo/{Published}/du-lieu/so-lieu.csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        Assert.Equal(rows.Count + 1, System.Text.Encoding.UTF8.GetString(csv).TrimEnd().Split('\n').Length);
    }

    public static TheoryData<string> Pages => new() { "", "?loai=XA&xep=sipas", "/don-vi/SO-NV", "/don-vi/P-CUANAM", "/hoi-nghi", "/du-lieu", "/phien-ban" };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_public_page_is_under_60_kb_transferred_and_answers_304_to_its_etag(string path)
    {
        var client = Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/cong-bo/{Published}{path}");
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = (await response.Content.ReadAsByteArrayAsync()).Length;
        // What else the page loads (style sheet, the slides' script), as a browser fetches it the first time.
        var html = System.Text.Encoding.UTF8.GetString(await app.CreateClient().GetByteArrayAsync($"/cong-bo/{Published}{path}"));
        var assets = 0;
        foreach (Match m in Regex.Matches(html, "(?:href|src)=\"(/(?:css|js)/[^\"]+)\""))
        {
            using var asset = new HttpRequestMessage(HttpMethod.Get, WebUtility.HtmlDecode(m.Groups[1].Value));
            asset.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
            using var a = await client.SendAsync(asset);
            assets += (await a.Content.ReadAsByteArrayAsync()).Length;
        }
        Assert.True(page + assets < 60 * 1024, $"{path}: {page} + {assets} bytes");
        Assert.DoesNotMatch("<img ", html);

        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("public", response.Headers.CacheControl!.ToString());
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/cong-bo/{Published}{path}");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        // Another language is another answer with its own validator.
        using var english = new HttpRequestMessage(HttpMethod.Get, $"/cong-bo/{Published}{path}{(path.Contains('?') ? '&' : '?')}lang=en");
        english.Headers.IfNoneMatch.Add(etag);
        using var en = await client.SendAsync(english);
        Assert.Equal(HttpStatusCode.OK, en.StatusCode);
        Assert.NotEqual(etag, en.Headers.ETag);
    }
}
