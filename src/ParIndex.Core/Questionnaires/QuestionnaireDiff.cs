using System.Text.Json.Nodes;

namespace ParIndex.Core.Questionnaires;

/// <summary>What happened to an element between two versions.</summary>
public enum ChangeKind
{
    /// <summary>Only in the newer version.</summary>
    Added,
    /// <summary>Only in the older version (its answers stay readable in exports).</summary>
    Removed,
    /// <summary>In both, with different content.</summary>
    Changed,
}

/// <summary>One difference between two versions.</summary>
/// <param name="Kind">Added, removed or changed.</param>
/// <param name="Element">"questionnaire", "section" or "item".</param>
/// <param name="Id">The section or item id (stable across versions); the questionnaire id for top-level changes.</param>
/// <param name="Fields">For <see cref="ChangeKind.Changed"/>: the fields that differ (camelCase, as in the file), e.g. "label", "relevant", "choices", "section".</param>
public sealed record DefinitionChange(ChangeKind Kind, string Element, string Id, IReadOnlyList<string> Fields);

/// <summary>
/// Compares two versions by stable ids, for the designer's "compare versions" view and for
/// deciding whether answers of an item can be pooled across versions (a changed label or
/// choice list may mean it cannot).
/// </summary>
public static class QuestionnaireDiff
{
    /// <summary>Every difference, questionnaire-level first, then sections, then items, in document order.</summary>
    public static IReadOnlyList<DefinitionChange> Compare(QuestionnaireDefinition older, QuestionnaireDefinition newer)
    {
        var changes = new List<DefinitionChange>();

        var topFields = Differences(TopLevel(older), TopLevel(newer));
        if (topFields.Count > 0) changes.Add(new DefinitionChange(ChangeKind.Changed, "questionnaire", newer.Id, topFields));

        var oldSections = older.Sections.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        var newSections = newer.Sections.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var s in older.Sections.Where(s => !newSections.ContainsKey(s.Id)))
            changes.Add(new DefinitionChange(ChangeKind.Removed, "section", s.Id, []));
        foreach (var s in newer.Sections)
        {
            if (!oldSections.TryGetValue(s.Id, out var o))
            {
                changes.Add(new DefinitionChange(ChangeKind.Added, "section", s.Id, []));
                continue;
            }
            var f = Differences(SectionShape(o), SectionShape(s));
            if (f.Count > 0) changes.Add(new DefinitionChange(ChangeKind.Changed, "section", s.Id, f));
        }

        var oldItems = older.AllItems().GroupBy(p => p.Item.Id).ToDictionary(g => g.Key, g => g.First());
        var newItems = newer.AllItems().GroupBy(p => p.Item.Id).ToDictionary(g => g.Key, g => g.First());
        foreach (var (_, item) in older.AllItems().Where(p => !newItems.ContainsKey(p.Item.Id)))
            changes.Add(new DefinitionChange(ChangeKind.Removed, "item", item.Id, []));
        foreach (var (section, item) in newer.AllItems())
        {
            if (!oldItems.TryGetValue(item.Id, out var o))
            {
                changes.Add(new DefinitionChange(ChangeKind.Added, "item", item.Id, []));
                continue;
            }
            var f = Differences(ItemShape(older, o.Section, o.Item), ItemShape(newer, section, item));
            if (f.Count > 0) changes.Add(new DefinitionChange(ChangeKind.Changed, "item", item.Id, f));
        }
        return changes;
    }

    private static JsonObject TopLevel(QuestionnaireDefinition d)
    {
        var o = (JsonObject)QuestionnaireSerializer.ToNode(d)!;
        // Sections and lists are compared element by element; list changes show on the items using them.
        o.Remove("sections");
        o.Remove("choiceLists");
        o.Remove("scaleLabels");
        return o;
    }

    private static JsonObject SectionShape(Section s)
    {
        var o = (JsonObject)QuestionnaireSerializer.ToNode(s)!;
        o.Remove("items");
        return o;
    }

    private static JsonObject ItemShape(QuestionnaireDefinition d, Section section, Item item)
    {
        var o = (JsonObject)QuestionnaireSerializer.ToNode(item)!;
        // Effective options, so an edit in a shared choice list or in file-level Likert labels is seen on each item.
        o.Remove("scaleLabels");
        o.Remove("dontKnowLabel");
        o["choices"] = QuestionnaireSerializer.ToNode(Choices.For(d, item, []).ToList());
        o["section"] = section.Id;
        return o;
    }

    private static List<string> Differences(JsonObject a, JsonObject b) =>
        a.Select(p => p.Key).Union(b.Select(p => p.Key)).Order(StringComparer.Ordinal)
            .Where(k => !JsonNode.DeepEquals(a[k], b[k]))
            .ToList();
}
