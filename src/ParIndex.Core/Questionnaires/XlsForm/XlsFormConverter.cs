using System.Globalization;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Questionnaires.XlsForm;

/// <summary>A feature of an XLSForm that could not be carried over, located by sheet and 1-based row.</summary>
/// <param name="Sheet">"survey", "choices", "settings", or "" for the whole form.</param>
/// <param name="Row">Spreadsheet row number (the header is row 1); 0 when not tied to a row.</param>
/// <param name="Message">What was not carried over and why.</param>
public sealed record XlsFormIssue(string Sheet, int Row, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Row > 0 ? $"{Sheet} row {Row}: {Message}" : Sheet.Length > 0 ? $"{Sheet}: {Message}" : Message;
}

/// <summary>The outcome of an import: the definition (null when nothing usable was found) and every issue.</summary>
public sealed record XlsFormImportResult(QuestionnaireDefinition? Definition, IReadOnlyList<XlsFormIssue> Issues);

/// <summary>
/// Imports and exports XLSForm workbooks (survey, choices, settings). Unit grids travel as
/// <c>begin repeat</c>; ParIndex-only fields travel in <c>parindex_*</c> columns that other
/// tools ignore. Anything that cannot be represented is reported by row, never dropped silently.
/// </summary>
public static partial class XlsFormConverter
{
    private static readonly Dictionary<string, string> LanguageNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["vi"] = "Vietnamese", ["en"] = "English", ["fr"] = "French", ["zh"] = "Chinese",
    };

    private static readonly HashSet<string> MetadataTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "start", "end", "today", "deviceid", "username", "phonenumber", "simserial", "subscriberid", "audit", "start-geopoint", "email",
    };

    private static readonly string[] LocalizedColumns =
        ["label", "hint", "constraint_message", "parindex_dont_know_label", "parindex_unit_label"];

    // ---------------------------------------------------------------- export

    /// <summary>Writes <paramref name="definition"/> as an XLSForm .xlsx to <paramref name="output"/>; returns what XLSForm tools will not understand.</summary>
    public static IReadOnlyList<XlsFormIssue> Export(QuestionnaireDefinition definition, Stream output)
    {
        var issues = new List<XlsFormIssue>();
        var langs = definition.Languages.Count > 0 ? definition.Languages : ["vi"];
        string Col(string b, string lang) => $"{b}::{LanguageNames.GetValueOrDefault(lang, lang)} ({lang})";

        var surveyCols = new List<string> { "type", "name" };
        foreach (var b in new[] { "label", "hint" }) surveyCols.AddRange(langs.Select(l => Col(b, l)));
        surveyCols.AddRange(["required", "relevant", "constraint"]);
        surveyCols.AddRange(langs.Select(l => Col("constraint_message", l)));
        surveyCols.AddRange(["calculation", "choice_filter", "appearance", "parindex_min", "parindex_max", "parindex_max_length",
            "parindex_dont_know", "parindex_score_target", "parindex_score_rule", "parindex_score_weight", "parindex_score_top_box_min", "parindex_grid_filter"]);
        surveyCols.AddRange(langs.Select(l => Col("parindex_dont_know_label", l)));
        surveyCols.AddRange(langs.Select(l => Col("parindex_unit_label", l)));

        var survey = new List<Dictionary<string, object>>();
        var choiceRows = new List<Dictionary<string, object>>();
        var propertyKeys = definition.ChoiceLists.Values.SelectMany(l => l).SelectMany(c => c.Properties?.Keys ?? Enumerable.Empty<string>())
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var choiceCols = new List<string> { "list_name", "name" };
        choiceCols.AddRange(langs.Select(l => Col("label", l)));
        choiceCols.Add("parindex_excluded");
        choiceCols.AddRange(propertyKeys);

        Dictionary<string, object> Row(List<string> cols) => cols.ToDictionary(c => c, _ => (object)"");
        void Text(Dictionary<string, object> row, string b, LocalizedText? t)
        {
            if (t is null) return;
            foreach (var l in langs) row[Col(b, l)] = t.TryGetValue(l, out var s) ? s : "";
        }
        void AddChoice(string list, Choice c)
        {
            var r = Row(choiceCols);
            r["list_name"] = list;
            r["name"] = c.Code;
            foreach (var l in langs) r[Col("label", l)] = c.Label.TryGetValue(l, out var s) ? s : "";
            r["parindex_excluded"] = c.Excluded ? "yes" : "";
            foreach (var (k, v) in c.Properties ?? []) r[k] = v;
            choiceRows.Add(r);
        }

        foreach (var (name, list) in definition.ChoiceLists)
        {
            foreach (var c in list) AddChoice(name, c);
        }
        // Likert items become select_one over a generated 1..N list; items with equal labels share it.
        var likertLists = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var section in definition.Sections)
        {
            var begin = Row(surveyCols);
            begin["type"] = section.Grid is null ? "begin group" : "begin repeat";
            begin["name"] = section.Id;
            Text(begin, "label", section.Title);
            Text(begin, "hint", section.Description);
            begin["relevant"] = section.Relevant ?? "";
            if (section.Grid is { } grid)
            {
                begin["parindex_grid_filter"] = grid.Filter ?? "";
                Text(begin, "parindex_unit_label", grid.UnitLabel);
            }
            survey.Add(begin);
            foreach (var item in section.Items)
            {
                var r = Row(surveyCols);
                r["name"] = item.Id;
                r["type"] = item.Type switch
                {
                    ItemType.Likert5 or ItemType.Likert4 => "select_one " + LikertList(item),
                    ItemType.Single => "select_one " + item.ChoiceList,
                    ItemType.Multiple => "select_multiple " + item.ChoiceList,
                    ItemType.LongText => "text",
                    _ => DefinitionValidator.Name(item.Type),
                };
                if (item.ChoiceList == Choices.UnitsList)
                {
                    issues.Add(new XlsFormIssue("survey", survey.Count + 2, $"'{item.Id}' lists the round's units (@units); other XLSForm tools have no such list"));
                }
                if (item.Type == ItemType.LongText) r["appearance"] = "multiline";
                Text(r, "label", item.Label);
                Text(r, "hint", item.Hint);
                r["required"] = item.Required?.Trim() switch
                {
                    null or "" or "false" => "",
                    "true" => "yes",
                    var e => e,
                };
                r["relevant"] = item.Relevant ?? "";
                r["constraint"] = item.Constraint ?? "";
                Text(r, "constraint_message", item.ConstraintMessage);
                r["calculation"] = item.Calculation ?? "";
                r["choice_filter"] = item.ChoiceFilter ?? "";
                r["parindex_min"] = item.Min is { } mn ? Value.FormatNumber(mn) : "";
                r["parindex_max"] = item.Max is { } mx ? Value.FormatNumber(mx) : "";
                r["parindex_max_length"] = item.MaxLength?.ToString(CultureInfo.InvariantCulture) ?? "";
                if (item.DontKnow && !item.IsLikert)
                {
                    r["parindex_dont_know"] = "yes";
                    Text(r, "parindex_dont_know_label", item.DontKnowLabel);
                }
                if (item.Scoring is { } s)
                {
                    r["parindex_score_target"] = s.Target;
                    r["parindex_score_rule"] = s.Rule switch { ScoringRule.TopBox => "top_box", ScoringRule.MeanRescaled => "mean_rescaled", _ => "" };
                    r["parindex_score_weight"] = Value.FormatNumber(s.Weight);
                    r["parindex_score_top_box_min"] = s.TopBoxMin is { } tb ? Value.FormatNumber(tb) : "";
                }
                survey.Add(r);
            }
            var end = Row(surveyCols);
            end["type"] = section.Grid is null ? "end group" : "end repeat";
            end["name"] = section.Id;
            survey.Add(end);
        }

        var settingsCols = new List<string> { "form_title", "form_id", "version", "default_language", "parindex_unit_type", "parindex_respondent_group", "parindex_languages", "parindex_schema_version" };
        settingsCols.AddRange(langs.Select(l => Col("parindex_title", l)));
        settingsCols.AddRange(langs.Select(l => Col("parindex_description", l)));
        var metaKeys = (definition.Metadata ?? []).Keys.Order(StringComparer.Ordinal).ToList();
        settingsCols.AddRange(metaKeys.Select(k => "parindex_meta_" + k));
        var settings = Row(settingsCols);
        settings["form_title"] = definition.Title.Get(definition.DefaultLanguage);
        settings["form_id"] = definition.Id;
        settings["version"] = definition.Version ?? "";
        settings["default_language"] = $"{LanguageNames.GetValueOrDefault(definition.DefaultLanguage, definition.DefaultLanguage)} ({definition.DefaultLanguage})";
        settings["parindex_unit_type"] = definition.UnitType;
        settings["parindex_respondent_group"] = definition.RespondentGroup;
        settings["parindex_languages"] = string.Join(' ', langs);
        settings["parindex_schema_version"] = definition.SchemaVersion.ToString(CultureInfo.InvariantCulture);
        Text(settings, "parindex_title", definition.Title);
        Text(settings, "parindex_description", definition.Description);
        foreach (var k in metaKeys) settings["parindex_meta_" + k] = definition.Metadata![k];

        if (choiceRows.Count == 0) choiceRows.Add(Row(choiceCols)); // MiniExcel needs a row to write the header
        var sheets = new Dictionary<string, object>
        {
            ["survey"] = survey,
            ["choices"] = choiceRows,
            ["settings"] = new List<Dictionary<string, object>> { settings },
        };
        MiniExcel.SaveAs(output, sheets, excelType: ExcelType.XLSX);
        return issues;

        string LikertList(Item item)
        {
            var choices = Choices.For(definition, item, []);
            var key = string.Join("\u001f", choices.Select(c => c.Code + "=" + string.Join("|", langs.Select(c.Label.Get))));
            if (!likertLists.TryGetValue(key, out var name))
            {
                var stem = item.Type == ItemType.Likert5 ? "likert5" : "likert4";
                name = stem;
                for (var n = 2; definition.ChoiceLists.ContainsKey(name) || likertLists.ContainsValue(name); n++) name = $"{stem}_{n}";
                likertLists[key] = name;
                foreach (var c in choices) AddChoice(name, c);
            }
            return name;
        }
    }

    // ---------------------------------------------------------------- import

    /// <summary>Largest workbook read, in bytes; an XLSForm is a few hundred KB at most.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    /// <summary>Most rows read per sheet.</summary>
    public const int MaxRows = 10_000;

    private static void CopyLimited(Stream from, MemoryStream to, int limit)
    {
        var chunk = new byte[81920];
        int n;
        while ((n = from.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (to.Length + n > limit) throw new InvalidDataException($"the file is larger than {limit / (1024 * 1024)} MB");
            to.Write(chunk, 0, n);
        }
    }

    /// <summary>
    /// Reads an XLSForm .xlsx. Unsupported types and columns are listed in
    /// <see cref="XlsFormImportResult.Issues"/> with their row; problems of the resulting
    /// definition (e.g. an expression using an unknown function) are listed too.
    /// </summary>
    public static XlsFormImportResult Import(Stream xlsx)
    {
        var issues = new List<XlsFormIssue>();
        List<string> sheetNames;
        var buffer = new MemoryStream();
        try
        {
            CopyLimited(xlsx, buffer, MaxBytes);
            buffer.Position = 0;
            // Measured before any sheet is read: a small workbook may inflate to hundreds of MB (Tabular/XlsxGuard).
            if (Tabular.XlsxGuard.Check(buffer, Tabular.TabularLimits.XlsForm) is { } tooBig)
                return new XlsFormImportResult(null, [new XlsFormIssue("", 0, tooBig.MessageVi)]);
            sheetNames = MiniExcel.GetSheetNames(buffer);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new XlsFormImportResult(null, [new XlsFormIssue("", 0, $"not a readable .xlsx workbook: {ex.Message}")]);
        }
        string? Sheet(string n) => sheetNames.FirstOrDefault(s => s.Trim().Equals(n, StringComparison.OrdinalIgnoreCase));
        List<Dictionary<string, string>> Read(string name)
        {
            var actual = Sheet(name);
            if (actual is null) return [];
            buffer.Position = 0;
            var rows = new List<Dictionary<string, string>>();
            foreach (IDictionary<string, object?> r in MiniExcel.Query(buffer, useHeaderRow: true, sheetName: actual))
            {
                if (rows.Count == MaxRows)
                {
                    issues.Add(new XlsFormIssue(name, MaxRows + 2, $"more than {MaxRows} rows; the rest was not read"));
                    break;
                }
                rows.Add(r.Where(kv => !string.IsNullOrWhiteSpace(kv.Key))
                    .GroupBy(kv => kv.Key.Trim(), StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => Cell(g.First().Value), StringComparer.OrdinalIgnoreCase));
            }
            return rows;
        }

        if (Sheet("survey") is null)
        {
            return new XlsFormImportResult(null, [new XlsFormIssue("", 0, "no 'survey' sheet")]);
        }
        List<Dictionary<string, string>> survey, choices, settingsRows;
        try
        {
            survey = Read("survey");
            choices = Read("choices");
            settingsRows = Read("settings");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new XlsFormImportResult(null, [new XlsFormIssue("", 0, $"cannot read the workbook: {ex.Message}")]);
        }
        var settings = settingsRows.FirstOrDefault() ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        // Languages: from every localized header, default first.
        var langs = new List<string>();
        var defaultLang = LanguageCode(settings.GetValueOrDefault("default_language") ?? "") ?? "";
        foreach (var key in survey.Concat(choices).Concat(settingsRows).SelectMany(r => r.Keys).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var i = key.IndexOf("::", StringComparison.Ordinal);
            if (i > 0 && LocalizedColumns.Concat(["parindex_title", "parindex_description", "form_title"]).Contains(key[..i], StringComparer.OrdinalIgnoreCase)
                && LanguageCode(key[(i + 2)..]) is { } code && !langs.Contains(code))
            {
                langs.Add(code);
            }
        }
        if (settings.GetValueOrDefault("parindex_languages") is { Length: > 0 } declared)
        {
            langs = [.. declared.Split(' ', StringSplitOptions.RemoveEmptyEntries), .. langs.Where(l => !declared.Split(' ').Contains(l))];
        }
        if (langs.Count == 0) langs.Add(defaultLang.Length > 0 ? defaultLang : "vi");
        if (defaultLang.Length == 0) defaultLang = langs[0];
        if (langs.Remove(defaultLang)) langs.Insert(0, defaultLang);

        LocalizedText? Loc(Dictionary<string, string> row, string b)
        {
            var t = new LocalizedText();
            foreach (var (k, v) in row)
            {
                if (string.IsNullOrWhiteSpace(v)) continue;
                if (k.Equals(b, StringComparison.OrdinalIgnoreCase)) t.TryAdd(defaultLang, v);
                else if (k.StartsWith(b + "::", StringComparison.OrdinalIgnoreCase) && LanguageCode(k[(b.Length + 2)..]) is { } code) t[code] = v;
            }
            return t.Count == 0 ? null : t;
        }

        var def = new QuestionnaireDefinition
        {
            Id = settings.GetValueOrDefault("form_id") ?? "",
            Version = NullIfEmpty(settings.GetValueOrDefault("version")),
            UnitType = settings.GetValueOrDefault("parindex_unit_type") ?? "",
            RespondentGroup = settings.GetValueOrDefault("parindex_respondent_group") ?? "",
            Languages = langs,
            Title = Loc(settings, "parindex_title") ?? Loc(settings, "form_title") ?? new LocalizedText(),
            Description = Loc(settings, "parindex_description"),
        };
        if (int.TryParse(settings.GetValueOrDefault("parindex_schema_version"), CultureInfo.InvariantCulture, out var sv)) def.SchemaVersion = sv;
        foreach (var (k, v) in settings.Where(kv => kv.Key.StartsWith("parindex_meta_", StringComparison.OrdinalIgnoreCase) && kv.Value.Length > 0))
        {
            (def.Metadata ??= [])[k["parindex_meta_".Length..]] = v;
        }
        foreach (var k in settings.Keys.Where(k => settings[k].Length > 0 && !IsKnownSettingsColumn(k)))
        {
            issues.Add(new XlsFormIssue("settings", 2, $"setting '{k}' is not supported and was ignored"));
        }

        // Choices
        var knownChoiceCols = new HashSet<string>(["list_name", "name", "label", "parindex_excluded"], StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < choices.Count; i++)
        {
            var r = choices[i];
            var list = r.GetValueOrDefault("list_name")?.Trim() ?? "";
            var code = r.GetValueOrDefault("name")?.Trim() ?? "";
            if (list.Length == 0 && code.Length == 0) continue;
            if (list.Length == 0 || code.Length == 0)
            {
                issues.Add(new XlsFormIssue("choices", i + 2, "a choice needs list_name and name; row ignored"));
                continue;
            }
            var c = new Choice { Code = code, Label = Loc(r, "label") ?? new LocalizedText(), Excluded = IsYes(r.GetValueOrDefault("parindex_excluded")) };
            foreach (var (k, v) in r)
            {
                if (v.Length == 0 || knownChoiceCols.Contains(k) || k.StartsWith("label::", StringComparison.OrdinalIgnoreCase)) continue;
                if (k.StartsWith("media::", StringComparison.OrdinalIgnoreCase) || k is "image" or "audio" or "video")
                {
                    issues.Add(new XlsFormIssue("choices", i + 2, $"media column '{k}' is not supported and was ignored"));
                    continue;
                }
                (c.Properties ??= new Dictionary<string, string>(StringComparer.Ordinal))[k] = v;
            }
            if (!def.ChoiceLists.TryGetValue(list, out var l)) def.ChoiceLists[list] = l = [];
            l.Add(c);
        }

        // Survey
        var usedLists = new HashSet<string>(StringComparer.Ordinal);
        var likertListNames = new HashSet<string>(StringComparer.Ordinal);
        Section? current = null;
        Section? implicitSection = null;
        var nested = new Stack<(string Kind, string? Relevant, int Row)>();
        var knownSurveyCols = new HashSet<string>(["type", "name", "required", "relevant", "constraint", "calculation", "choice_filter", "appearance",
            "parindex_min", "parindex_max", "parindex_max_length", "parindex_dont_know", "parindex_score_target", "parindex_score_rule",
            "parindex_score_weight", "parindex_score_top_box_min", "parindex_grid_filter"], StringComparer.OrdinalIgnoreCase);

        for (var i = 0; i < survey.Count; i++)
        {
            var rowNo = i + 2;
            var r = survey[i];
            var rawType = Regex.Replace(r.GetValueOrDefault("type")?.Trim() ?? "", @"\s+", " ");
            var name = r.GetValueOrDefault("name")?.Trim() ?? "";
            if (rawType.Length == 0)
            {
                if (r.Values.Any(v => v.Length > 0)) issues.Add(new XlsFormIssue("survey", rowNo, "row without a type ignored"));
                continue;
            }
            foreach (var k in r.Keys.Where(k => r[k].Length > 0 && !knownSurveyCols.Contains(k) && !LocalizedColumns.Any(b => k.Equals(b, StringComparison.OrdinalIgnoreCase) || k.StartsWith(b + "::", StringComparison.OrdinalIgnoreCase))))
            {
                issues.Add(new XlsFormIssue("survey", rowNo, $"column '{k}' is not supported and was ignored"));
            }
            var words = rawType.Split(' ');
            var type = words[0].ToLowerInvariant().Replace('-', '_');
            if (type is "begin" or "end" && words.Length > 1) type = type + "_" + words[1].ToLowerInvariant();
            switch (type)
            {
                case "begin_group":
                case "begin_repeat":
                    {
                        var isRepeat = type == "begin_repeat";
                        if (current is not null)
                        {
                            // Flatten a nested group: its relevance is ANDed into each item so skip logic is kept.
                            if (isRepeat) issues.Add(new XlsFormIssue("survey", rowNo, $"repeat '{name}' nested in '{current.Id}' cannot be a unit grid; its items were flattened into '{current.Id}'"));
                            else issues.Add(new XlsFormIssue("survey", rowNo, $"nested group '{name}' flattened into '{current.Id}' (its relevance is kept on each item)"));
                            nested.Push(("nested", NullIfEmpty(r.GetValueOrDefault("relevant")), rowNo));
                            continue;
                        }
                        current = new Section
                        {
                            Id = name,
                            Title = Loc(r, "label") ?? new LocalizedText { [defaultLang] = name },
                            Description = Loc(r, "hint"),
                            Relevant = NullIfEmpty(r.GetValueOrDefault("relevant")),
                        };
                        if (isRepeat)
                        {
                            current.Grid = new UnitGrid { Filter = NullIfEmpty(r.GetValueOrDefault("parindex_grid_filter")), UnitLabel = Loc(r, "parindex_unit_label") };
                            if (r.GetValueOrDefault("repeat_count") is { Length: > 0 })
                                issues.Add(new XlsFormIssue("survey", rowNo, "repeat_count is not supported: a repeat is asked once per rated unit"));
                        }
                        def.Sections.Add(current);
                        nested.Push((isRepeat ? "repeat" : "group", null, rowNo));
                        continue;
                    }
                case "end_group":
                case "end_repeat":
                    if (nested.Count == 0) issues.Add(new XlsFormIssue("survey", rowNo, $"'{rawType}' without a matching begin"));
                    else if (nested.Pop().Kind != "nested") current = null;
                    continue;
            }

            var item = new Item { Id = name };
            switch (type)
            {
                case "select_one":
                case "select_multiple":
                    {
                        if (words.Length < 2) { issues.Add(new XlsFormIssue("survey", rowNo, $"'{rawType}' needs a list name; row ignored")); continue; }
                        if (words.Length > 2 && words[2].Equals("or_other", StringComparison.OrdinalIgnoreCase))
                            issues.Add(new XlsFormIssue("survey", rowNo, "'or_other' is not supported; add an 'other' choice and a text item"));
                        var list = words[1];
                        var single = type == "select_one";
                        if (single && LikertPoints(def.ChoiceLists.GetValueOrDefault(list)) is { } points)
                        {
                            item.Type = points == 5 ? ItemType.Likert5 : ItemType.Likert4;
                            var scale = def.ChoiceLists[list];
                            var labels = scale.Where(c => c.Code != Item.DontKnowCode).Select(c => c.Label).ToList();
                            var builtIn = points == 5 ? Choices.Likert5Labels : Choices.Likert4Labels;
                            if (!labels.Zip(builtIn).All(p => SameText(p.First, p.Second, langs))) item.ScaleLabels = labels;
                            if (scale.FirstOrDefault(c => c.Code == Item.DontKnowCode) is { } dk)
                            {
                                item.DontKnow = true;
                                if (!SameText(dk.Label, Choices.DontKnowLabel, langs)) item.DontKnowLabel = dk.Label;
                            }
                            likertListNames.Add(list);
                        }
                        else
                        {
                            item.Type = single ? ItemType.Single : ItemType.Multiple;
                            item.ChoiceList = list;
                            usedLists.Add(list);
                        }
                        break;
                    }
                case "select_one_from_file":
                case "select_multiple_from_file":
                    issues.Add(new XlsFormIssue("survey", rowNo, $"'{type}' is not supported (choices must be in the choices sheet); item '{name}' skipped"));
                    continue;
                case "integer": item.Type = ItemType.Integer; break;
                case "decimal": item.Type = ItemType.Decimal; break;
                case "date": item.Type = ItemType.Date; break;
                case "text":
                    item.Type = (r.GetValueOrDefault("appearance") ?? "").Contains("multiline", StringComparison.OrdinalIgnoreCase) ? ItemType.LongText : ItemType.Text;
                    break;
                case "note": item.Type = ItemType.Note; break;
                case "calculate": item.Type = ItemType.Calculate; break;
                default:
                    issues.Add(new XlsFormIssue("survey", rowNo, MetadataTypes.Contains(type)
                        ? $"metadata '{type}' is not imported (ParIndex records timing and device paradata itself)"
                        : $"type '{rawType}' is not supported; item '{name}' skipped"));
                    continue;
            }
            item.Label = Loc(r, "label");
            item.Hint = Loc(r, "hint");
            var required = r.GetValueOrDefault("required")?.Trim() ?? "";
            item.Required = required.ToLowerInvariant() switch
            {
                "" or "no" or "false" or "false()" => null,
                "yes" or "true" or "true()" => "true",
                _ => required,
            };
            item.Relevant = NullIfEmpty(r.GetValueOrDefault("relevant"));
            if (nested.Any(n => n.Kind == "nested" && n.Relevant is not null))
            {
                var parts = nested.Where(n => n.Kind == "nested" && n.Relevant is not null).Reverse().Select(n => $"({n.Relevant})").ToList();
                if (item.Relevant is not null) parts.Add($"({item.Relevant})");
                item.Relevant = string.Join(" and ", parts);
            }
            item.Constraint = NullIfEmpty(r.GetValueOrDefault("constraint"));
            item.ConstraintMessage = Loc(r, "constraint_message");
            item.Calculation = NullIfEmpty(r.GetValueOrDefault("calculation"));
            item.ChoiceFilter = NullIfEmpty(r.GetValueOrDefault("choice_filter"));
            item.Min = Number(r, "parindex_min", rowNo);
            item.Max = Number(r, "parindex_max", rowNo);
            if (Number(r, "parindex_max_length", rowNo) is { } ml) item.MaxLength = (int)ml;
            if (IsYes(r.GetValueOrDefault("parindex_dont_know")))
            {
                item.DontKnow = true;
                item.DontKnowLabel = Loc(r, "parindex_dont_know_label");
            }
            if (r.GetValueOrDefault("parindex_score_target") is { Length: > 0 } target)
            {
                item.Scoring = new ItemScoring
                {
                    Target = target,
                    Rule = (r.GetValueOrDefault("parindex_score_rule") ?? "").Trim().ToLowerInvariant() switch
                    {
                        "top_box" => ScoringRule.TopBox,
                        "mean_rescaled" => ScoringRule.MeanRescaled,
                        "" => null,
                        var other => Unknown(other, rowNo),
                    },
                    Weight = Number(r, "parindex_score_weight", rowNo) ?? 1,
                    TopBoxMin = Number(r, "parindex_score_top_box_min", rowNo),
                };
            }
            var appearance = r.GetValueOrDefault("appearance")?.Trim() ?? "";
            if (appearance.Length > 0 && !(item.Type == ItemType.LongText && appearance.Equals("multiline", StringComparison.OrdinalIgnoreCase)))
            {
                issues.Add(new XlsFormIssue("survey", rowNo, $"appearance '{appearance}' is not supported and was ignored (the phone form has one layout)"));
            }
            var section = current;
            if (section is null)
            {
                // XLSForm allows questions outside groups; ParIndex needs sections, so they share one.
                if (implicitSection is null)
                {
                    implicitSection = new Section { Id = "main", Title = def.Title };
                    def.Sections.Add(implicitSection);
                }
                section = implicitSection;
            }
            section.Items.Add(item);
        }
        if (nested.Count > 0)
        {
            issues.Add(new XlsFormIssue("survey", nested.Peek().Row, "group or repeat never ended"));
        }
        // Lists consumed as Likert scales are represented by the items themselves.
        foreach (var l in likertListNames.Where(l => !usedLists.Contains(l))) def.ChoiceLists.Remove(l);
        HoistSharedScaleLabels(def, ItemType.Likert5, "likert5", langs);
        HoistSharedScaleLabels(def, ItemType.Likert4, "likert4", langs);

        foreach (var p in DefinitionValidator.Validate(def))
        {
            issues.Add(new XlsFormIssue("", 0, p.ToString()));
        }
        return new XlsFormImportResult(def, issues);

        ScoringRule? Unknown(string rule, int rowNo)
        {
            issues.Add(new XlsFormIssue("survey", rowNo, $"parindex_score_rule '{rule}' is unknown; use top_box or mean_rescaled"));
            return null;
        }

        double? Number(Dictionary<string, string> row, string col, int rowNo)
        {
            var s = row.GetValueOrDefault(col)?.Trim();
            if (string.IsNullOrEmpty(s)) return null;
            var d = Value.ParseNumber(s);
            if (double.IsNaN(d))
            {
                issues.Add(new XlsFormIssue("survey", rowNo, $"{col} '{s}' is not a number; ignored"));
                return null;
            }
            return d;
        }
    }

    /// <summary>When every Likert item of a kind spells out the same custom labels, keep them once at file level.</summary>
    private static void HoistSharedScaleLabels(QuestionnaireDefinition def, ItemType type, string key, List<string> langs)
    {
        var items = def.AllItems().Select(p => p.Item).Where(i => i.Type == type).ToList();
        if (items.Count < 2 || items.Any(i => i.ScaleLabels is null)) return;
        var first = items[0].ScaleLabels!;
        if (!items.All(i => i.ScaleLabels!.Count == first.Count && i.ScaleLabels.Zip(first).All(p => SameText(p.First, p.Second, langs)))) return;
        (def.ScaleLabels ??= [])[key] = first;
        foreach (var i in items) i.ScaleLabels = null;
    }

    private static bool IsKnownSettingsColumn(string k) =>
        k.ToLowerInvariant() is "form_title" or "form_id" or "version" or "default_language"
        || k.StartsWith("form_title::", StringComparison.OrdinalIgnoreCase) || k.StartsWith("parindex_", StringComparison.OrdinalIgnoreCase);

    private static int? LikertPoints(List<Choice>? list)
    {
        if (list is null) return null;
        var codes = list.Select(c => c.Code).Where(c => c != Item.DontKnowCode).ToList();
        if (codes.SequenceEqual(["1", "2", "3", "4", "5"])) return 5;
        if (codes.SequenceEqual(["1", "2", "3", "4"])) return 4;
        return null;
    }

    private static bool SameText(LocalizedText a, LocalizedText b, List<string> langs) =>
        langs.All(l => a.GetValueOrDefault(l) == b.GetValueOrDefault(l));

    private static bool IsYes(string? s) => s?.Trim().ToLowerInvariant() is "yes" or "true" or "1" or "true()";

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Cell(object? v) => v switch
    {
        null => "",
        string s => s,
        double d => Value.FormatNumber(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>"English (en)" → "en"; "en" → "en"; "Vietnamese" → "vi".</summary>
    private static string? LanguageCode(string header)
    {
        header = header.Trim();
        if (header.Length == 0) return null;
        var m = LanguageInParens().Match(header);
        if (m.Success) return m.Groups[1].Value.ToLowerInvariant();
        if (LanguageNames.ContainsKey(header) && header.Length <= 3) return header.ToLowerInvariant();
        var byName = LanguageNames.FirstOrDefault(kv => kv.Value.Equals(header, StringComparison.OrdinalIgnoreCase));
        return byName.Key ?? header.ToLowerInvariant();
    }

    [GeneratedRegex(@"\(([A-Za-z]{2,3}(-[A-Za-z]+)?)\)\s*$")]
    private static partial Regex LanguageInParens();
}
