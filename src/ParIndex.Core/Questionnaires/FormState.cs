using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Questionnaires;

/// <summary>
/// What the form looks like for given answers: which sections and items are visible, which units
/// each grid rates, the calculated values and the options left by choice filters.
/// Produced by <see cref="AnswerEngine.Evaluate"/>.
/// </summary>
public sealed class FormState
{
    internal readonly Dictionary<string, bool> SectionRelevant = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, IReadOnlyList<RatedUnit>> GridUnits = new(StringComparer.Ordinal);
    internal readonly Dictionary<(string Id, string? Unit), bool> ItemRelevant;
    internal readonly Dictionary<(string Id, string? Unit), Value> Calculated = [];
    internal readonly Dictionary<(string Id, string? Unit), IReadOnlyList<Choice>> FilteredChoices;

    public FormState() : this(0) { }

    /// <summary>Sized for <paramref name="cells"/> item × unit cells, so recording visibility never grows the table (option lists are kept for shown cells only).</summary>
    internal FormState(int cells)
    {
        ItemRelevant = new(cells);
        FilteredChoices = [];
    }
    /// <summary>Evaluation passes used; more than a few means logic that does not settle.</summary>
    internal int Passes { get; set; }

    private readonly Dictionary<string, IReadOnlyList<Choice>> _allChoices = new(StringComparer.Ordinal);

    /// <summary>
    /// An item's unfiltered options (they do not depend on answers): from <paramref name="fixedChoices"/>, the
    /// engine's own, when the list is the definition's; built once per evaluation when it lists the round's units.
    /// </summary>
    internal IReadOnlyList<Choice> AllChoices(QuestionnaireDefinition definition, Item item, IReadOnlyList<RatedUnit> units,
        System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<Choice>>? fixedChoices = null)
    {
        if (fixedChoices is not null && item.ChoiceList != Choices.UnitsList)
        {
            return fixedChoices.GetOrAdd(item.Id, _ => Choices.For(definition, item, units));
        }
        if (!_allChoices.TryGetValue(item.Id, out var list))
        {
            _allChoices[item.Id] = list = Choices.For(definition, item, units);
        }
        return list;
    }

    /// <summary>True when the section is shown (its relevance holds; a grid also needs at least one unit).</summary>
    public bool IsSectionVisible(string sectionId) =>
        SectionRelevant.TryGetValue(sectionId, out var r) && r
        && (!GridUnits.TryGetValue(sectionId, out var units) || units.Count > 0);

    /// <summary>The units a grid section rates, after its filter, in round order; empty for other sections.</summary>
    public IReadOnlyList<RatedUnit> UnitsOf(string sectionId) =>
        GridUnits.TryGetValue(sectionId, out var u) ? u : [];

    /// <summary>True when the item is shown (for <paramref name="unitCode"/> in a grid).</summary>
    public bool IsItemVisible(string itemId, string? unitCode = null) =>
        ItemRelevant.TryGetValue((itemId, unitCode), out var r) && r;

    /// <summary>The value of a calculate item as stored text, or null when missing or hidden.</summary>
    public string? CalculatedValue(string itemId, string? unitCode = null) =>
        Calculated.TryGetValue((itemId, unitCode), out var v) && !v.IsMissing ? v.AsString() : null;

    /// <summary>The options of a Likert or choice item, after its choice filter (all options when it has none); empty for other types.</summary>
    public IReadOnlyList<Choice> ChoicesOf(string itemId, string? unitCode = null) =>
        FilteredChoices.TryGetValue((itemId, unitCode), out var c) ? c : [];
}
