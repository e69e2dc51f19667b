using System.Globalization;
using System.Text;
using ParIndex.Core.Scoring;

namespace ParIndex.Web.Features.Scoring;

/// <summary>The round's ranking per unit type as Markdown (vi-VN numbers: 92,90 and 84,44%), for the CLI's report file.</summary>
public static class ScoreReportText
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static string Points(double? x) => x is { } v && double.IsFinite(v) ? v.ToString("0.00", Vi) : "—";

    public static string Percent(double? share) => share is { } v && double.IsFinite(v) ? (v * 100).ToString("0.00", Vi) + "%" : "—";

    /// <summary>A figure, or "ẩn" when the engine withheld it (fewer than k respondents).</summary>
    private static string Figure(Estimate? e, bool points = false) => e is { Suppressed: true } ? "ẩn" : points ? Points(e?.Value) : Percent(e?.Value);

    /// <summary>Vietnamese name of a figure code (the result's labels, the SIPAS elements, the index figures).</summary>
    public static string Name(ScoringResult result, string code)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Labels.TryGetValue(code, out var label)) return label;
        if (ParIndex.Core.Questionnaires.ScoringTargets.SipasElements.FirstOrDefault(e => e.Code == code) is { } element) return element.Vi;
        return code switch
        {
            "index" => "Chỉ số CCHC (trung bình các đơn vị)",
            "survey_points" => "Điểm điều tra XHH (trung bình các đơn vị)",
            "sipas" => "Chỉ số SIPAS",
            "service" => "Hài lòng về dịch vụ hành chính công",
            "policy" => "Hài lòng về chính sách",
            _ => code,
        };
    }

    /// <summary>A unit in the targets table: its name and code ("Sở Nội vụ (SO-NV)"), so the ranking table keeps the one row with the bare code.</summary>
    private static string UnitLabel(ScoringResult result, string code) =>
        result.Units.FirstOrDefault(u => u.UnitCode == code) is { } u ? $"{u.UnitName} ({u.UnitCode})" : $"({code})";

    /// <summary>A target's status in Vietnamese.</summary>
    public static string Status(TargetStatus status) => status switch
    {
        TargetStatus.Met => "Đạt",
        TargetStatus.NotMet => "Chưa đạt",
        TargetStatus.Indistinguishable => "Chưa phân định được (KTC chứa mục tiêu)",
        _ => "Không có số liệu",
    };

    public static string Markdown(string roundName, ScoreRun run, ScoringResult result)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"# Kết quả Chỉ số — {roundName}").AppendLine();
        sb.AppendLine($"Lần tính điểm số {run.Id}, {Infrastructure.Ui.Date(run.CreatedAt)} (giờ Hà Nội, UTC+7), cấu hình phiên bản {run.ConfigVersion}, {run.ResponseCount} phiếu, động cơ {run.Engine}.");
        sb.AppendLine($"Mã băm đầu vào (SHA-256): `{run.InputHash}`.").AppendLine();
        foreach (var type in result.Units.Select(u => u.UnitType).Distinct())
        {
            sb.AppendLine($"## Loại đơn vị {type}").AppendLine();
            if (result.SipasByUnitType.TryGetValue(type, out var overall) && overall.FirstOrDefault(f => f.Code == "sipas") is { } s)
                sb.AppendLine($"SIPAS chung: {Figure(s.Share)} (KTC {Percent(s.Share.Lower)} – {Percent(s.Share.Upper)}).").AppendLine();
            sb.AppendLine("| Hạng | Khoảng hạng | Mã | Đơn vị | Điểm thẩm định | Điểm điều tra XHH | KTC điểm XHH | SIPAS | Chỉ số |");
            sb.AppendLine("|---:|:---:|---|---|---:|---:|:---:|---:|---:|");
            foreach (var u in result.Units.Where(u => u.UnitType == type).OrderBy(u => u.Rank ?? int.MaxValue).ThenBy(u => u.UnitCode, StringComparer.Ordinal))
            {
                var sipas = u.Sipas.FirstOrDefault(f => f.Code == "sipas")?.Share;
                sb.AppendLine($"| {(u.Rank is { } r ? (u.Tied ? $"{r}=" : r.ToString(Vi)) : "—")} | {(u.RankLower is { } lo ? $"{lo}–{u.RankUpper}" : "—")} | {u.UnitCode} | {u.UnitName} | " +
                    $"{(u.AppraisalPoints is { } a ? Points((double)a) + (u.AppraisalSource == AppraisalSource.SelfAssessment ? " (tự đánh giá)" : " (tệp)") : "chưa có điểm thẩm định")} | {Figure(u.SurveyPoints, points: true)} | {Points(u.SurveyPoints.Lower)} – {Points(u.SurveyPoints.Upper)} | {Figure(sipas)} | {Points(u.Index)} |");
            }
            sb.AppendLine();
        }
        if (result.TargetChecks.Count > 0)
        {
            // Each configured target against the city-wide figure, then against the units (issue 21 items 5 and 6).
            sb.AppendLine("## Mục tiêu").AppendLine();
            sb.AppendLine("| Mục tiêu | Phạm vi | Loại đơn vị | Mục tiêu | Kết quả | KTC | Đánh giá | Nguồn |");
            sb.AppendLine("|---|---|---|---:|---:|:---:|---|---|");
            foreach (var c in result.TargetChecks.OrderBy(c => c.Scope == TargetCheck.CityScope ? 0 : 1))
            {
                var scale = c.Percent ? 100.0 : 1.0;
                string V(double? x) => c.Percent ? Percent(x) : Points(x);
                sb.AppendLine($"| {c.Name ?? Name(result, c.Figure)} | {(c.Scope == TargetCheck.CityScope ? "Toàn Thành phố" : UnitLabel(result, c.Scope))} | {(c.UnitType == ScoringEngine.AllUnitTypes ? "tất cả" : c.UnitType)} | " +
                    $"≥ {V(c.Target / scale)} | {Figure(c.Estimate, points: !c.Percent)} | {V(c.Estimate.Lower)} – {V(c.Estimate.Upper)} | {Status(c.Status)} | {c.Source} |");
            }
            sb.AppendLine();
        }
        if (result.City.Count > 0)
        {
            sb.AppendLine("## Toàn Thành phố").AppendLine();
            sb.AppendLine("| Loại đơn vị | Số liệu | Giá trị | KTC |");
            sb.AppendLine("|---|---|---:|:---:|");
            foreach (var f in result.City)
            {
                var points = f.Code is "index" or "survey_points";
                string V(double? x) => points ? Points(x) : Percent(x);
                sb.AppendLine($"| {(f.UnitType == ScoringEngine.AllUnitTypes ? "tất cả" : f.UnitType)} | {Name(result, f.Code)} | {Figure(f.Estimate, points)} | {(f.Estimate.Suppressed ? "" : $"{V(f.Estimate.Lower)} – {V(f.Estimate.Upper)}")} |");
            }
            sb.AppendLine();
        }
        if (result.Warnings.Count > 0)
        {
            sb.AppendLine("## Cảnh báo").AppendLine();
            foreach (var w in result.Warnings.Take(200)) sb.AppendLine($"- {w}");
            if (result.Warnings.Count > 200) sb.AppendLine($"- … và {result.Warnings.Count - 200} cảnh báo khác.");
            sb.AppendLine();
        }
        sb.AppendLine($"Số liệu từ dưới {result.MinCellSize} người trả lời không được công bố (ẩn) và không được gộp vào số liệu nào khác.");
        return sb.ToString();
    }
}
