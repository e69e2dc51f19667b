using System.Globalization;
using System.Net;
using System.Text;
using ParIndex.Core.Publication;
using ParIndex.Core.Scoring;
using ParIndex.Web.Features.Distribution;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Publication;

/// <summary>
/// The analytical report of a publication, generated from its snapshot alone: summary, method (sample, AAPOR response rates,
/// weighting, intervals, suppression, the change estimator), city results, one page per reform area, sector SIPAS against
/// the targets, change since last year, one page per unit, and an annex of tables. One HTML document serves the web (styles
/// linked) and the PDF (styles embedded, printed by the letters' headless Chromium, <see cref="PdfPrinter"/>), with page
/// numbers in the page margin and a table of contents whose page numbers come from a first print (<see cref="PdfDestinations"/>).
/// </summary>
public sealed class AnalyticalReport(PdfPrinter printer, IWebHostEnvironment env)
{
    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <summary>One entry of the table of contents: the anchor, its title, and whether it is a unit (indented).</summary>
    public sealed record Entry(string Id, string Title, bool Sub);

    public static string UnitAnchor(string unitCode) => "u-" + new string(unitCode.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').ToArray());

    /// <summary>The report as a web page: the site's style sheets linked (the content security policy allows no inline style).</summary>
    public static string Html(PublishedView view) => Document(view, "<link rel=\"stylesheet\" href=\"/css/public.css\"><link rel=\"stylesheet\" href=\"/css/report.css\">", null);

    /// <summary>The report as a PDF: printed twice, the second time with the contents' page numbers read from the first.</summary>
    public async Task<byte[]> PdfAsync(PublishedView view, CancellationToken ct)
    {
        var css = await File.ReadAllTextAsync(Path.Combine(env.WebRootPath, "css", "public.css"), ct) + "\n" + await File.ReadAllTextAsync(Path.Combine(env.WebRootPath, "css", "report.css"), ct);
        // Page numbers in the bottom margin, in the report's language (the PDF only: a browser prints its own).
        var numbers = $"@page{{@bottom-center{{content:\"{Ui.L("Trang", "Page")} \" counter(page) \" / \" counter(pages);font:9pt system-ui,Arial,sans-serif;color:#555}}}}@page:first{{@bottom-center{{content:none}}}}";
        var head = $"<style>{css}\n{numbers}</style>";
        var first = await printer.PrintAsync(Document(view, head, null), ct);
        var pages = PdfDestinations.Pages(first);
        return pages.Count == 0 ? first : await printer.PrintAsync(Document(view, head, pages), ct);
    }

    public bool CanPrint => printer.Available;

    /// <summary>The contents, in order (the same list both prints).</summary>
    public static IReadOnlyList<Entry> Contents(PublishedResults r)
    {
        var list = new List<Entry>
        {
            new("tom-tat", Ui.L("1. Tóm tắt", "1. Summary"), false),
            new("phuong-phap", Ui.L("2. Phương pháp", "2. Method"), false),
            new("thanh-pho", Ui.L("3. Kết quả toàn thành phố", "3. City results"), false),
            new("linh-vuc", Ui.L("4. Kết quả theo lĩnh vực", "4. Results by reform area"), false),
            new("sipas-nganh", Ui.L("5. SIPAS theo lĩnh vực, yếu tố và so với mục tiêu", "5. SIPAS by field and element, against the targets"), false),
            new("thay-doi", Ui.L("6. Thay đổi so với năm trước", "6. Change since last year"), false),
            new("don-vi", Ui.L("7. Kết quả từng đơn vị", "7. Results unit by unit"), false),
        };
        list.AddRange(r.UnitTypes.SelectMany(t => Units(r, t.Code)).Select(u => new Entry(UnitAnchor(u.Score.UnitCode), u.Score.UnitName, true)));
        list.Add(new("phu-luc", Ui.L("Phụ lục: bảng số liệu", "Annex: tables"), false));
        return list;
    }

    private static IEnumerable<PublishedUnit> Units(PublishedResults r, string type) =>
        r.Units.Where(u => u.Score.UnitType == type).OrderBy(u => u.Score.Rank ?? int.MaxValue).ThenBy(u => u.Score.UnitName, StringComparer.Create(Ui.Vi, false));

    private static string Document(PublishedView view, string head, IReadOnlyDictionary<string, int>? pages)
    {
        var r = view.Results;
        var k = r.MinCellSize;
        var level = PublicText.Level(r.ConfidenceLevel);
        var sb = new StringBuilder(256 * 1024);
        sb.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{Ui.Lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{E(Ui.L("Báo cáo phân tích", "Analytical report"))} — {E(PublicText.RoundName(r.Round))}</title>{head}</head><body class=\"public report\"><main>");

        // Cover
        sb.Append("<section class=\"cover\">");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"org\">{E(Ui.L("VIỆN NGHIÊN CỨU PHÁT TRIỂN KINH TẾ – XÃ HỘI HÀ NỘI", "HANOI INSTITUTE FOR SOCIO-ECONOMIC DEVELOPMENT STUDIES"))}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<h1>{E(Ui.L("Báo cáo phân tích", "Analytical report"))}</h1><p class=\"title\">{E(PublicText.RoundName(r.Round))}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{E(Ui.L("Chỉ số cải cách hành chính và Chỉ số hài lòng của người dân về sự phục vụ hành chính (SIPAS) của các Sở, cơ quan tương đương Sở và UBND các xã, phường", "The PAR index and citizen satisfaction with administrative services (SIPAS) of the departments and commune/ward People's Committees"))}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{E(Ui.L("Phiên bản công bố", "Publication version"))} {view.Shown.Version} · {E(PublicText.Time(view.Shown.PublishedAt))} · {E(Ui.L("lần tính điểm", "score run"))} #{view.Shown.ScoreRunId}<br>SHA-256: {E(view.Shown.InputHash)}</p>");
        sb.Append("</section>");

        // Contents
        sb.Append(CultureInfo.InvariantCulture, $"<section class=\"toc\"><h2>{E(Ui.L("Mục lục", "Contents"))}</h2><ol class=\"toc\">");
        foreach (var entry in Contents(r))
        {
            var page = pages is null ? "888" : pages.TryGetValue(entry.Id, out var p) ? p.ToString(CultureInfo.InvariantCulture) : "";
            sb.Append(CultureInfo.InvariantCulture, $"<li class=\"{(entry.Sub ? "sub" : "")}\"><a href=\"#{entry.Id}\">{E(entry.Title)}</a><span class=\"page\">{page}</span></li>");
        }
        sb.Append("</ol></section>");

        Summary(sb, view, level, k);
        Method(sb, view, level, k);
        City(sb, r, level, k);
        Areas(sb, r, k);
        SectorSipas(sb, r, level, k);
        Changes(sb, r, level);
        UnitPages(sb, r, level, k);
        Annex(sb, r, level, k);
        sb.Append("</main></body></html>");
        return sb.ToString();
    }

    private static void Summary(StringBuilder sb, PublishedView view, string level, int k)
    {
        var r = view.Results;
        sb.Append(CultureInfo.InvariantCulture, $"<section id=\"tom-tat\" class=\"chapter\"><h2>{E(Ui.L("1. Tóm tắt", "1. Summary"))}</h2>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{E(Ui.L($"Đợt điều tra đánh giá {r.Units.Count} đơn vị trong kỳ {PublicText.Date(r.Round.PeriodStart)} – {PublicText.Date(r.Round.PeriodEnd)}, dựa trên {r.Run.ResponseCount} phiếu khảo sát và điểm thẩm định của Hội đồng thẩm định. Chỉ số của mỗi đơn vị gồm tối đa {PublicText.Num(r.Round.AppraisalPoints)} điểm thẩm định và {PublicText.Num(r.Round.SurveyPoints)} điểm điều tra xã hội học.",
            $"The round rates {r.Units.Count} units over {PublicText.Date(r.Round.PeriodStart)} – {PublicText.Date(r.Round.PeriodEnd)}, from {r.Run.ResponseCount} questionnaires and the appraisal council's points. Each unit's index has up to {PublicText.Num(r.Round.AppraisalPoints)} appraisal and {PublicText.Num(r.Round.SurveyPoints)} survey points."))}</p><ul>");
        foreach (var t in r.UnitTypes)
        {
            var units = Units(r, t.Code).ToList();
            var ranked = units.Where(u => u.Score.Index is not null).ToList();
            var sipas = t.Sipas.FirstOrDefault(f => f.Code == PublishedFigures.Sipas)?.Share;
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{PublicText.TypeName(t)}: ");
            if (sipas is not null) text.Append(CultureInfo.InvariantCulture, $"SIPAS {PublicText.Estimate(sipas, true, k)}{(sipas.HasValue ? $" ({Ui.L("KTC", "CI")} {level}: {PublicText.Interval(sipas, true)})" : "")}; ");
            foreach (var target in r.Targets.Where(x => x.Figure == PublishedFigures.Sipas && (x.UnitType is null || x.UnitType == t.Code)))
                text.Append(CultureInfo.InvariantCulture, $"{Ui.L("mục tiêu", "target")} {PublicText.Pct(target.Value)}; ");
            if (ranked.Count > 0)
            {
                text.Append(Ui.L($"chỉ số CCHC từ {PublicText.Num(ranked.Min(u => u.Score.Index))} đến {PublicText.Num(ranked.Max(u => u.Score.Index))}, trung bình {PublicText.Num(ranked.Average(u => u.Score.Index!.Value))}; ",
                    $"PAR index from {PublicText.Num(ranked.Min(u => u.Score.Index))} to {PublicText.Num(ranked.Max(u => u.Score.Index))}, mean {PublicText.Num(ranked.Average(u => u.Score.Index!.Value))}; "));
                text.Append(Ui.L("dẫn đầu: ", "top: ") + string.Join(", ", ranked.Take(3).Select(u => $"{u.Score.UnitName} ({PublicText.Num(u.Score.Index)})")) + ". ");
            }
            var up = units.Count(u => u.Changes.Any(c => c.Figure == PublishedFigures.Index && c.Significant && c.Difference > 0));
            var down = units.Count(u => u.Changes.Any(c => c.Figure == PublishedFigures.Index && c.Significant && c.Difference < 0));
            if (r.Predecessor is not null)
                text.Append(Ui.L($"So với {r.Predecessor.Year}: {up} đơn vị tăng, {down} đơn vị giảm vượt sai số mẫu.", $"Since {r.Predecessor.Year}: {up} units rose and {down} fell beyond sampling error."));
            sb.Append(CultureInfo.InvariantCulture, $"<li>{E(text.ToString())}</li>");
        }
        sb.Append("</ul>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(Ui.L($"Mọi ước lượng từ điều tra có khoảng tin cậy {level}; hai đơn vị có khoảng hạng chồng lên nhau không phân biệt được thứ hạng. Không số liệu nào từ dưới {k} người trả lời được công bố.", $"Every survey estimate has a {level} interval; two units whose rank ranges overlap cannot be ranked apart. No figure from fewer than {k} respondents is published."))}</p></section>");
    }

    private static void Method(StringBuilder sb, PublishedView view, string level, int k)
    {
        var r = view.Results;
        sb.Append(CultureInfo.InvariantCulture, $"<section id=\"phuong-phap\" class=\"chapter\"><h2>{E(Ui.L("2. Phương pháp", "2. Method"))}</h2>");
        sb.Append(CultureInfo.InvariantCulture, $"<h3>{E(Ui.L("2.1. Mẫu và tỷ lệ trả lời", "2.1. Sample and response rates"))}</h3>");
        sb.Append(CultureInfo.InvariantCulture, $"<table class=\"grid\"><thead><tr><th>{E(Ui.L("Nhóm đối tượng", "Respondent group"))}</th><th class=\"num\">{E(Ui.L("Cỡ mẫu", "Sampled"))}</th><th class=\"num\">{E(Ui.L("Phiếu hoàn thành", "Completed"))}</th><th class=\"num\">AAPOR RR1</th><th class=\"num\">AAPOR RR2</th><th class=\"num\">{E(Ui.L("Trọng số thiết kế", "Design weights"))}</th></tr></thead><tbody>");
        foreach (var g in r.Groups)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(PublicText.GroupName(g))}</td>");
            if (g.Completed is null) sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">—</td><td class=\"num\">&lt; {k}</td><td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td></tr>");
            else sb.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{g.Sampled}</td><td class=\"num\">{g.Completed}</td><td class=\"num\">{PublicText.Pct(g.RR1)}</td><td class=\"num\">{PublicText.Pct(g.RR2)}</td><td class=\"num\">{PublicText.Num(g.WeightMin)} – {PublicText.Num(g.WeightMax)}</td></tr>");
        }
        sb.Append("</tbody></table>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>{E(Ui.L("Tỷ lệ trả lời theo Định nghĩa chuẩn của AAPOR: RR1 = phiếu đầy đủ / (đầy đủ + dở dang + từ chối + không liên lạc được + khác + chưa rõ tư cách); RR2 tính cả phiếu dở dang vào tử số. Tỷ lệ chỉ tính trên thành viên mẫu (không gồm phiếu qua liên kết công khai).",
            "Response rates after AAPOR's Standard Definitions: RR1 = complete interviews / (complete + partial + refusals + non-contacts + other + unknown eligibility); RR2 also counts partials. Rates are over sample members only (public-link responses excluded)."))}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<h3>{E(Ui.L("2.2. Gia quyền và ước lượng", "2.2. Weighting and estimation"))}</h3><p>{E(Ui.L(
            $"Mỗi người trả lời mang trọng số thiết kế w = 1/π (π: xác suất được chọn qua các giai đoạn chọn mẫu); phiếu qua liên kết công khai có trọng số 1. Tỷ lệ đánh giá tích cực của mỗi tiêu chí là trung bình Hájek có trọng số theo đơn vị × nhóm đối tượng; các nhóm được gộp theo trọng số nhóm. SIPAS của đơn vị là {(r.Run.SipasAggregation == "ElementMean" ? "trung bình các yếu tố" : "tỷ lệ hài lòng gộp theo câu hỏi")} ({string.Join(", ", r.Run.SipasIndexElements.Select(PublicText.Figure))}).",
            $"Each respondent carries the design weight w = 1/π (π: the probability of selection over the sampling stages); public-link responses weigh 1. A criterion's share of positive ratings is a weighted Hájek mean per unit × respondent group; groups are combined with their group weights. A unit's SIPAS is {(r.Run.SipasAggregation == "ElementMean" ? "the mean of its elements" : "the share satisfied pooled over items")} ({string.Join(", ", r.Run.SipasIndexElements.Select(PublicText.Figure))})."))}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<h3>{E(Ui.L("2.3. Khoảng tin cậy và thứ hạng", "2.3. Intervals and ranks"))}</h3><p>{E(Ui.L(
            $"Phương sai theo thiết kế mẫu (tầng, cụm, hiệu chỉnh quần thể hữu hạn) bằng tuyến tính hóa Taylor, đối chiếu với gói survey của R. Khoảng tin cậy {level} của tỷ lệ tính trên thang logit nên luôn nằm trong 0–100%. Điểm thẩm định không có sai số mẫu, nên khoảng tin cậy của chỉ số là khoảng của phần điểm điều tra. Khoảng hạng: {r.Run.RankDraws} lần mô phỏng từ sai số chuẩn của từng đơn vị.",
            $"Design-based variances (strata, clusters, finite-population corrections) by Taylor linearisation, checked against R's survey package. The {level} interval of a share is computed on the logit scale, so it stays within 0–100%. Appraisal points carry no sampling error, so the index's interval is that of its survey points. Rank ranges: {r.Run.RankDraws} simulations from each unit's standard error."))}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<h3>{E(Ui.L("2.4. Ẩn số liệu nhỏ", "2.4. Suppression of small cells"))}</h3><p>{E(Ui.L(
            $"Không công bố số liệu nào dựa trên dưới {k} người trả lời; ô nhỏ không được gộp vào số liệu nào khác (nếu không, có thể suy ra ô nhỏ bằng phép trừ). Số liệu bị ẩn ghi là \"ẩn\".",
            $"No figure resting on fewer than {k} respondents is published, and a small cell enters no other figure (else it could be recovered by subtraction). Withheld figures read \"withheld\"."))}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<h3>{E(Ui.L("2.5. Thay đổi so với năm trước", "2.5. Change since last year"))}</h3><p>{E(Ui.L(
            $"Giá trị năm trước của một đơn vị là tổ hợp theo tỷ trọng (dân số hoặc khung mẫu) của các đơn vị tiền thân: θ̂ = Σ a·θ̂ⱼ, phương sai Σ a²·SEⱼ². Thay đổi Δ = θ̂ năm nay − θ̂ năm trước, SE(Δ) = √(SE² năm nay + SE² năm trước) (hai mẫu độc lập), khoảng tin cậy Δ ± z·SE(Δ). Thay đổi có ý nghĩa khi khoảng tin cậy không chứa 0.",
            $"A unit's value last year is the share-weighted (population or frame) combination of its predecessor units: θ̂ = Σ a·θ̂ⱼ with variance Σ a²·SEⱼ². The change Δ = θ̂ this year − θ̂ last year, SE(Δ) = √(SE² this year + SE² last year) (independent samples), interval Δ ± z·SE(Δ). A change is significant when its interval excludes 0."))}</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(Ui.L($"Truy xuất: lần tính điểm #{r.Run.Id} ({r.Run.Engine}, cấu hình phiên bản {r.Run.ConfigVersion}), mã băm SHA-256 của toàn bộ đầu vào {r.Run.InputHash}.", $"Traceability: score run #{r.Run.Id} ({r.Run.Engine}, configuration version {r.Run.ConfigVersion}), SHA-256 of every input {r.Run.InputHash}."))}</p></section>");
    }

    private static void City(StringBuilder sb, PublishedResults r, string level, int k)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<section id=\"thanh-pho\" class=\"chapter\"><h2>{E(Ui.L("3. Kết quả toàn thành phố", "3. City results"))}</h2>");
        foreach (var t in r.UnitTypes)
        {
            var ranked = Units(r, t.Code).Where(u => u.Score.Rank is not null && u.Score.RankLower is not null).ToList();
            sb.Append(CultureInfo.InvariantCulture, $"<h3>{E(PublicText.TypeName(t))}</h3>");
            if (t.Sipas.Count > 0)
            {
                sb.Append("<figure class=\"chart-figure\">");
                sb.Append(CultureInfo.InvariantCulture, $"<figcaption>{E(Ui.L($"SIPAS toàn thành phố theo chỉ số, lĩnh vực và yếu tố — {PublicText.TypeName(t)}", $"City SIPAS by index, field and element — {PublicText.TypeName(t)}"))}</figcaption>");
                sb.Append(Charts.Bars($"city-sipas-{t.Code}", Ui.L("SIPAS toàn thành phố", "City SIPAS"),
                    t.Sipas.Select(f => new Charts.Bar(PublicText.Figure(f.Code), f.Share.Value * 100, f.Share.Lower * 100, f.Share.Upper * 100, PublicText.Estimate(f.Share, true, k),
                        f.Share.Suppressed ? PublicText.Withheld(k) : null, f.Code == PublishedFigures.Sipas)).ToList(), 100,
                    Ui.L($"Tỷ lệ hài lòng (0–100%) với khoảng tin cậy {level}.", $"Share satisfied (0–100%) with {level} intervals.")).Value);
                sb.Append("</figure>");
            }
            if (ranked.Count > 0)
            {
                sb.Append("<figure class=\"chart-figure\">");
                sb.Append(CultureInfo.InvariantCulture, $"<figcaption>{E(Ui.L($"Thứ hạng và khoảng hạng {level} — {PublicText.TypeName(t)}", $"Ranks and {level} rank ranges — {PublicText.TypeName(t)}"))}</figcaption>");
                sb.Append(Charts.RankRanges($"city-ranks-{t.Code}", Ui.L("Thứ hạng và khoảng hạng", "Ranks and rank ranges"),
                    ranked.Select(u => new Charts.RankDot(u.Score.UnitName, u.Score.Rank!.Value, u.Score.RankLower!.Value, u.Score.RankUpper!.Value)).ToList(), ranked.Count,
                    Ui.L("Các đơn vị có khoảng hạng chồng lên nhau không phân biệt được thứ hạng.", "Units whose rank ranges overlap cannot be ranked apart.")).Value);
                sb.Append("</figure>");
            }
        }
        sb.Append("</section>");
    }

    private static void Areas(StringBuilder sb, PublishedResults r, int k)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<section id=\"linh-vuc\" class=\"chapter\"><h2>{E(Ui.L("4. Kết quả theo lĩnh vực", "4. Results by reform area"))}</h2>");
        foreach (var t in r.UnitTypes)
        {
            foreach (var a in t.Areas)
            {
                var rows = Units(r, t.Code).Select(u => (u, p: u.Areas.FirstOrDefault(x => x.Area == a.Code)))
                    .OrderByDescending(x => x.p?.Appraisal is { } ap && x.p.Survey is { } sv ? (double)ap + sv : double.NegativeInfinity).ToList();
                sb.Append(CultureInfo.InvariantCulture, $"<div class=\"area-page\"><h3>{E(PublicText.TypeName(t))} — {E(a.Code)}. {E(PublicText.AreaName(a))}</h3>");
                sb.Append(CultureInfo.InvariantCulture, $"<table class=\"grid compact\"><thead><tr><th>{E(Ui.L("Đơn vị", "Unit"))}</th><th class=\"num\">{E(Ui.L("Điểm thẩm định", "Appraisal"))} (/{PublicText.Num(a.AppraisalMax)})</th><th class=\"num\">{E(Ui.L("Điểm điều tra XHH", "Survey"))} (/{PublicText.Num(a.SurveyMax)})</th><th class=\"num\">{E(Ui.L("Tổng", "Total"))}</th></tr></thead><tbody>");
                foreach (var (u, p) in rows)
                    sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(u.Score.UnitName)}</td><td class=\"num\">{PublicText.Num(p?.Appraisal)}</td><td class=\"num\">{(p is { SurveyWithheld: true } ? E(PublicText.Withheld(k)) : PublicText.Num(p?.Survey))}</td><td class=\"num\">{(p?.Appraisal is { } x && p.Survey is { } y ? PublicText.Num((double)x + y) : "—")}</td></tr>");
                sb.Append("</tbody></table></div>");
            }
        }
        sb.Append("</section>");
    }

    private static void SectorSipas(StringBuilder sb, PublishedResults r, string level, int k)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<section id=\"sipas-nganh\" class=\"chapter\"><h2>{E(Ui.L("5. SIPAS theo lĩnh vực, yếu tố và so với mục tiêu", "5. SIPAS by field and element, against the targets"))}</h2>");
        sb.Append(CultureInfo.InvariantCulture, $"<table class=\"grid\"><thead><tr><th>{E(Ui.L("Loại đơn vị", "Unit type"))}</th><th>{E(Ui.L("Chỉ số, lĩnh vực, yếu tố", "Index, field, element"))}</th><th class=\"num\">{E(Ui.L("Tỷ lệ hài lòng", "Satisfied"))}</th><th class=\"num\">{E(Ui.L("KTC", "CI"))} {level}</th><th class=\"num\">{E(Ui.L("Mục tiêu", "Target"))}</th></tr></thead><tbody>");
        foreach (var t in r.UnitTypes)
            foreach (var f in t.Sipas)
            {
                var target = r.Targets.FirstOrDefault(x => x.Figure == f.Code && (x.UnitType is null || x.UnitType == t.Code));
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(PublicText.TypeName(t))}</td><td>{E(PublicText.Figure(f.Code))}</td><td class=\"num\">{E(PublicText.Estimate(f.Share, true, k))}</td><td class=\"num\">{E(PublicText.Interval(f.Share, true))}</td><td class=\"num\">{(target is null ? "—" : PublicText.Pct(target.Value) + (f.Share.Value is { } v ? (v >= target.Value ? " ✓" : " ✗") : ""))}</td></tr>");
            }
        sb.Append("</tbody></table>");
        if (r.Targets.Count == 0)
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(Ui.L("Đợt này chưa cấu hình mục tiêu để so sánh.", "No targets are configured for this round."))}</p>");
        sb.Append("</section>");
    }

    private static void Changes(StringBuilder sb, PublishedResults r, string level)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<section id=\"thay-doi\" class=\"chapter\"><h2>{E(Ui.L("6. Thay đổi so với năm trước", "6. Change since last year"))}</h2>");
        if (r.Predecessor is null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p>{E(Ui.L("Đợt này chưa gắn với kết quả công bố của năm trước.", "This round is not linked to last year's published results."))}</p></section>");
            return;
        }
        sb.Append(CultureInfo.InvariantCulture, $"<p>{E(Ui.L($"So với {PublicText.RoundName(r.Predecessor)} (phiên bản công bố {r.Predecessor.PublicationVersion}). Đơn vị hình thành do sáp nhập hoặc chia tách được so với tổ hợp theo tỷ trọng của các đơn vị tiền thân.", $"Against {PublicText.RoundName(r.Predecessor)} (publication version {r.Predecessor.PublicationVersion}). Units formed by merging or splitting are compared with the share-weighted combination of their predecessors."))}</p>");
        foreach (var figure in new[] { PublishedFigures.Index, PublishedFigures.Sipas })
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h3>{E(PublicText.Figure(figure))}</h3><table class=\"grid compact\"><thead><tr><th>{E(Ui.L("Đơn vị", "Unit"))}</th><th>{E(Ui.L("Tiền thân", "Predecessors"))}</th><th class=\"num\">{r.Predecessor.Year}</th><th class=\"num\">{r.Round.Year}</th><th class=\"num\">{E(Ui.L("Thay đổi", "Change"))}</th><th class=\"num\">{E(Ui.L("KTC", "CI"))} {level}</th></tr></thead><tbody>");
            foreach (var u in r.Units.Select(u => (u, c: u.Changes.FirstOrDefault(c => c.Figure == figure))).Where(x => x.c?.Difference is not null).OrderByDescending(x => x.c!.Difference))
            {
                var c = u.c!;
                var parts = u.u.Lineage.Count == 1 && u.u.Lineage[0].UnitCode == u.u.Score.UnitCode ? "" : string.Join("; ", u.u.Lineage.Select(l => $"{l.UnitName} {(l.Share * 100).ToString("0.#", CultureInfo.InvariantCulture)}%"));
                var css = c.Significant ? (c.Difference > 0 ? "up" : "down") : "flat";
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(u.u.Score.UnitName)}</td><td class=\"small\">{E(parts)}</td><td class=\"num\">{PublicText.Value(figure, c.Previous)}</td><td class=\"num\">{PublicText.Value(figure, c.Current)}</td><td class=\"num {css}\">{(c.Significant ? (c.Difference > 0 ? "▲ " : "▼ ") : "")}{E(PublicText.Delta(figure, c.Difference))}</td><td class=\"num\">{E(PublicText.Delta(figure, c.Lower))} … {E(PublicText.Delta(figure, c.Upper))}</td></tr>");
            }
            sb.Append("</tbody></table>");
        }
        sb.Append("</section>");
    }

    private static void UnitPages(StringBuilder sb, PublishedResults r, string level, int k)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<section id=\"don-vi\" class=\"chapter\"><h2>{E(Ui.L("7. Kết quả từng đơn vị", "7. Results unit by unit"))}</h2><p>{E(Ui.L("Mỗi đơn vị một trang, theo loại đơn vị và thứ hạng.", "One page per unit, by unit type and rank."))}</p></section>");
        foreach (var t in r.UnitTypes)
        {
            foreach (var u in Units(r, t.Code))
            {
                var s = u.Score;
                var sipas = s.Sipas.FirstOrDefault(f => f.Code == PublishedFigures.Sipas)?.Share;
                var city = t.Sipas.FirstOrDefault(f => f.Code == PublishedFigures.Sipas)?.Share;
                sb.Append(CultureInfo.InvariantCulture, $"<section class=\"unit-page\" id=\"{UnitAnchor(s.UnitCode)}\"><h3>{E(Ui.L("Đơn vị", "Unit"))}: {E(s.UnitName)}</h3><p class=\"meta\">{E(PublicText.TypeName(t))}{(u.ParentArea is null ? "" : " · " + E(u.ParentArea))}</p>");
                sb.Append("<table class=\"grid\"><tbody>");
                string Row(string k1, string v1) => $"<tr><th>{E(k1)}</th><td class=\"num\">{v1}</td></tr>";
                var indexCi = s.Index is not null && s.SurveyPoints is { Lower: { } lo, Upper: { } hi, Value: { } sp } ? $" ({PublicText.Num(s.Index + lo - sp)} – {PublicText.Num(s.Index + hi - sp)})" : "";
                sb.Append(Row(Ui.L("Chỉ số CCHC (KTC)", "PAR index (CI)"), (s.Index is null ? (s.SurveyPoints.Suppressed ? E(PublicText.Withheld(k)) : "—") : PublicText.Num(s.Index)) + indexCi));
                sb.Append(Row(Ui.L("Thứ hạng (khoảng hạng)", "Rank (range)"), $"{PublicText.Rank(s)} ({PublicText.RankRange(s)})"));
                sb.Append(Row(Ui.L("Điểm thẩm định", "Appraisal points"), PublicText.Num(s.AppraisalPoints)));
                sb.Append(Row(Ui.L("Điểm điều tra XHH (KTC)", "Survey points (CI)"), $"{E(PublicText.Estimate(s.SurveyPoints, false, k))} ({PublicText.Interval(s.SurveyPoints, false)})"));
                sb.Append(Row(Ui.L("SIPAS (KTC)", "SIPAS (CI)"), sipas is null ? "—" : $"{E(PublicText.Estimate(sipas, true, k))} ({PublicText.Interval(sipas, true)})"));
                if (city is not null) sb.Append(Row(Ui.L("SIPAS toàn thành phố", "City SIPAS"), E(PublicText.Estimate(city, true, k))));
                foreach (var c in u.Changes.Where(c => c.Difference is not null))
                    sb.Append(Row(Ui.L($"Thay đổi {PublicText.Figure(c.Figure)} so với năm trước", $"Change in {PublicText.Figure(c.Figure)} since last year"),
                        $"{(c.Significant ? (c.Difference > 0 ? "▲ " : "▼ ") : "")}{E(PublicText.Delta(c.Figure, c.Difference))} ({E(PublicText.Delta(c.Figure, c.Lower))} … {E(PublicText.Delta(c.Figure, c.Upper))})"));
                sb.Append("</tbody></table>");
                sb.Append(CultureInfo.InvariantCulture, $"<table class=\"grid compact\"><thead><tr><th>{E(Ui.L("Lĩnh vực", "Area"))}</th><th class=\"num\">{E(Ui.L("Thẩm định", "Appraisal"))}</th><th class=\"num\">{E(Ui.L("Điều tra XHH", "Survey"))}</th></tr></thead><tbody>");
                foreach (var a in t.Areas)
                {
                    var p = u.Areas.FirstOrDefault(x => x.Area == a.Code);
                    sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(a.Code)}. {E(PublicText.AreaName(a))}</td><td class=\"num\">{PublicText.Num(p?.Appraisal)} / {PublicText.Num(a.AppraisalMax)}</td><td class=\"num\">{(p is { SurveyWithheld: true } ? E(PublicText.Withheld(k)) : PublicText.Num(p?.Survey))} / {PublicText.Num(a.SurveyMax)}</td></tr>");
                }
                sb.Append("</tbody></table>");
                if (s.Sipas.Count > 0)
                    sb.Append(Charts.Bars($"unit-sipas-{UnitAnchor(s.UnitCode)}", Ui.L($"SIPAS — {s.UnitName}", $"SIPAS — {s.UnitName}"),
                        s.Sipas.Select(f => new Charts.Bar(PublicText.Figure(f.Code), f.Share.Value * 100, f.Share.Lower * 100, f.Share.Upper * 100, PublicText.Estimate(f.Share, true, k),
                            f.Share.Suppressed ? PublicText.Withheld(k) : null, f.Code == PublishedFigures.Sipas)).ToList(), 100,
                        Ui.L($"Tỷ lệ hài lòng của đơn vị (0–100%) với khoảng tin cậy {level}.", $"The unit's share satisfied (0–100%) with {level} intervals."),
                        city is { Value: { } cv } ? new Charts.Reference(cv * 100, Ui.L($"Toàn thành phố {PublicText.Pct(cv)}", $"City {PublicText.Pct(cv)}")) : null).Value);
                sb.Append("</section>");
            }
        }
    }

    private static void Annex(StringBuilder sb, PublishedResults r, string level, int k)
    {
        sb.Append(CultureInfo.InvariantCulture, $"<section id=\"phu-luc\" class=\"chapter\"><h2>{E(Ui.L("Phụ lục: bảng số liệu", "Annex: tables"))}</h2>");
        foreach (var t in r.UnitTypes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<h3>{E(PublicText.TypeName(t))}</h3><table class=\"grid compact\"><thead><tr><th class=\"num\">{E(Ui.L("Hạng", "Rank"))}</th><th>{E(Ui.L("Đơn vị", "Unit"))}</th><th class=\"num\">{E(Ui.L("Thẩm định", "Appraisal"))}</th><th class=\"num\">{E(Ui.L("Điều tra XHH", "Survey"))}</th><th class=\"num\">{E(Ui.L("KTC", "CI"))} {level}</th><th class=\"num\">{E(Ui.L("Chỉ số", "Index"))}</th><th class=\"num\">SIPAS</th><th class=\"num\">{E(Ui.L("KTC", "CI"))} {level}</th></tr></thead><tbody>");
            foreach (var u in Units(r, t.Code))
            {
                var s = u.Score;
                var sipas = s.Sipas.FirstOrDefault(f => f.Code == PublishedFigures.Sipas)?.Share;
                sb.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"num\">{PublicText.Rank(s)}</td><td>{E(s.UnitName)}</td><td class=\"num\">{PublicText.Num(s.AppraisalPoints)}</td><td class=\"num\">{E(PublicText.Estimate(s.SurveyPoints, false, k))}</td><td class=\"num\">{PublicText.Interval(s.SurveyPoints, false)}</td><td class=\"num\">{PublicText.Num(s.Index)}</td><td class=\"num\">{(sipas is null ? "—" : E(PublicText.Estimate(sipas, true, k)))}</td><td class=\"num\">{(sipas is null ? "—" : PublicText.Interval(sipas, true))}</td></tr>");
            }
            sb.Append("</tbody></table>");
        }
        sb.Append("</section>");
    }
}
