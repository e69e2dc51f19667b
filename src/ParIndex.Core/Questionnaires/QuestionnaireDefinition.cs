namespace ParIndex.Core.Questionnaires;

/// <summary>
/// One questionnaire (phiếu) for one respondent group rating one unit type.
/// Read from YAML by people and stored as canonical JSON; see docs/questionnaire-format.md.
/// </summary>
public sealed class QuestionnaireDefinition
{
    /// <summary>The format version this definition follows; only <see cref="CurrentSchemaVersion"/> is understood.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Stable code of the questionnaire, e.g. "SO-HDND-2026".</summary>
    public string Id { get; set; } = "";

    /// <summary>Format version; defaults to <see cref="CurrentSchemaVersion"/>.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>Free label of this edition chosen by the designer (e.g. "2026.1"); not the frozen version number.</summary>
    public string? Version { get; set; }

    /// <summary>Title shown to respondents.</summary>
    public LocalizedText Title { get; set; } = new();

    /// <summary>Introduction shown before the first section.</summary>
    public LocalizedText? Description { get; set; }

    /// <summary>Code of the evaluated unit type ("SO" or "XA").</summary>
    public string UnitType { get; set; } = "";

    /// <summary>Code of the respondent group, e.g. "SO-HDND".</summary>
    public string RespondentGroup { get; set; } = "";

    /// <summary>Languages every label must exist in; the first is the default.</summary>
    public List<string> Languages { get; set; } = ["vi", "en"];

    /// <summary>Named choice lists referenced by <see cref="Item.ChoiceList"/>.</summary>
    public Dictionary<string, List<Choice>> ChoiceLists { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Definition-wide Likert labels, keyed "likert5" / "likert4"; items may override them.</summary>
    public Dictionary<string, List<LocalizedText>>? ScaleLabels { get; set; }

    /// <summary>Sections in display order.</summary>
    public List<Section> Sections { get; set; } = [];

    /// <summary>Free key/value metadata (source, author, notes).</summary>
    public Dictionary<string, string>? Metadata { get; set; }

    /// <summary>The default language: the first declared one, or "vi".</summary>
    public string DefaultLanguage => Languages is { Count: > 0 } && !string.IsNullOrEmpty(Languages[0]) ? Languages[0] : "vi";

    /// <summary>Every item with the section that holds it, in document order (null entries of a broken file skipped).</summary>
    public IEnumerable<(Section Section, Item Item)> AllItems() =>
        (Sections ?? []).Where(s => s is not null)
            .SelectMany(s => (s.Items ?? []).Where(i => i is not null).Select(i => (s, i)));

    /// <summary>Finds an item by id, or null.</summary>
    public Item? FindItem(string id) => AllItems().Select(p => p.Item).FirstOrDefault(i => i.Id == id);
}

/// <summary>A page of the form; optionally repeated once per rated unit.</summary>
public sealed class Section
{
    /// <summary>Stable id, unique in the questionnaire.</summary>
    public string Id { get; set; } = "";

    /// <summary>Heading.</summary>
    public LocalizedText Title { get; set; } = new();

    /// <summary>Text shown under the heading.</summary>
    public LocalizedText? Description { get; set; }

    /// <summary>Expression; when false the whole section is skipped.</summary>
    public string? Relevant { get; set; }

    /// <summary>When set, the items are asked once for each rated unit.</summary>
    public UnitGrid? Grid { get; set; }

    /// <summary>Items in display order.</summary>
    public List<Item> Items { get; set; } = [];
}

/// <summary>
/// Repeats a section once per rated unit. The units come from the survey round (every unit
/// of the questionnaire's unit type), optionally narrowed by <see cref="Filter"/>.
/// </summary>
public sealed class UnitGrid
{
    /// <summary>
    /// Expression evaluated per unit with <c>${unit}</c> bound to the unit's code; the unit is
    /// rated only when it is true, e.g. <c>selected(${dealt_with}, ${unit})</c>.
    /// </summary>
    public string? Filter { get; set; }

    /// <summary>Optional label of a unit's block, e.g. "Đánh giá đối với {unit}"; <c>{unit}</c> is replaced by the unit name.</summary>
    public LocalizedText? UnitLabel { get; set; }

    /// <summary>The heading of <paramref name="unit"/>'s block in <paramref name="language"/>: <see cref="UnitLabel"/> with <c>{unit}</c> replaced, or the unit's name.</summary>
    public string LabelFor(RatedUnit unit, string language) =>
        UnitLabel is { Count: > 0 } label ? label.Get(language).Replace("{unit}", unit.Name, StringComparison.Ordinal) : unit.Name;
}

/// <summary>An option of a single or multiple choice item.</summary>
public sealed class Choice
{
    /// <summary>The stored answer code (no spaces: multiple answers are space-separated).</summary>
    public string Code { get; set; } = "";

    /// <summary>Label shown to respondents.</summary>
    public LocalizedText Label { get; set; } = new();

    /// <summary>True for "don't know / not applicable" style options, excluded from scores.</summary>
    public bool Excluded { get; set; }

    /// <summary>Extra columns a choice filter can test by bare name (XLSForm style), e.g. <c>district</c>.</summary>
    public Dictionary<string, string>? Properties { get; set; }
}
