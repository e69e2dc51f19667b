namespace ParIndex.Core.Questionnaires;

/// <summary>The options an item offers, before any choice filter: Likert points, a choice list, or the round's units.</summary>
public static class Choices
{
    /// <summary>The reserved <see cref="Item.ChoiceList"/> value meaning "the units of the round".</summary>
    public const string UnitsList = "@units";

    /// <summary>Built-in 5-point satisfaction labels, lowest first.</summary>
    public static readonly IReadOnlyList<LocalizedText> Likert5Labels =
    [
        new("Rất không hài lòng", "Very dissatisfied"),
        new("Không hài lòng", "Dissatisfied"),
        new("Bình thường", "Neither satisfied nor dissatisfied"),
        new("Hài lòng", "Satisfied"),
        new("Rất hài lòng", "Very satisfied"),
    ];

    /// <summary>Built-in 4-point expectation labels (how much improvement is wanted), lowest first.</summary>
    public static readonly IReadOnlyList<LocalizedText> Likert4Labels =
    [
        new("Không cần cải thiện", "No improvement needed"),
        new("Ít cần cải thiện", "Little improvement needed"),
        new("Cần cải thiện", "Improvement needed"),
        new("Rất cần cải thiện", "Much improvement needed"),
    ];

    /// <summary>Built-in label of the don't-know answer.</summary>
    public static readonly LocalizedText DontKnowLabel = new("Không biết / Không áp dụng", "Don't know / Not applicable");

    /// <summary>
    /// The options of <paramref name="item"/> in display order, including the don't-know option when
    /// enabled. Unknown choice lists give an empty list (the definition validator reports them).
    /// </summary>
    public static IReadOnlyList<Choice> For(QuestionnaireDefinition definition, Item item, IReadOnlyList<RatedUnit> units)
    {
        var list = new List<Choice>();
        if (item.IsLikert)
        {
            var labels = item.ScaleLabels
                ?? (definition.ScaleLabels is { } d && d.TryGetValue(item.Type == ItemType.Likert5 ? "likert5" : "likert4", out var l) ? l : null)
                ?? (item.Type == ItemType.Likert5 ? Likert5Labels : Likert4Labels);
            for (var i = 1; i <= item.ScalePoints; i++)
            {
                var code = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                list.Add(new Choice { Code = code, Label = i - 1 < labels.Count ? Copy(labels[i - 1]) : new LocalizedText(code) });
            }
        }
        else if (item.Type is ItemType.Single or ItemType.Multiple)
        {
            if (item.ChoiceList == UnitsList)
            {
                list.AddRange(units.Select(u => new Choice { Code = u.Code, Label = new LocalizedText(u.Name, u.Name) }));
            }
            else if (item.ChoiceList is not null && definition.ChoiceLists.TryGetValue(item.ChoiceList, out var choices))
            {
                list.AddRange(choices);
            }
        }
        if (item.DontKnow && list.All(c => c.Code != Item.DontKnowCode))
        {
            list.Add(new Choice { Code = Item.DontKnowCode, Label = Copy(item.DontKnowLabel ?? DontKnowLabel), Excluded = true });
        }
        return list;
    }

    // Labels are mutable maps; callers get copies so editing an option never alters the built-in defaults.
    private static LocalizedText Copy(LocalizedText source)
    {
        var copy = new LocalizedText();
        foreach (var (k, v) in source) copy[k] = v;
        return copy;
    }
}
