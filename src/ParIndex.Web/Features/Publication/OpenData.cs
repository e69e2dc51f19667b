using System.Globalization;
using System.Text;
using System.Text.Json;
using ParIndex.Core.Publication;
using ParIndex.Core.Scoring;
using ParIndex.Core.Tabular;
using ParIndex.Web.Features.Scoring;

namespace ParIndex.Web.Features.Publication;

/// <summary>
/// The open data of a publication: every published figure as one row of a long table (CSV in UTF-8 with BOM, XLSX with the
/// codebook as a second sheet, JSON with the codebook inside), generated from the snapshot alone. A withheld figure is a row
/// with <c>suppressed = 1</c> and every number empty (k = 5 holds in the files as on the pages); counts under k never appear.
/// Numbers are machine-readable (invariant culture, '.' decimal point, shares on 0–1).
/// </summary>
public static class OpenData
{
    public static readonly string[] Columns =
        ["round_code", "publication_version", "unit_type", "unit_code", "unit_name", "measure", "component", "scale", "value", "se", "lower", "upper", "respondents", "suppressed", "significant"];

    /// <summary>One row of the long table.</summary>
    public sealed record Row(string UnitType, string UnitCode, string UnitName, string Measure, string Component, string Scale,
        double? Value, double? Se, double? Lower, double? Upper, int? Respondents, bool Suppressed, bool? Significant);

    /// <summary>(code, Vietnamese, English) of every column and measure, in the files' order.</summary>
    public static IReadOnlyList<(string Kind, string Code, string Vi, string En)> Codebook(PublishedResults r) =>
    [
        ("column", "round_code", "Mã đợt điều tra", "Round code"),
        ("column", "publication_version", "Phiên bản công bố (đính chính là phiên bản mới)", "Publication version (a correction is a new version)"),
        ("column", "unit_type", "Mã loại đơn vị (SO: Sở và tương đương; XA: UBND xã, phường)", "Unit type code (SO: departments; XA: commune/ward People's Committees)"),
        ("column", "unit_code", "Mã đơn vị (trống: số liệu của cả loại đơn vị hoặc toàn thành phố)", "Unit code (empty: a figure of the whole unit type or city)"),
        ("column", "unit_name", "Tên đơn vị", "Unit name"),
        ("column", "measure", "Số liệu (xem các dòng measure)", "Figure (see the measure rows)"),
        ("column", "component", "Thành phần: mã tiêu chí, lĩnh vực, yếu tố SIPAS, nhóm đối tượng|mục tiêu", "Component: criterion, area, SIPAS element, respondent group|target"),
        ("column", "scale", "Thang đo: share (tỷ lệ 0–1), points (điểm), rank (thứ hạng), count (số lượng)", "Scale: share (0–1), points, rank, count"),
        ("column", "value", "Giá trị ước lượng", "Estimate"),
        ("column", "se", "Sai số chuẩn (thiết kế mẫu, tuyến tính hóa Taylor)", "Standard error (design-based, Taylor linearisation)"),
        ("column", "lower", $"Cận dưới khoảng tin cậy {Level(r)} (thứ hạng: cận dưới khoảng hạng)", $"Lower bound of the {Level(r)} interval (rank: of the rank range)"),
        ("column", "upper", $"Cận trên khoảng tin cậy {Level(r)} (thứ hạng: cận trên khoảng hạng)", $"Upper bound of the {Level(r)} interval (rank: of the rank range)"),
        ("column", "respondents", $"Số người trả lời làm căn cứ (chỉ khi từ {r.MinCellSize} trở lên)", $"Respondents the figure rests on (only when {r.MinCellSize} or more)"),
        ("column", "suppressed", $"1 = ẩn vì dưới {r.MinCellSize} người trả lời (mọi số để trống)", $"1 = withheld, fewer than {r.MinCellSize} respondents (every number empty)"),
        ("column", "significant", "Chỉ với thay đổi: 1 khi khoảng tin cậy của thay đổi không chứa 0", "Changes only: 1 when the change's interval excludes 0"),
        ("measure", "index", "Chỉ số CCHC = điểm thẩm định + điểm điều tra XHH (khoảng tin cậy của phần điều tra)", "PAR index = appraisal + survey points (interval of the survey part)"),
        ("measure", "appraisal_points", "Điểm thẩm định (Hội đồng thẩm định), không có sai số mẫu", "Appraisal points (council), no sampling error"),
        ("measure", "survey_points", "Điểm điều tra xã hội học", "Survey points"),
        ("measure", "rank", "Thứ hạng trong loại đơn vị; lower–upper là khoảng hạng mô phỏng", "Rank within the unit type; lower–upper is the simulated rank range"),
        ("measure", "area_appraisal_points", "Điểm thẩm định theo lĩnh vực (component = mã lĩnh vực)", "Appraisal points by area (component = area code)"),
        ("measure", "area_survey_points", "Điểm điều tra XHH theo lĩnh vực", "Survey points by area"),
        ("measure", "criterion_share", "Tỷ lệ đánh giá tích cực của tiêu chí (component = mã tiêu chí)", "Share of positive ratings of a criterion (component = criterion code)"),
        ("measure", "criterion_points", "Điểm điều tra XHH của tiêu chí", "Survey points of a criterion"),
        ("measure", "sipas", "Tỷ lệ hài lòng SIPAS (component = sipas: chỉ số; service/policy: lĩnh vực; còn lại: yếu tố)", "SIPAS share satisfied (component = sipas: index; service/policy: field; else element)"),
        ("measure", "city_sipas", "SIPAS của cả loại đơn vị (gộp người dân của mọi đơn vị)", "SIPAS of the whole unit type (all units' citizens pooled)"),
        ("measure", "cell_share", "Ước lượng đơn vị × nhóm đối tượng × mục tiêu (component = nhóm|mục tiêu)", "Unit × respondent group × target estimate (component = group|target)"),
        ("measure", "previous_index", "Giá trị năm trước ánh xạ về đơn vị năm nay (tổ hợp theo tỷ trọng)", "Last year's value mapped onto this year's unit (share-weighted)"),
        ("measure", "change_index", "Thay đổi so với năm trước và khoảng tin cậy (mẫu độc lập)", "Change since last year with its interval (independent samples)"),
        ("measure", "previous_sipas / change_sipas / previous_survey_points / change_survey_points", "Như trên, cho SIPAS và điểm điều tra XHH", "As above, for SIPAS and survey points"),
        ("measure", "group_sampled / group_completed / group_rr1 / group_rr2", "Mẫu, phiếu hoàn thành, tỷ lệ trả lời AAPOR RR1/RR2 của nhóm đối tượng (component = mã nhóm)", "Sample, completed questionnaires, AAPOR RR1/RR2 of a respondent group (component = group code)"),
    ];

