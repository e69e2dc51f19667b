using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ParIndex.Web.Infrastructure;

/// <summary>
/// Markdown from questionnaire texts (labels, hints, choices, titles — typed by designers or imported from XLSForm) as
/// HTML with a safe subset only: paragraphs, headings, emphasis, lists, block quotes, code, pipe tables, and links whose
/// address is absolute <c>http</c>, <c>https</c> or <c>mailto</c>. Raw HTML is shown as text; any other link
/// (<c>javascript:</c>, <c>data:</c>, <c>vbscript:</c>, relative addresses, …) keeps its text and loses its address;
/// images are never loaded — their alternative text is shown instead — so a printed form fetches nothing from outside.
/// The page's CSP would block most of this too; this does not rely on it.
/// </summary>
public static class SafeMarkdown
{
    public static readonly IReadOnlyList<string> LinkSchemes = ["http", "https", "mailto"];

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public static string ToHtml(string markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>().ToList())
            if (link.IsImage || !IsAllowed(link.Url)) Unwrap(link);
        foreach (var auto in document.Descendants<AutolinkInline>().ToList())
            if (!IsAllowed(auto.IsEmail ? "mailto:" + auto.Url : auto.Url)) auto.ReplaceBy(new LiteralInline(auto.Url));
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>An absolute address with an allowed scheme, judged as a browser reads it (control characters and spaces ignored).</summary>
    public static bool IsAllowed(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return false;
        var cleaned = new string(url.Where(c => c > ' ' && !char.IsControl(c)).ToArray());
        var colon = cleaned.IndexOf(':');
        if (colon <= 0) return false;
        var scheme = cleaned[..colon];
        if (scheme.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))) return false;
        return LinkSchemes.Contains(scheme.ToLowerInvariant())
               && Uri.TryCreate(cleaned, UriKind.Absolute, out var uri) && LinkSchemes.Contains(uri.Scheme);
    }

    /// <summary>Replaces a link or image by its text.</summary>
    private static void Unwrap(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }
        link.Remove();
    }
}
