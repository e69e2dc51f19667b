using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;

namespace ParIndex.Web.Features.Publication;

/// <summary>
/// Charts drawn on the server as SVG — no script, no image request, readable at 390 px (a 400-unit-wide drawing scaled to the
/// page) — each with a text alternative: a <c>title</c> and a <c>desc</c> that says what the chart shows and, for short
/// lists, every value; the page shows the same figures in a table. Styling is by class (public.css), never inline, so the
/// site's content security policy holds.
/// </summary>
public static class Charts
{
    /// <summary>One bar: a label, a value with its interval (null: no bar, <paramref name="Missing"/> said instead), marked or not.</summary>
    public sealed record Bar(string Label, double? Value, double? Lower, double? Upper, string Text, string? Missing = null, bool Marked = false);

    /// <summary>A reference line across the bars (a target, the city's figure).</summary>
    public sealed record Reference(double Value, string Label);

    /// <summary>One unit's rank and its interval on a dot plot.</summary>
    public sealed record RankDot(string Label, int Rank, int Lower, int Upper, bool Marked = false);

    /// <summary>One year's point of a trend, with its interval.</summary>
    public sealed record TrendPoint(string Year, double Value, double? Lower, double? Upper, string Text);

    private const double Width = 400;

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>Horizontal bars from 0 to <paramref name="max"/> with the interval as whiskers.</summary>
    public static HtmlString Bars(string id, string title, IReadOnlyList<Bar> bars, double max, string summary, Reference? reference = null)
    {
        const double row = 20, labelWidth = 150, valueWidth = 58, top = 6;
        var plot = Width - labelWidth - valueWidth;
        double X(double v) => labelWidth + Math.Clamp(v / max, 0, 1) * plot;
        var height = top + bars.Count * row + (reference is null ? 8 : 22);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart bars\" viewBox=\"0 0 {F(Width)} {F(height)}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{E(title)}</title><desc id=\"{id}-d\">{E(Describe(summary, bars.Select(b => $"{b.Label}: {b.Text}").ToList()))}</desc>");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = top + i * row;
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"label{(b.Marked ? " marked" : "")}\" x=\"{F(labelWidth - 4)}\" y=\"{F(y + 13)}\" text-anchor=\"end\">{E(Clip(b.Label, 26))}</text>");
            if (b.Value is { } v && double.IsFinite(v))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar{(b.Marked ? " marked" : "")}\" x=\"{F(labelWidth)}\" y=\"{F(y + 3)}\" width=\"{F(X(v) - labelWidth)}\" height=\"12\"/>");
                if (b.Lower is { } lo && b.Upper is { } hi && double.IsFinite(lo) && double.IsFinite(hi))
                    sb.Append(CultureInfo.InvariantCulture, $"<path class=\"ci\" d=\"M{F(X(lo))} {F(y + 9)}H{F(X(hi))}M{F(X(lo))} {F(y + 5)}V{F(y + 13)}M{F(X(hi))} {F(y + 13)}V{F(y + 5)}\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{F(Width - 2)}\" y=\"{F(y + 13)}\" text-anchor=\"end\">{E(b.Text)}</text>");
            }
            else sb.Append(CultureInfo.InvariantCulture, $"<text class=\"missing\" x=\"{F(labelWidth + 4)}\" y=\"{F(y + 13)}\">{E(b.Missing ?? "—")}</text>");
        }
        if (reference is not null)
        {
            var x = X(reference.Value);
            sb.Append(CultureInfo.InvariantCulture, $"<path class=\"reference\" d=\"M{F(x)} {F(top)}V{F(top + bars.Count * row)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"reference-label\" x=\"{F(Math.Min(x, Width - 90))}\" y=\"{F(height - 4)}\">{E(reference.Label)}</text>");
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    /// <summary>A dot per unit at its rank, with a line over its rank interval: units whose lines overlap cannot be told apart.</summary>
    public static HtmlString RankRanges(string id, string title, IReadOnlyList<RankDot> dots, int count, string summary)
    {
        const double row = 14, labelWidth = 150, top = 18;
        var plot = Width - labelWidth - 10;
        double X(double rank) => labelWidth + (count <= 1 ? 0.5 : (rank - 1) / (count - 1)) * plot;
        var height = top + dots.Count * row + 6;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart ranks\" viewBox=\"0 0 {F(Width)} {F(height)}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{E(title)}</title><desc id=\"{id}-d\">{E(Describe(summary, dots.Select(d => $"{d.Label}: {d.Rank} ({d.Lower}–{d.Upper})").ToList()))}</desc>");
        foreach (var tick in Ticks(count))
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(X(tick))}\" y=\"11\" text-anchor=\"middle\">{tick}</text><path class=\"grid\" d=\"M{F(X(tick))} {F(top - 4)}V{F(height - 4)}\"/>");
        for (var i = 0; i < dots.Count; i++)
        {
            var d = dots[i];
            var y = top + i * row + 7;
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"label small{(d.Marked ? " marked" : "")}\" x=\"{F(labelWidth - 4)}\" y=\"{F(y + 3.5)}\" text-anchor=\"end\">{E(Clip(d.Label, 28))}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<path class=\"range{(d.Marked ? " marked" : "")}\" d=\"M{F(X(d.Lower))} {F(y)}H{F(X(d.Upper))}\"/><circle class=\"dot{(d.Marked ? " marked" : "")}\" cx=\"{F(X(d.Rank))}\" cy=\"{F(y)}\" r=\"3\"/>");
        }
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    /// <summary>A line through the years with each year's interval; an empty series draws nothing.</summary>
    public static HtmlString Trend(string id, string title, IReadOnlyList<TrendPoint> points, double min, double max, string summary)
    {
        if (points.Count == 0) return HtmlString.Empty;
        const double height = 150, left = 44, right = 16, top = 12, bottom = 26;
        var plotW = Width - left - right;
        var plotH = height - top - bottom;
        double X(int i) => left + (points.Count == 1 ? plotW / 2 : i * plotW / (points.Count - 1));
        double Y(double v) => top + (1 - Math.Clamp((v - min) / (max - min), 0, 1)) * plotH;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart trend\" viewBox=\"0 0 {F(Width)} {F(height)}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{E(title)}</title><desc id=\"{id}-d\">{E(Describe(summary, points.Select(p => $"{p.Year}: {p.Text}").ToList()))}</desc>");
        foreach (var v in new[] { min, (min + max) / 2, max })
            sb.Append(CultureInfo.InvariantCulture, $"<path class=\"grid\" d=\"M{F(left)} {F(Y(v))}H{F(Width - right)}\"/><text class=\"axis\" x=\"{F(left - 4)}\" y=\"{F(Y(v) + 3)}\" text-anchor=\"end\">{F(v)}</text>");
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (p.Lower is { } lo && p.Upper is { } hi)
                sb.Append(CultureInfo.InvariantCulture, $"<path class=\"ci\" d=\"M{F(X(i))} {F(Y(lo))}V{F(Y(hi))}M{F(X(i) - 4)} {F(Y(lo))}h8M{F(X(i) - 4)} {F(Y(hi))}h8\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{F(X(i))}\" y=\"{F(height - 8)}\" text-anchor=\"middle\">{E(p.Year)}</text>");
        }
        sb.Append("<path class=\"line\" d=\"");
        for (var i = 0; i < points.Count; i++) sb.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "M" : "L")}{F(X(i))} {F(Y(points[i].Value))}");
        sb.Append("\"/>");
        for (var i = 0; i < points.Count; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"dot\" cx=\"{F(X(i))}\" cy=\"{F(Y(points[i].Value))}\" r=\"3.5\"/><text class=\"value\" x=\"{F(X(i) + 6)}\" y=\"{F(Y(points[i].Value) - 6)}\">{E(points[i].Text)}</text>");
        sb.Append("</svg>");
        return new HtmlString(sb.ToString());
    }

    /// <summary>The text alternative: what the chart shows, and every value when there are few (else the table beside it has them).</summary>
    private static string Describe(string summary, IReadOnlyList<string> items) => items.Count <= 24 ? $"{summary} {string.Join("; ", items)}." : summary;

    private static IEnumerable<int> Ticks(int count)
    {
        if (count <= 1) return [1];
        var step = count <= 10 ? 1 : count <= 40 ? 5 : count <= 100 ? 10 : 20;
        return new[] { 1 }.Concat(Enumerable.Range(1, count / step).Select(i => i * step).Where(t => t > 1 && t < count)).Append(count).Distinct();
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
