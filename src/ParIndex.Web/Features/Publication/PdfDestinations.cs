using System.Text;
using System.Text.RegularExpressions;

namespace ParIndex.Web.Features.Publication;

/// <summary>
/// Reads where the named destinations of a PDF printed by Chromium land: Chromium writes a destination for every element an
/// internal link points to (<c>&lt;a href="#id"&gt;</c>) in the catalog's <c>/Dests</c> dictionary, each naming its page object;
/// the page tree's <c>/Kids</c> give the pages' order. This is what fills a table of contents with page numbers: print once,
/// read the pages of the section anchors, print again with the numbers (the contents' length does not change between the
/// two prints, so the pages do not move).
/// </summary>
public static partial class PdfDestinations
{
    /// <summary>Destination name → 1-based page number; empty when the PDF has no destinations (or a shape this reader does not know).</summary>
    public static IReadOnlyDictionary<string, int> Pages(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var objects = new Dictionary<int, string>();
        foreach (Match m in ObjectRegex().Matches(text)) objects.TryAdd(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value);
        var root = objects.Values.FirstOrDefault(o => o.Contains("/Type /Catalog", StringComparison.Ordinal));
        if (root is null) return new Dictionary<string, int>();
        var order = new List<int>();
        if (Ref(root, "/Pages") is { } pagesRoot) Walk(pagesRoot, objects, order, 0);
        var pageIndex = order.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i + 1);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (Ref(root, "/Dests") is { } dests && objects.TryGetValue(dests, out var dict))
            foreach (Match d in DestRegex().Matches(dict))
                if (pageIndex.TryGetValue(int.Parse(d.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), out var page)) result[Name(d.Groups[1].Value)] = page;
        return result;
    }

    private static void Walk(int id, Dictionary<int, string> objects, List<int> order, int depth)
    {
        if (depth > 32 || !objects.TryGetValue(id, out var o)) return;
        if (o.Contains("/Type /Pages", StringComparison.Ordinal))
        {
            var kids = KidsRegex().Match(o);
            if (!kids.Success) return;
            foreach (Match r in RefRegex().Matches(kids.Groups[1].Value)) Walk(int.Parse(r.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), objects, order, depth + 1);
        }
        else if (o.Contains("/Type /Page", StringComparison.Ordinal)) order.Add(id);
    }

    private static int? Ref(string obj, string key)
    {
        var m = Regex.Match(obj, Regex.Escape(key) + @"\s+(\d+)\s+0\s+R");
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>A PDF name with its #xx escapes decoded (UTF-8).</summary>
    private static string Name(string raw)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '#' && i + 2 < raw.Length && Uri.IsHexDigit(raw[i + 1]) && Uri.IsHexDigit(raw[i + 2]))
            {
                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.Add((byte)raw[i]);
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }

    [GeneratedRegex(@"(?<![\d])(\d+) 0 obj\s*(.*?)endobj", RegexOptions.Singleline)]
    private static partial Regex ObjectRegex();

    [GeneratedRegex(@"/([^\s/\[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R")]
    private static partial Regex DestRegex();

    [GeneratedRegex(@"/Kids\s*\[([^\]]*)\]")]
    private static partial Regex KidsRegex();

    [GeneratedRegex(@"(\d+)\s+0\s+R")]
    private static partial Regex RefRegex();
}
