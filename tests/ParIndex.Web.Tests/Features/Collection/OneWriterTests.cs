using System.Text.RegularExpressions;

namespace ParIndex.Web.Tests.Features.Collection;

/// <summary>
/// Every path that stores answers goes through Collection: no source outside <c>Features/Collection</c> (web project
/// and CLI; migrations aside) creates, changes or deletes <c>Response</c> or <c>AnswerSet</c> rows — by EF
/// (<c>Add</c>, <c>Remove</c>, <c>Attach</c>, <c>Update</c>, <c>new Response</c>, a response's status or answer sets),
/// by bulk statements (<c>ExecuteUpdate</c>/<c>ExecuteDelete</c> on those sets) or by hand-written SQL.
/// </summary>
public sealed partial class OneWriterTests
{
    private static readonly (string Name, Regex Pattern)[] Writes =
    [
        ("new entity", NewEntity()),
        ("set method", SetMethod()),
        ("Set<T>()", GenericSet()),
        ("answer sets changed", AnswerSetsChanged()),
        ("status changed", StatusChanged()),
        ("bulk statement", Bulk()),
        ("SQL", Sql()),
    ];

    [GeneratedRegex(@"\bnew\s+(Response|AnswerSet)\s*[\(\{]")]
    private static partial Regex NewEntity();

    [GeneratedRegex(@"\b(Responses|AnswerSets)\s*\.\s*(Add|AddRange|AddAsync|AddRangeAsync|Remove|RemoveRange|Update|UpdateRange|Attach|AttachRange)\s*\(")]
    private static partial Regex SetMethod();

    [GeneratedRegex(@"Set<\s*(Core\.Domain\.)?(Response|AnswerSet)\s*>\s*\(\s*\)\s*\.\s*(Add|AddRange|Remove|RemoveRange|Update|UpdateRange|Attach)")]
    private static partial Regex GenericSet();

    [GeneratedRegex(@"\.AnswerSets\s*\.\s*(Add|Clear|Remove|RemoveAt|RemoveAll|Insert)\s*\(")]
    private static partial Regex AnswerSetsChanged();

    [GeneratedRegex(@"\.Status\s*=\s*ResponseStatus\.")]
    private static partial Regex StatusChanged();

    [GeneratedRegex(@"\b(Responses|AnswerSets|Set<Response>\(\)|Set<AnswerSet>\(\))[^;]*\.Execute(Update|Delete)(Async)?\s*\(", RegexOptions.Singleline)]
    private static partial Regex Bulk();

    [GeneratedRegex(@"(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[""\[`{]?\s*(Responses|AnswerSets|Keyed<Response>|Keyed<AnswerSet>|Table<Response>|Table<AnswerSet>)", RegexOptions.IgnoreCase)]
    private static partial Regex Sql();

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ParIndex.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ParIndex.sln not found above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<(string File, string Write, string Text)> WritesIn(params string[] projects)
    {
        var root = Root();
        foreach (var project in projects)
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src", project), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/bin/") || relative.Contains("/obj/") || relative.Contains("/Data/Migrations/")) continue;
            var text = File.ReadAllText(file);
            foreach (var (name, pattern) in Writes)
            foreach (Match m in pattern.Matches(text))
                yield return (relative, name, m.Value.Length > 120 ? m.Value[..120] + "…" : m.Value);
        }
    }

    private static bool InCollection(string file) => file.StartsWith("src/ParIndex.Web/Features/Collection/", StringComparison.Ordinal);

    [Fact]
    public void No_type_outside_Collection_writes_responses_or_answer_sets()
    {
        var outside = WritesIn("ParIndex.Web", "ParIndex.Cli").Where(w => !InCollection(w.File)).Select(w => $"{w.File}: {w.Write}: {w.Text}").ToList();
        Assert.True(outside.Count == 0, "Responses and answer sets are written only by Features/Collection:\n" + string.Join("\n", outside));
    }

    [Fact]
    public void The_scan_sees_the_writes_Collection_does_make()
    {
        // Guards the scan itself: were the patterns or paths wrong, the test above would pass on nothing.
        var inside = WritesIn("ParIndex.Web").Where(w => InCollection(w.File)).ToList();
        Assert.Contains(inside, w => w.File.EndsWith("/SubmitResponse.cs", StringComparison.Ordinal) && w.Write == "new entity");
        Assert.Contains(inside, w => w.File.EndsWith("/FormProgress.cs", StringComparison.Ordinal) && w.Write == "set method");
        Assert.Contains(inside, w => w.File.EndsWith("/FormProgress.cs", StringComparison.Ordinal) && w.Write == "bulk statement");
        Assert.Contains(inside, w => w.File.EndsWith("/PaperResponses.cs", StringComparison.Ordinal) && w.Write == "status changed");
    }
}
