using System.Globalization;
using ParIndex.Core.Domain;

namespace ParIndex.Core.SelfAssessment;

/// <summary>What a scored line of the self-assessment form is.</summary>
public enum ScoreLineKind
{
    /// <summary>A sub-criterion of the criteria tree scored by appraisal: 0 … its maximum.</summary>
    SubCriterion = 0,
    /// <summary>A bonus item of the method (điểm thưởng): 0 … its maximum, added.</summary>
    Bonus = 1,
    /// <summary>A penalty item (điểm trừ): a deduction of 0 … its maximum, entered as a positive number and subtracted.</summary>
    Penalty = 2,
}

/// <summary>One line's score as the totals see it.</summary>
public readonly record struct ScoreLine(string Code, ScoreLineKind Kind, decimal MaxPoints, decimal? Points);

/// <summary>Bounds of a score on the self-assessment form and the appraised total.</summary>
public static class ScoreBounds
{
    /// <summary>Scores carry at most two decimals, as the index is reported (92,90).</summary>
    public const int Decimals = 2;

    /// <summary>
    /// Null when <paramref name="points"/> is a valid score for the line, else a Vietnamese message saying what to fix.
    /// Every kind is entered as a non-negative number up to the line's maximum; a penalty is subtracted in <see cref="Total"/>.
    /// </summary>
    public static string? Problem(string code, ScoreLineKind kind, decimal maxPoints, decimal points)
    {
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        if (points < 0 || points > maxPoints)
        {
            var what = kind switch { ScoreLineKind.Bonus => "Điểm thưởng", ScoreLineKind.Penalty => "Điểm trừ", _ => "Điểm" };
            return $"{code}: {what} {points.ToString("0.##", vi)} nằm ngoài khoảng cho phép 0 – {maxPoints.ToString("0.##", vi)}.";
        }
        if (decimal.Round(points, Decimals) != points)
            return $"{code}: điểm chỉ được có tối đa {Decimals} chữ số thập phân.";
        return null;
    }

    /// <summary>Throws <c>score-out-of-range</c> when <see cref="Problem"/> finds one.</summary>
    public static void Check(string code, ScoreLineKind kind, decimal maxPoints, decimal points)
    {
        if (Problem(code, kind, maxPoints, points) is { } message) throw new DomainException("score-out-of-range", message);
    }

    /// <summary>
    /// The appraisal half of a unit's index: Σ sub-criteria + Σ bonus − Σ penalty, never below 0 (a deduction cannot
    /// make the half negative). Lines without points count 0.
    /// </summary>
    public static decimal Total(IEnumerable<ScoreLine> lines)
    {
        var total = 0m;
        foreach (var l in lines)
        {
            var p = l.Points ?? 0m;
            total += l.Kind == ScoreLineKind.Penalty ? -p : p;
        }
        return Math.Max(0m, total);
    }
}
