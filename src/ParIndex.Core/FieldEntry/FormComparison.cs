using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.FieldEntry;

/// <summary>One field where two keyings of the same paper form differ; an empty string is "left blank".</summary>
public sealed record FieldDifference(string ItemId, string? UnitCode, string First, string Second);

/// <summary>
/// Field-by-field comparison of two independent keyings of one paper form (double entry). The public operations take the
/// form's keying layout and look at its fields only (<see cref="KeyingLayout.Keyed"/>): calculated items and notes are
/// never compared, counted or resolved, whatever the stored keyings hold.
/// </summary>
public static class FormComparison
{
    /// <summary>Every field of <paramref name="fields"/> whose values in the two keyings differ, in keying order (as <see cref="Compare(ResponseData, ResponseData)"/> judges a difference).</summary>
    public static IReadOnlyList<FieldDifference> Compare(IReadOnlyList<KeyField> fields, ResponseData first, ResponseData second)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var diffs = new List<FieldDifference>();
        foreach (var f in fields) Add(diffs, f.ItemId, f.UnitCode, first.Get(f.ItemId, f.UnitCode), second.Get(f.ItemId, f.UnitCode));
        return diffs;
    }

    /// <summary>Fields of the layout answered in <paramref name="data"/> (what a keyer typed that was kept).</summary>
    public static int FieldCount(IReadOnlyList<KeyField> fields, ResponseData data) => FieldCount(KeyingLayout.Keyed(fields, data));

    /// <summary>Fields of the layout answered in either keying: the number of fields the comparison checked.</summary>
    public static int UnionFieldCount(IReadOnlyList<KeyField> fields, ResponseData first, ResponseData second) =>
        UnionFieldCount(KeyingLayout.Keyed(fields, first), KeyingLayout.Keyed(fields, second));

    /// <summary>The keyed part of <paramref name="data"/> with each resolution of a field of the layout applied (others are ignored).</summary>
    public static ResponseData Apply(IReadOnlyList<KeyField> fields, ResponseData data, IEnumerable<(string ItemId, string? UnitCode, string Value)> resolutions)
    {
        var keyed = fields.Select(f => (f.ItemId, f.UnitCode)).ToHashSet();
        return Apply(KeyingLayout.Keyed(fields, data), resolutions.Where(r => keyed.Contains((r.ItemId, r.UnitCode))));
    }

    /// <summary>
    /// Every field where <paramref name="first"/> and <paramref name="second"/> differ, over the union of the fields
    /// either keyed, in a stable order (respondent-level items, then units, each by id). Values are compared after
    /// trimming, with multiple-choice codes as sets ("1 3" equals "3 1"); a blank against a value is a difference.
    /// </summary>
    internal static IReadOnlyList<FieldDifference> Compare(ResponseData first, ResponseData second)
    {
        var diffs = new List<FieldDifference>();
        foreach (var id in first.Answers.Keys.Union(second.Answers.Keys).Order(StringComparer.Ordinal))
            Add(diffs, id, null, first.Get(id), second.Get(id));
        foreach (var unit in first.Units.Keys.Union(second.Units.Keys).Order(StringComparer.Ordinal))
        {
            var ids = (first.Units.GetValueOrDefault(unit)?.Keys ?? Enumerable.Empty<string>()).Union(second.Units.GetValueOrDefault(unit)?.Keys ?? Enumerable.Empty<string>());
            foreach (var id in ids.Order(StringComparer.Ordinal))
                Add(diffs, id, unit, first.Get(id, unit), second.Get(id, unit));
        }
        return diffs;
    }

    /// <summary>Number of answered fields in <paramref name="data"/> (what a keyer typed that was kept).</summary>
    internal static int FieldCount(ResponseData data) =>
        data.Answers.Count(a => a.Value.Trim().Length > 0) + data.Units.Values.Sum(u => u.Count(a => a.Value.Trim().Length > 0));

    /// <summary>Fields answered in either keying (the union), the number of fields the comparison checked.</summary>
    internal static int UnionFieldCount(ResponseData first, ResponseData second)
    {
        var n = first.Answers.Keys.Union(second.Answers.Keys).Count(k => (first.Get(k) ?? "").Trim().Length > 0 || (second.Get(k) ?? "").Trim().Length > 0);
        foreach (var unit in first.Units.Keys.Union(second.Units.Keys))
        {
            var ids = (first.Units.GetValueOrDefault(unit)?.Keys ?? Enumerable.Empty<string>()).Union(second.Units.GetValueOrDefault(unit)?.Keys ?? Enumerable.Empty<string>());
            n += ids.Count(k => (first.Get(k, unit) ?? "").Trim().Length > 0 || (second.Get(k, unit) ?? "").Trim().Length > 0);
        }
        return n;
    }

    /// <summary>A copy of <paramref name="data"/> with each resolved value set (or removed when blank).</summary>
    internal static ResponseData Apply(ResponseData data, IEnumerable<(string ItemId, string? UnitCode, string Value)> resolutions)
    {
        var copy = new ResponseData();
        foreach (var (k, v) in data.Answers) copy.Answers[k] = v;
        foreach (var (u, answers) in data.Units) copy.Units[u] = new Dictionary<string, string>(answers, StringComparer.Ordinal);
        foreach (var (item, unit, value) in resolutions)
        {
            if (value.Trim().Length > 0) copy.Set(item, value.Trim(), unit);
            else if (unit is null) copy.Answers.Remove(item);
            else if (copy.Units.TryGetValue(unit, out var m)) m.Remove(item);
        }
        return copy;
    }

    /// <summary>Which keying was wrong, judged against the value on paper: either, both (neither matched) or none.</summary>
    public static (bool FirstWrong, bool SecondWrong) Attribute(string first, string second, string paper) =>
        (!SameValue(first, paper), !SameValue(second, paper));

    public static bool SameValue(string? a, string? b) => Normalise(a) == Normalise(b);

    private static void Add(List<FieldDifference> diffs, string id, string? unit, string? a, string? b)
    {
        if (!SameValue(a, b)) diffs.Add(new FieldDifference(id, unit, (a ?? "").Trim(), (b ?? "").Trim()));
    }

    private static string Normalise(string? v)
    {
        var t = (v ?? "").Trim();
        return t.Contains(' ') ? string.Join(' ', t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)) : t;
    }
}
