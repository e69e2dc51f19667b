using System.Text.RegularExpressions;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>
/// A refused handler (validation or a domain rule) becomes the page's error list in one place, the
/// <c>RefusalPageFilter</c>: page models do not catch refusals themselves.
/// </summary>
public sealed partial class RefusalPagesTests
{
    /// <summary>Pages whose refusals are rows of an import report (line, column, message), not the page's error list.</summary>
    private static readonly string[] ImportReports = ["Features/Rounds/Pages/Units.cshtml.cs", "Features/Scoring/Pages/Run.cshtml.cs"];

    [GeneratedRegex(@"catch\s*\(\s*(DomainException|RequestValidationException)\b")]
    private static partial Regex CatchOfRefusal();

    [Fact]
    public void No_page_model_catches_a_refusal_itself()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ParIndex.sln"))) dir = dir.Parent;
        var web = Path.Combine(dir!.FullName, "src", "ParIndex.Web");
        var pages = Directory.EnumerateFiles(Path.Combine(web, "Features"), "*.cs", SearchOption.AllDirectories)
            .Where(f => f.Replace('\\', '/').Contains("/Pages/")).ToList();
        Assert.True(pages.Count > 40, "The scan found too few page models to be reading the sources.");
        var catching = pages.Select(f => Path.GetRelativePath(web, f).Replace('\\', '/'))
            .Where(f => !ImportReports.Contains(f) && CatchOfRefusal().IsMatch(File.ReadAllText(Path.Combine(web, f)))).ToList();
        Assert.True(catching.Count == 0, "Page models catching refusals themselves (derive from RefusablePageModel instead):\n" + string.Join("\n", catching));
    }
}
