using System.Net;
using System.Text.RegularExpressions;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>
/// One catalogue of problems: every code the sources can raise (a <c>DomainException</c> of Core or the web, a code
/// handed to <c>Problems</c>, a link's refusal) has an entry with its status and text in Vietnamese and English, and a
/// <c>/problems/{code}</c> page that explains it in both.
/// </summary>
[Collection(AppCollection.Name)]
public sealed partial class ProblemsTests(ParIndexFactory app)
{
    [GeneratedRegex(@"DomainException\(\s*""(?<code>[^""]+)""")]
    private static partial Regex Thrown();

    [GeneratedRegex(@"Problems\.(Result|Create|Of)\(\s*""(?<code>[^""]+)""")]
    private static partial Regex Handed();

    [GeneratedRegex(@"""(?<code>token-[a-z-]+)""")]
    private static partial Regex LinkCodes();

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ParIndex.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ParIndex.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Every problem code written in the product's sources, with where it was found.</summary>
    private static List<(string Code, string File)> CodesInSources()
    {
        var found = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root(), "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains("/bin/") || file.Contains("/obj/") || file.Contains("/Migrations/")) continue;
            var text = File.ReadAllText(file);
            foreach (var regex in new[] { Thrown(), Handed(), LinkCodes() })
                foreach (Match m in regex.Matches(text)) found.Add((m.Groups["code"].Value, Path.GetRelativePath(Root(), file)));
        }
        return found;
    }

    [Fact]
    public void Every_problem_code_used_in_the_sources_has_a_catalogue_entry()
    {
        var codes = CodesInSources();
        // Guards the scan: it must see the codes everyone knows are there (Core's and the web's).
        Assert.Contains(codes, c => c.Code == "assessment-illegal-step" && c.File.Contains("ParIndex.Core"));
        Assert.Contains(codes, c => c.Code == "round-structure-locked" && c.File.Contains("ParIndex.Web"));
        Assert.True(codes.Select(c => c.Code).Distinct().Count() >= 30, "The scan found too few codes to be reading the sources.");
        var missing = codes.Where(c => !Problems.All.ContainsKey(c.Code)).Select(c => $"{c.Code} ({c.File})").Distinct().ToList();
        Assert.True(missing.Count == 0, "Problem codes without a catalogue entry:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_status_the_framework_answers_by_itself_has_an_entry()
    {
        for (var status = 400; status < 600; status++) Assert.True(Problems.All.ContainsKey(Problems.CodeForStatus(status)), $"status {status}");
    }

    [Fact]
    public void Every_entry_is_said_in_Vietnamese_and_in_English()
    {
        foreach (var p in Problems.All.Values)
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Vi), p.Code);
            Assert.False(string.IsNullOrWhiteSpace(p.En), p.Code);
            Assert.NotEqual(p.Vi, p.En);
            Assert.InRange(p.Status, 400, 599);
        }
    }

    [Fact]
    public async Task Every_entry_has_a_page_in_both_languages()
    {
        var client = app.CreateClient();
        var english = app.CreateClient();
        await english.GetAsync("/lang/en");   // the language switch: a cookie, as a person's browser keeps it
        foreach (var p in Problems.All.Values)
        {
            var vi = await client.GetAsync($"/problems/{p.Code}");
            Assert.Equal(HttpStatusCode.OK, vi.StatusCode);
            var body = await vi.ReadJson();
            Assert.Equal(p.Type, body.GetProperty("type").GetString());
            Assert.Equal(p.Status, body.GetProperty("status").GetInt32());
            Assert.Equal(p.Vi, body.GetProperty("title").GetString());
            Assert.Equal(p.Vi, body.GetProperty("titleVi").GetString());
            Assert.Equal(p.En, body.GetProperty("titleEn").GetString());
            var en = await (await english.GetAsync($"/problems/{p.Code}")).ReadJson();
            Assert.Equal(p.En, en.GetProperty("title").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/problems/no-such-problem")).StatusCode);
    }
}
