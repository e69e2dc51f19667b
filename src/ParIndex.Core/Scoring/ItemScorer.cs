using ParIndex.Core.Questionnaires;
using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Scoring;

/// <summary>One answer's contribution to a scoring target: the answer's score in [0, 1] and the item's weight.</summary>
public readonly record struct TargetScore(string Target, double Score, double Weight);

/// <summary>
/// The scored items of one questionnaire version and how their answers become scores (<see cref="ScoreRules"/>),
/// with the round's satisfied threshold applied to top-box items when the configuration sets one.
/// "Don't know", blank and unparsable answers give no score (they are excluded, not counted as 0).
/// </summary>
public sealed class ItemScorer
{
    private readonly (Item Item, string Target, double Weight)[] items;
    private readonly double? threshold;

    public ItemScorer(QuestionnaireDefinition definition, double? satisfiedThreshold)
    {
        ArgumentNullException.ThrowIfNull(definition);
        items = definition.AllItems().Select(p => p.Item)
            .Where(i => i.Scoring is { Rule: not null } sc && sc.Target.Length > 0 && sc.Weight > 0)
            .Select(i => (i, i.Scoring!.Target, i.Scoring.Weight)).ToArray();
        threshold = satisfiedThreshold;
    }

    /// <summary>Scored items with their target, in questionnaire order.</summary>
    public IEnumerable<(Item Item, string Target, double Weight)> Items => items;

    /// <summary>The score of one answer, or null when it does not count.</summary>
    public double? Score(Item item, string? answer)
    {
        var s = ScoreRules.Score(item, answer);
        if (s is null || threshold is not { } t || item.Scoring!.Rule != ScoringRule.TopBox) return s;
        return Value.ParseNumber(answer!) >= t ? 1 : 0;
    }

    /// <summary>The scores of one answer set (answers keyed by item id).</summary>
    public IEnumerable<TargetScore> Scores(IReadOnlyDictionary<string, string> answers)
    {
        foreach (var (item, target, weight) in items)
        {
            if (answers.TryGetValue(item.Id, out var a) && Score(item, a) is { } s) yield return new TargetScore(target, s, weight);
        }
    }
}
