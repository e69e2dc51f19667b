using System.Globalization;
using System.Text.RegularExpressions;

namespace ParIndex.Core.Domain;

/// <summary>One row of a criteria tree as the institute edits it: the parent is implied by the code ("3.2" is under "3").</summary>
public sealed record CriterionNode(string Code, string Name, string? NameEn, decimal MaxPoints, ScoreComponent Component)
{
    public int Depth => Code.Count(c => c == '.') + 1;
    public string? ParentCode => Code.LastIndexOf('.') is var i and > 0 ? Code[..i] : null;
}

/// <summary>
/// The invariants of a unit type's criteria tree: codes well formed and unique, every parent present, each inner node's
/// maximum equal to the sum of its children, and the leaves of each component adding up to the round's split
/// (e.g. 70 appraisal + 30 survey points).
/// </summary>
public static partial class CriteriaTree
{
    private const decimal Tolerance = 0.0001m;

    [GeneratedRegex(@"^[0-9A-Za-z]{1,8}(\.[0-9A-Za-z]{1,8}){0,2}$")]
    private static partial Regex CodePattern();

    /// <summary>Every problem with the tree, as "code: message" strings in Vietnamese; empty when valid.</summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<CriterionNode> nodes, decimal surveyPoints, decimal appraisalPoints)
    {
        var errors = new List<string>();
        var byCode = new Dictionary<string, CriterionNode>(StringComparer.Ordinal);
        foreach (var n in nodes)
        {
            if (!CodePattern().IsMatch(n.Code)) { errors.Add($"{n.Code}: mã không hợp lệ (dạng 3, 3.2 hoặc 3.2.1)."); continue; }
            if (!byCode.TryAdd(n.Code, n)) errors.Add($"{n.Code}: mã bị lặp.");
            if (string.IsNullOrWhiteSpace(n.Name)) errors.Add($"{n.Code}: thiếu tên tiêu chí.");
            if (n.MaxPoints < 0) errors.Add($"{n.Code}: điểm tối đa không được âm.");
        }
        foreach (var n in byCode.Values)
        {
            if (n.ParentCode is { } p && !byCode.ContainsKey(p)) errors.Add($"{n.Code}: không có tiêu chí cha {p}.");
        }
        if (errors.Count > 0) return errors;

        var children = byCode.Values.Where(n => n.ParentCode is not null).ToLookup(n => n.ParentCode!);
        foreach (var n in byCode.Values.Where(n => children[n.Code].Any()))
        {
            var sum = children[n.Code].Sum(c => c.MaxPoints);
            if (Math.Abs(sum - n.MaxPoints) > Tolerance)
                errors.Add($"{n.Code}: điểm tối đa {Format(n.MaxPoints)} khác tổng các tiêu chí con {Format(sum)}.");
        }
        var leaves = byCode.Values.Where(n => !children[n.Code].Any()).ToList();
        var survey = leaves.Where(l => l.Component == ScoreComponent.Survey).Sum(l => l.MaxPoints);
        var appraisal = leaves.Where(l => l.Component == ScoreComponent.Appraisal).Sum(l => l.MaxPoints);
        if (Math.Abs(survey - surveyPoints) > Tolerance)
            errors.Add($"Tổng điểm điều tra XHH là {Format(survey)}, phải bằng {Format(surveyPoints)}.");
        if (Math.Abs(appraisal - appraisalPoints) > Tolerance)
            errors.Add($"Tổng điểm thẩm định là {Format(appraisal)}, phải bằng {Format(appraisalPoints)}.");
        return errors;
    }

    private static string Format(decimal d) => d.ToString("0.##", CultureInfo.GetCultureInfo("vi-VN"));
}
