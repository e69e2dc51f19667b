using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Questionnaires;

/// <summary>
/// Converts one stored answer of a scored item into a score in [0, 1]. Aggregation (means over
/// respondents, weights, points per criterion) belongs to scoring; this is only the per-answer rule.
/// </summary>
public static class ScoreRules
{
    /// <summary>
    /// The answer's score, or null when it does not count: unscored item, unanswered, "don't know",
    /// an excluded choice, or an unparsable value.
    /// <list type="bullet">
    /// <item><c>top_box</c>: 1 if x ≥ TopBoxMin (default 4 on likert5, 3 on likert4) else 0 — its mean is the share answering 4–5.</item>
    /// <item><c>mean_rescaled</c>: (x − min) / (max − min), min/max being the scale ends (1 and 5 or 4) or the item's range; clamped to [0, 1].</item>
    /// </list>
    /// </summary>
    public static double? Score(Item item, string? answer)
    {
        if (item.Scoring is not { } scoring || string.IsNullOrWhiteSpace(answer) || answer.Trim() == Item.DontKnowCode)
        {
            return null;
        }
        var x = Value.ParseNumber(answer);
        if (double.IsNaN(x))
        {
            return null;
        }
        double min, max;
        if (item.IsLikert)
        {
            (min, max) = (1, item.ScalePoints);
        }
        else if (item.Min is { } lo && item.Max is { } hi && hi > lo)
        {
            (min, max) = (lo, hi);
        }
        else
        {
            return null;
        }
        return scoring.Rule switch
        {
            ScoringRule.TopBox => x >= (scoring.TopBoxMin ?? (item.Type == ItemType.Likert4 ? 3 : 4)) ? 1 : 0,
            ScoringRule.MeanRescaled => Math.Clamp((x - min) / (max - min), 0, 1),
            _ => null,
        };
    }
}
