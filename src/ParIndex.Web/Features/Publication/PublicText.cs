using System.Globalization;
using ParIndex.Core.Publication;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Publication;

/// <summary>
/// Words and numbers of the public site and the report, in the reader's language: figure names (never a raw code),
/// numbers as published (<c>92,90</c>, <c>84,44%</c>), intervals, dates in Hanoi time, and links that keep the language and
/// the version being read.
/// </summary>
public static class PublicText
{
    private static CultureInfo Culture => Ui.IsEnglish ? CultureInfo.InvariantCulture : Ui.Vi;

    /// <summary>Points with two decimals, or "—".</summary>
    public static string Num(double? x) => x is { } v && double.IsFinite(v) ? v.ToString("0.00", Culture) : "—";

    public static string Num(decimal? x) => x is { } v ? v.ToString("0.00", Culture) : "—";

    /// <summary>A share as a percentage with two decimals (<c>84,44%</c>), or "—".</summary>
    public static string Pct(double? share) => share is { } v && double.IsFinite(v) ? Ui.Percent(v) : "—";

    /// <summary>A figure of the given kind: a share as a percentage, points as points.</summary>
    public static string Value(string figure, double? x) => IsShare(figure) ? Pct(x) : Num(x);

    /// <summary>A change: signed, in percentage points for shares (<c>+1,20 điểm %</c>) and in points otherwise.</summary>
    public static string Delta(string figure, double? x)
    {
        if (x is not { } v || !double.IsFinite(v)) return "—";
        var n = IsShare(figure) ? v * 100 : v;
        var text = (n > 0 ? "+" : n < 0 ? "−" : "±") + Math.Abs(n).ToString("0.00", Culture);
        return IsShare(figure) ? text + " " + Ui.L("điểm %", "pp") : text;
    }

    public static bool IsShare(string figure) => figure != PublishedFigures.Index && figure != PublishedFigures.SurveyPoints && !figure.StartsWith("area", StringComparison.Ordinal);

    /// <summary>An estimate's interval as "a – b" (percentages for shares), or "—" when it has none.</summary>
    public static string Interval(Estimate e, bool share) => e.Lower is { } lo && e.Upper is { } hi ? share ? $"{Pct(lo)} – {Pct(hi)}" : $"{Num(lo)} – {Num(hi)}" : "—";

    /// <summary>An estimate as published: its value, or why there is none ("withheld: fewer than k respondents", "no data").</summary>
    public static string Estimate(Estimate e, bool share, int k) =>
        e.Suppressed ? Withheld(k) : e.Value is null ? Ui.L("không có số liệu", "no data") : share ? Pct(e.Value) : Num(e.Value);

    public static string Withheld(int k) => Ui.L($"ẩn (dưới {k} người trả lời)", $"withheld (fewer than {k} respondents)");

    public static string Level(double level) => (level * 100).ToString("0.##", Culture) + "%";

    /// <summary>A stored UTC time as read in Hanoi.</summary>
    public static string Time(DateTime utc) => Ui.Date(utc);

    public static string Date(DateOnly? d) => d is { } x ? Ui.Date(x) : "—";

    public static string RoundName(PublishedRound r) => Ui.IsEnglish && !string.IsNullOrEmpty(r.NameEn) ? r.NameEn : r.Name;

    public static string RoundName(PublishedPredecessor r) => Ui.IsEnglish && !string.IsNullOrEmpty(r.NameEn) ? r.NameEn : r.Name;

    public static string TypeName(PublishedUnitType t) => Ui.IsEnglish && !string.IsNullOrEmpty(t.NameEn) ? t.NameEn : t.Name;

    public static string GroupName(PublishedGroup g) => Ui.IsEnglish && !string.IsNullOrEmpty(g.NameEn) ? g.NameEn : g.Name;

    public static string AreaName(PublishedArea a) => Ui.IsEnglish && !string.IsNullOrEmpty(a.NameEn) ? a.NameEn : a.Name;

    private static readonly Dictionary<string, ScoringTarget> Targets = ScoringTargets.Criteria.Concat(ScoringTargets.SipasElements).ToDictionary(t => t.Code, StringComparer.Ordinal);