    private static string Level(PublishedResults r) => (r.ConfidenceLevel * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static IEnumerable<Row> Rows(PublishedResults r)
    {
        foreach (var t in r.UnitTypes)
            foreach (var f in t.Sipas) yield return Est(t.Code, "", "", "city_sipas", f.Code, "share", f.Share);
        foreach (var u in r.Units)
        {
            var s = u.Score;
            Row R(string measure, string component, string scale, double? value, double? se = null, double? lower = null, double? upper = null, bool? significant = null) =>
                new(s.UnitType, s.UnitCode, s.UnitName, measure, component, scale, value, se, lower, upper, null, false, significant);
            if (s.Index is { } idx)
            {
                var (lo, hi) = s.SurveyPoints is { Value: { } sp, Lower: { } l, Upper: { } h } ? ((double?)(idx + l - sp), (double?)(idx + h - sp)) : (null, null);
                yield return R("index", "", "points", idx, s.IndexStandardError, lo, hi) with { Respondents = Count(s.SurveyPoints.Respondents, r.MinCellSize) };
            }
            else if (s.SurveyPoints.Suppressed) yield return R("index", "", "points", null) with { Suppressed = true };
            if (s.AppraisalPoints is { } ap) yield return R("appraisal_points", "", "points", (double)ap);
            yield return Est(s, "survey_points", "", "points", s.SurveyPoints, r.MinCellSize);
            if (s.Rank is { } rank) yield return R("rank", s.Tied ? "tied" : "", "rank", rank, null, s.RankLower, s.RankUpper);
            foreach (var a in u.Areas)
            {
                if (a.Appraisal is { } x) yield return R("area_appraisal_points", a.Area, "points", (double)x);
                yield return a.SurveyWithheld ? R("area_survey_points", a.Area, "points", null) with { Suppressed = true } : R("area_survey_points", a.Area, "points", a.Survey);
            }
            foreach (var c in s.SurveyCriteria)
            {
                yield return Est(s, "criterion_share", c.Criterion, "share", c.Share, r.MinCellSize);
                yield return Est(s, "criterion_points", c.Criterion, "points", c.Points, r.MinCellSize);
            }
            foreach (var f in s.Sipas) yield return Est(s, "sipas", f.Code, "share", f.Share, r.MinCellSize);
            foreach (var c in u.Changes)
            {
                var scale = PublicText.IsShare(c.Figure) ? "share" : "points";
                if (c.Previous is not null) yield return R("previous_" + c.Figure, "", scale, c.Previous, c.PreviousStandardError);
                if (c.Difference is not null) yield return R("change_" + c.Figure, "", scale, c.Difference, c.StandardError, c.Lower, c.Upper, c.Significant);
            }
        }
        var names = r.Units.ToDictionary(u => u.Score.UnitCode, u => (u.Score.UnitName, u.Score.UnitType), StringComparer.Ordinal);
        foreach (var c in r.Cells)
        {
            var (name, type) = names.TryGetValue(c.UnitCode, out var n) ? n : (c.UnitCode, "");
            yield return Est(type, c.UnitCode, name, "cell_share", $"{c.Group}|{c.Target}", "share", c.Share, r.MinCellSize);
        }
        foreach (var g in r.Groups)
        {
            Row G(string measure, string scale, double? value) => new(g.UnitType, "", "", measure, g.Code, scale, value, null, null, null, null, g.Completed is null, null);
            yield return G("group_sampled", "count", g.Sampled);
            yield return G("group_completed", "count", g.Completed);
            yield return G("group_rr1", "share", g.RR1);
            yield return G("group_rr2", "share", g.RR2);
        }
    }

    private static Row Est(UnitScore s, string measure, string component, string scale, Estimate e, int k) => Est(s.UnitType, s.UnitCode, s.UnitName, measure, component, scale, e, k);

    private static Row Est(string type, string code, string name, string measure, string component, string scale, Estimate e, int k = ScoringConfiguration.MinimumCellSize) =>
        e.Suppressed
            ? new(type, code, name, measure, component, scale, null, null, null, null, null, true, null)
            : new(type, code, name, measure, component, scale, e.Value, e.StandardError, e.Lower, e.Upper, Count(e.Respondents, k), false, null);

    /// <summary>A count as published: only when it reaches k (a figure's count under k is withheld with it).</summary>
    private static int? Count(int n, int k) => SmallCells.Publishes(n, k) ? n : null;

    private static object?[] Cells(PublishedResults r, int version, Row x) =>
    [
        r.Round.Code, version, x.UnitType, SpreadsheetSafe.Cell(x.UnitCode), SpreadsheetSafe.Cell(x.UnitName), x.Measure, SpreadsheetSafe.Cell(x.Component), x.Scale,
        Num(x.Value), Num(x.Se), Num(x.Lower), Num(x.Upper), x.Respondents, x.Suppressed ? 1 : 0, x.Significant is { } b ? (b ? 1 : 0) : null,
    ];

    private static double? Num(double? x) => x is { } v && double.IsFinite(v) ? Math.Round(v, 6, MidpointRounding.AwayFromZero) : null;

    public static async Task<byte[]> CsvAsync(PublishedResults r, int version, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await ScoringExports.WriteCsvAsync(buffer, [.. Columns], Rows(r).Select(x => Cells(r, version, x)), ct);
        return buffer.ToArray();
    }

    public static async Task<byte[]> CodebookCsvAsync(PublishedResults r, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await ScoringExports.WriteCsvAsync(buffer, ["kind", "code", "description_vi", "description_en"], Codebook(r).Select(c => new object?[] { c.Kind, c.Code, c.Vi, c.En }), ct);
        return buffer.ToArray();
    }

    public static async Task<byte[]> XlsxAsync(PublishedResults r, int version, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var xlsx = new XlsxStream(buffer))
        {
            await xlsx.BeginSheetAsync("so_lieu", Columns, ct);
            foreach (var x in Rows(r)) await xlsx.WriteRowAsync(Cells(r, version, x), ct);
            await xlsx.BeginSheetAsync("codebook", ["kind", "code", "description_vi", "description_en"], ct);
            foreach (var c in Codebook(r)) await xlsx.WriteRowAsync([c.Kind, c.Code, c.Vi, c.En], ct);
        }
        return buffer.ToArray();
    }

    public static byte[] Json(PublishedResults r, PublishedVersion version)
    {
        var figures = Rows(r).Select(x => new
        {
            unitType = x.UnitType, unitCode = x.UnitCode, unitName = x.UnitName, measure = x.Measure, component = x.Component, scale = x.Scale,
            value = Num(x.Value), se = Num(x.Se), lower = Num(x.Lower), upper = Num(x.Upper), respondents = x.Respondents, suppressed = x.Suppressed, significant = x.Significant,
        });
        var document = new
        {
            round = new { r.Round.Code, r.Round.Name, r.Round.NameEn, r.Round.Year, r.Round.PeriodStart, r.Round.PeriodEnd },
            publication = new { version.Version, version.PublishedAt, scoreRun = version.ScoreRunId, version.InputHash, minCellSize = r.MinCellSize, confidenceLevel = r.ConfidenceLevel },
            codebook = Codebook(r).Select(c => new { c.Kind, c.Code, descriptionVi = c.Vi, descriptionEn = c.En }),
            figures,
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
