using System.Globalization;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Web.Features.Demo;

/// <summary>Plausible answers for demo data: Likert answers skewed towards satisfied, like real SIPAS data.</summary>
public static class SyntheticAnswers
{
    private static readonly double[] Likert5 = [0.03, 0.07, 0.15, 0.45, 0.30];
    private static readonly double[] Likert4 = [0.20, 0.35, 0.30, 0.15];

    /// <summary>
    /// Answers every item the skip logic shows, the way a respondent moves through the form: answer what is visible,
    /// let the engine re-evaluate relevance and choice filters, answer what appeared, until nothing new appears.
    /// <paramref name="shift"/> (by rated unit code; null for answers outside a unit grid) moves scale answers towards
    /// dissatisfied (positive) or satisfied (negative), e.g. a unit's lower satisfaction in an earlier year of the demo.
    /// </summary>
    public static ResponseData For(QuestionnaireDefinition definition, IReadOnlyList<RatedUnit> units, Random rng, Func<string?, double>? shift = null)
    {
        var engine = AnswerEngine.Create(definition);
        var data = new ResponseData();
        for (var pass = 0; pass < 8; pass++)
        {
            var state = engine.Evaluate(data, units);
            var added = false;
            foreach (var section in definition.Sections.Where(s => state.IsSectionVisible(s.Id)))
            {
                var targets = section.Grid is null ? [null] : state.UnitsOf(section.Id).Select(u => (string?)u.Code).ToList();
                foreach (var unit in targets)
                {
                    var bias = (unit is null ? 0 : (unit.Sum(c => c) % 7 - 3) * 0.02) + (shift?.Invoke(unit) ?? 0); // a stable per-unit tilt so units differ
                    foreach (var item in section.Items.Where(i => i.IsAnswerable && state.IsItemVisible(i.Id, unit) && data.Get(i.Id, unit) is null))
                    {
                        if (Value(item, state.ChoicesOf(item.Id, unit), rng, bias) is { } v)
                        {
                            data.Set(item.Id, v, unit);
                            added = true;
                        }
                    }
                }
            }
            if (!added) break;
        }
        return data;
    }

    private static string? Value(Item item, IReadOnlyList<Choice> choices, Random rng, double bias)
    {
        switch (item.Type)
        {
            case ItemType.Likert5 or ItemType.Likert4:
                if (item.DontKnow && rng.NextDouble() < 0.04) return Item.DontKnowCode;
                return (Draw(item.Type == ItemType.Likert5 ? Likert5 : Likert4, rng, bias) + 1).ToString(CultureInfo.InvariantCulture);
            case ItemType.Single:
                var options = choices.Where(c => !c.Excluded).ToList();
                return options.Count == 0 ? null : options[rng.Next(options.Count)].Code;
            case ItemType.Multiple:
                var all = choices.Where(c => !c.Excluded).ToList();
                if (all.Count == 0) return null;
                return string.Join(' ', all.Where(_ => rng.NextDouble() < 0.4).DefaultIfEmpty(all[0]).Select(c => c.Code).Distinct());
            case ItemType.Integer:
                var lo = (int)(item.Min ?? 18);
                var hi = (int)(item.Max ?? 70);
                return rng.Next(lo, hi + 1).ToString(CultureInfo.InvariantCulture);
            case ItemType.Decimal:
                return Math.Round((item.Min ?? 0) + rng.NextDouble() * ((item.Max ?? 100) - (item.Min ?? 0)), 1).ToString(CultureInfo.InvariantCulture);
            case ItemType.Date:
                return new DateOnly(2026, rng.Next(1, 10), rng.Next(1, 28)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            default:
                return "Không có ý kiến";
        }
    }

    private static int Draw(double[] probabilities, Random rng, double bias)
    {
        var u = Math.Clamp(rng.NextDouble() - bias, 0, 0.999999);
        var cumulative = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            cumulative += probabilities[i];
            if (u < cumulative) return i;
        }
        return probabilities.Length - 1;
    }
}