    /// <summary>The name of a figure or SIPAS element/field; a code the product does not know is named generically, never shown raw.</summary>
    public static string Figure(string code) => code switch
    {
        PublishedFigures.Index => Ui.L("Chỉ số CCHC", "PAR index"),
        PublishedFigures.SurveyPoints => Ui.L("Điểm điều tra xã hội học", "Survey points"),
        PublishedFigures.Sipas => Ui.L("Chỉ số SIPAS", "SIPAS index"),
        "appraisal_points" => Ui.L("Điểm thẩm định", "Appraisal points"),
        "rank" => Ui.L("Thứ hạng", "Rank"),
        "service" => Ui.L("Lĩnh vực cung ứng dịch vụ hành chính công", "Field: public administrative services"),
        "policy" => Ui.L("Lĩnh vực xây dựng, tổ chức thực hiện chính sách", "Field: policy making and implementation"),
        _ when Targets.TryGetValue(code, out var t) => Ui.L(t.Vi, t.En),
        _ => Ui.L("Chỉ tiêu thành phần khác", "Other component"),
    };

    /// <summary>Why a change could not be estimated.</summary>
    public static string ChangeNote(string? note) => note switch
    {
        PublicationSnapshot.ChangeNotes.NoPredecessor => Ui.L("đơn vị mới, không có đơn vị tương ứng kỳ trước", "new unit, no counterpart last year"),
        PublicationSnapshot.ChangeNotes.PreviousNotPublished => Ui.L("kỳ trước không có số liệu công bố", "not published last year"),
        PublicationSnapshot.ChangeNotes.CurrentNotPublished => Ui.L("năm nay không có số liệu công bố", "not published this year"),
        _ => "",
    };

    public static string Basis(string basis) => basis switch
    {
        "population" => Ui.L("theo dân số", "by population"),
        "frame" => Ui.L("theo khung mẫu", "by sampling frame"),
        _ => Ui.L("giữ nguyên", "same unit"),
    };

    /// <summary>A rank as published: "3", "3=" when tied, "—" when not ranked.</summary>
    public static string Rank(UnitScore u) => u.Rank is { } r ? (u.Tied ? $"{r}=" : r.ToString(CultureInfo.InvariantCulture)) : "—";

    public static string RankRange(UnitScore u) => u.RankLower is { } lo && u.RankUpper is { } hi ? (lo == hi ? lo.ToString(CultureInfo.InvariantCulture) : $"{lo}–{hi}") : "—";

    /// <summary>A link inside the public site that keeps the reader's language and the version being read.</summary>
    public static string Link(PublishedView view, string path, params (string Name, string? Value)[] parameters)
    {
        var query = new List<string>();
        if (!view.IsCurrent) query.Add($"phien-ban={view.Shown.Version}");
        foreach (var (name, value) in parameters)
            if (!string.IsNullOrEmpty(value)) query.Add($"{name}={Uri.EscapeDataString(value)}");
        if (Ui.IsEnglish) query.Add("lang=en");
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    public static string RoundPath(PublishedView view) => "/cong-bo/" + Uri.EscapeDataString(view.RoundCode);

    public static string UnitPath(PublishedView view, string unitCode) => RoundPath(view) + "/don-vi/" + Uri.EscapeDataString(unitCode);
}

/// <summary>Small pieces of the public pages' markup that several pages and the report share.</summary>
public static class PublicHtml
{
    private static string E(string s) => System.Net.WebUtility.HtmlEncode(s);

    /// <summary>One change since last year: the signed difference, its interval, and ▲/▼ only when the interval excludes 0.</summary>
    public static Microsoft.AspNetCore.Html.HtmlString Change(FigureChange? c)
    {
        if (c is null) return new("<span class=\"flat\">—</span>");
        if (c.Difference is null) return new($"<span class=\"flat\">—</span><span class=\"ci\">{E(PublicText.ChangeNote(c.Note))}</span>");
        var mark = c.Significant ? (c.Difference > 0 ? "▲ " : "▼ ") : "";
        var css = c.Significant ? (c.Difference > 0 ? "up" : "down") : "flat";
        var text = $"<span class=\"{css}\">{mark}{E(PublicText.Delta(c.Figure, c.Difference))}</span>"
                   + $"<span class=\"ci\">{E(PublicText.Delta(c.Figure, c.Lower))} … {E(PublicText.Delta(c.Figure, c.Upper))}</span>";
        if (!c.Significant) text += $"<span class=\"ci\">{E(Ui.L("không phân biệt được với sai số mẫu", "within sampling error"))}</span>";
        return new(text);
    }
}
