using System.Globalization;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Core.FieldEntry;

/// <summary>A choice as printed on the paper form and keyed: a short numeric key for a stored code.</summary>
public sealed record KeyChoice(string Key, string Code, LocalizedText Label);

/// <summary>
/// One box of a paper form in keying order: an answerable item, for one rated unit inside a grid. <see cref="Number"/>
/// is printed on the paper form and shown on the keying screen, so the keyer's eye and the screen stay in step.
/// </summary>
public sealed record KeyField(int Number, string ItemId, string? UnitCode, string SectionId, Item Item, IReadOnlyList<KeyChoice> Choices)
{
    /// <summary>Form-post name of the field: <c>a:item</c> or <c>u:unit:item</c>.</summary>
    public string Name => UnitCode is null ? $"a:{ItemId}" : $"u:{UnitCode}:{ItemId}";
}

/// <summary>
/// The paper form's fields in keying order, and the translation between what a keyer types and what is stored.
/// Choices are keyed by number (Likert points by their value, other lists 1…n in list order) and "0" is the
/// don't-know box, like the numeric codes of census keying programs; multiple choice is keys separated by spaces;
/// dates are keyed dd/MM/yyyy or ddMMyyyy.
/// </summary>
public static class KeyingLayout
{
    public const string DontKnowKey = "0";

    /// <summary>Fields of <paramref name="definition"/>: respondent-level items in order, grid sections once per unit of <paramref name="units"/>.</summary>
    public static IReadOnlyList<KeyField> For(QuestionnaireDefinition definition, IReadOnlyList<RatedUnit> units)
    {
        var fields = new List<KeyField>();
        foreach (var section in definition.Sections)
        {
            var answerable = section.Items.Where(i => i.IsAnswerable).ToList();
            if (section.Grid is null)
            {
                foreach (var item in answerable) fields.Add(new KeyField(fields.Count + 1, item.Id, null, section.Id, item, ChoicesOf(definition, item, units)));
                continue;
            }
            foreach (var unit in units)
            foreach (var item in answerable)
                fields.Add(new KeyField(fields.Count + 1, item.Id, unit.Code, section.Id, item, ChoicesOf(definition, item, units)));
        }
        return fields;
    }

    /// <summary>
    /// The keyed part of <paramref name="data"/>: the value of each field of the layout, and nothing else. Items that take
    /// no answer are never keyed: a calculation is derived — recomputed by the questionnaire engine from the keyed values
    /// whenever a response is checked and submitted — and a note holds nothing. Every step of double entry (storing a
    /// keying, comparing two, resolving, accepting, counting fields) reads a response through this, so a calculated value
    /// can never show up as a difference or be keyed, resolved or submitted stale.
    /// </summary>
    public static ResponseData Keyed(IReadOnlyList<KeyField> fields, ResponseData data)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(data);
        var keyed = new ResponseData();
        foreach (var f in fields)
            if (data.Get(f.ItemId, f.UnitCode) is { } v && v.Trim().Length > 0) keyed.Set(f.ItemId, v, f.UnitCode);
        return keyed;
    }

    public static IReadOnlyList<KeyChoice> ChoicesOf(QuestionnaireDefinition definition, Item item, IReadOnlyList<RatedUnit> units)
    {
        if (!(item.IsLikert || item.Type is ItemType.Single or ItemType.Multiple)) return [];
        var n = 0;
        return Choices.For(definition, item, units).Select(c => new KeyChoice(
            c.Code == Item.DontKnowCode ? DontKnowKey : item.IsLikert ? c.Code : (++n).ToString(CultureInfo.InvariantCulture), c.Code, c.Label)).ToList();
    }

    /// <summary>
    /// The stored value for what was keyed, or null with <paramref name="error"/> when the keys are not valid for the
    /// field (an unknown choice key, a malformed date). Empty keys mean "no answer". Numbers and text pass through for
    /// the questionnaire engine to check ranges and constraints.
    /// </summary>
    public static string? ToStored(KeyField field, string? keyed, out string? error)
    {
        error = null;
        var raw = (keyed ?? "").Trim();
        if (raw.Length == 0) return "";
        if (field.Choices.Count > 0)
        {
            var keys = field.Item.Type == ItemType.Multiple ? raw.Split([' ', ',', '+'], StringSplitOptions.RemoveEmptyEntries) : [raw];
            var codes = new List<string>();
            foreach (var k in keys)
            {
                var choice = field.Choices.FirstOrDefault(c => c.Key == k);
                if (choice is null)
                {
                    error = "key.unknown";
                    return null;
                }
                if (!codes.Contains(choice.Code)) codes.Add(choice.Code);
            }
            return string.Join(' ', codes);
        }
        if (field.Item.Type == ItemType.Date)
        {
            if (raw.Length == 10 && raw[4] == '-' && DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
                return iso.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var digits = raw.Replace("/", "").Replace(".", "").Replace("-", "");
            if (digits.Length == 8 && DateOnly.TryParseExact(digits, "ddMMyyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                return d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            error = "key.date";
            return null;
        }
        if (field.Item.DontKnow && raw == Item.DontKnowCode) return Item.DontKnowCode;
        return raw;
    }

    /// <summary>What a keyer would type for a stored value (the inverse of <see cref="ToStored"/>), for showing discrepancies in keys.</summary>
    public static string ToKeys(KeyField field, string? stored)
    {
        var raw = (stored ?? "").Trim();
        if (raw.Length == 0 || field.Choices.Count == 0) return raw;
        return string.Join(' ', raw.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(code => field.Choices.FirstOrDefault(c => c.Code == code)?.Key ?? code));
    }

    /// <summary>Builds the response from keyed values by field name; unknown names or keys are returned as problems.</summary>
    public static (ResponseData Data, IReadOnlyList<(string Name, string Code)> Problems) Read(IReadOnlyList<KeyField> fields, IEnumerable<KeyValuePair<string, string?>> posted)
    {
        var byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var data = new ResponseData();
        var problems = new List<(string, string)>();
        foreach (var (name, value) in posted)
        {
            if (!byName.TryGetValue(name, out var field))
            {
                problems.Add((name, "unknown_field"));
                continue;
            }
            var stored = ToStored(field, value, out var error);
            if (stored is null) problems.Add((name, error!));
            else if (stored.Length > 0) data.Set(field.ItemId, stored, field.UnitCode);
        }
        return (data, problems);
    }
}
