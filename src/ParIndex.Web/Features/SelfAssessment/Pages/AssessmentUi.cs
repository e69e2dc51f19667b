using System.Globalization;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.SelfAssessment.Pages;

/// <summary>Formats and parsing shared by the self-assessment and appraisal pages.</summary>
public static class AssessmentUi
{
    /// <summary>A score as typed: "1,5" and "1.5" both mean 1.5; empty is null; anything else is a message.</summary>
    public static decimal? ParsePoints(string code, string? text, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (decimal.TryParse(text.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d)) return d;
        errors.Add(Ui.L($"{code}: “{text}” không phải là số điểm.", $"{code}: “{text}” is not a number of points."));
        return null;
    }

    /// <summary>
    /// The posted lines by criterion code. A line without a code, or a code posted twice, can only come from a stale or
    /// tampered form: it is refused with a message naming it, and nothing is saved.
    /// </summary>
    public static Dictionary<string, T> ByCode<TLine, T>(IEnumerable<TLine> lines, Func<TLine, string?> code, Func<TLine, T> value)
    {
        var list = lines.ToList();
        if (list.Any(l => string.IsNullOrWhiteSpace(code(l))))
            throw new RequestValidationException(new Dictionary<string, string[]>
            {
                ["lines"] = [Ui.L("Một dòng được gửi lên không có mã tiêu chí. Hãy tải lại trang rồi nhập lại; chưa có gì được lưu.",
                    "A line was posted without a criterion code. Reload the page and enter it again; nothing was saved.")],
            });
        var twice = list.GroupBy(l => code(l)!.Trim(), StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
            throw new RequestValidationException(new Dictionary<string, string[]>
            {
                ["lines"] = [Ui.L($"Tiêu chí {string.Join(", ", twice)} được gửi hai lần. Hãy tải lại trang rồi nhập lại; chưa có gì được lưu.",
                    $"Criterion {string.Join(", ", twice)} was posted twice. Reload the page and enter it again; nothing was saved.")],
            });
        return list.ToDictionary(l => code(l)!.Trim(), value, StringComparer.Ordinal);
    }

    /// <summary>A score for an input box: "1,5" in Vietnamese, "1.5" in English; empty when null.</summary>
    public static string Input(decimal? d) => d is null ? "" : d.Value.ToString("0.##", Ui.IsEnglish ? CultureInfo.InvariantCulture : Ui.Vi);

    public static string Show(decimal? d) => d is null ? "–" : Ui.Points(d.Value);

    public static string State(AssessmentState? s) => s switch
    {
        null or AssessmentState.Draft => Ui.L("Đang tự đánh giá", "Drafting"),
        AssessmentState.Submitted => Ui.L("Đã nộp, chờ thẩm định lần 1", "Submitted, awaiting round 1"),
        AssessmentState.ExplanationOpen => Ui.L("Dự thảo thẩm định lần 1 — đơn vị giải trình", "Round-1 draft — unit explaining"),
        AssessmentState.Explained => Ui.L("Đã giải trình, chờ thẩm định lần 2", "Explained, awaiting round 2"),
        AssessmentState.Round2Done => Ui.L("Đã thẩm định lần 2, chờ Hội đồng phê duyệt", "Round 2 done, awaiting the council"),
        _ => Ui.L("Hội đồng đã phê duyệt — đã khóa", "Approved by the council — locked"),
    };

    public static string Action(string action) => action switch
    {
        "assessment.open" => Ui.L("Mở hồ sơ tự đánh giá", "Self-assessment opened"),
        "assessment.draft.save" => Ui.L("Lưu nháp tự đánh giá", "Draft saved"),
        "assessment.evidence.add" => Ui.L("Thêm tài liệu kiểm chứng", "Evidence added"),
        "assessment.submit" => Ui.L("Nộp tự đánh giá", "Self-assessment submitted"),
        "assessment.return" => Ui.L("Trả lại đơn vị", "Returned to the unit"),
        "assessment.extend" => Ui.L("Gia hạn nộp", "Deadline extended"),
        "assessment.round1.save" => Ui.L("Lưu thẩm định lần 1", "Round 1 saved"),
        "assessment.round1.complete" => Ui.L("Gửi dự thảo thẩm định lần 1", "Round-1 draft sent"),
        "assessment.explanation.save" => Ui.L("Lưu giải trình", "Explanation saved"),
        "assessment.explanation.submit" => Ui.L("Gửi giải trình, bổ sung", "Explanation sent"),
        "assessment.explanation.close" => Ui.L("Đóng hạn giải trình", "Explanation window closed"),
        "assessment.round2.save" => Ui.L("Lưu thẩm định lần 2", "Round 2 saved"),
        "assessment.round2.complete" => Ui.L("Hoàn thành thẩm định lần 2", "Round 2 completed"),
        "assessment.approve" => Ui.L("Hội đồng phê duyệt, khóa kết quả", "Council approved, locked"),
        _ => action,
    };

    public static string Size(long bytes) => bytes < 1024 * 1024
        ? $"{Math.Max(1, bytes / 1024)} KB"
        : (bytes / (1024.0 * 1024)).ToString("0.0", Ui.IsEnglish ? CultureInfo.InvariantCulture : Ui.Vi) + " MB";
}
