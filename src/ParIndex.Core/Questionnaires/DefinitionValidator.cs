using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Questionnaires;

/// <summary>
/// Checks a definition and lists every problem with its path, e.g.
/// <c>sections[2].items[5].relevant: unknown variable ${q55}</c>. Never throws on bad content.
/// </summary>
public static class DefinitionValidator
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "unit" };

    /// <summary>
    /// Every problem found; empty when the definition is usable. When <paramref name="knownTargets"/>
    /// is given (the round's criterion codes and SIPAS elements), a scoring target outside it is a problem.
    /// </summary>
    public static IReadOnlyList<DefinitionProblem> Validate(QuestionnaireDefinition def, IReadOnlySet<string>? knownTargets = null)
    {
        var p = new List<DefinitionProblem>();
        void Add(string path, string message) => p.Add(new DefinitionProblem(path, message));
        var langs = (def.Languages ?? []).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        if ((def.Languages ?? []).Any(string.IsNullOrWhiteSpace)) Add("languages", "a language code is empty");

        if (string.IsNullOrWhiteSpace(def.Id)) Add("id", "required");
        if (def.SchemaVersion != QuestionnaireDefinition.CurrentSchemaVersion)
            Add("schemaVersion", $"unsupported schema version {def.SchemaVersion}; this engine reads version {QuestionnaireDefinition.CurrentSchemaVersion}");
        if (string.IsNullOrWhiteSpace(def.UnitType)) Add("unitType", "required");
        if (string.IsNullOrWhiteSpace(def.RespondentGroup)) Add("respondentGroup", "required");
        if (langs.Count == 0) Add("languages", "declare at least one language");
        foreach (var dup in langs.GroupBy(l => l).Where(g => g.Count() > 1)) Add("languages", $"duplicate language '{dup.Key}'");
        CheckText(def.Title, "title", required: true);
        CheckText(def.Description, "description", required: false);

        foreach (var (listId, choices) in def.ChoiceLists ?? [])
        {
            var path = $"choiceLists.{listId}";
            if (choices is null || choices.Count == 0) { Add(path, "a choice list needs at least one choice"); continue; }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var c = 0; c < choices.Count; c++)
            {
                var ch = choices[c];
                var cp = $"{path}[{c}]";
                if (ch is null) { Add(cp, "empty choice"); continue; }
                if (string.IsNullOrWhiteSpace(ch.Code)) Add($"{cp}.code", "required");
                else if (ch.Code.Any(char.IsWhiteSpace)) Add($"{cp}.code", $"code '{ch.Code}' must not contain spaces (multiple answers are space-separated)");
                else if (!seen.Add(ch.Code)) Add($"{cp}.code", $"duplicate code '{ch.Code}'");
                CheckText(ch.Label, $"{cp}.label", required: true);
            }
        }
        foreach (var (scale, labels) in def.ScaleLabels ?? [])
        {
            var points = scale switch { "likert5" => 5, "likert4" => 4, _ => 0 };
            if (points == 0) Add($"scaleLabels.{scale}", "unknown scale; use likert5 or likert4");
            else CheckScale(labels, points, $"scaleLabels.{scale}");
        }

        // Index items first so references to later items are not reported as unknown.
        var items = new Dictionary<string, (Item Item, bool InGrid)>(StringComparer.Ordinal);
        var sectionIds = new HashSet<string>(StringComparer.Ordinal);
        if (def.Sections is null || def.Sections.Count == 0) Add("sections", "a questionnaire needs at least one section");
        var sections = def.Sections ?? [];
        for (var s = 0; s < sections.Count; s++)
        {
            var sec = sections[s];
            if (sec is null) { Add($"sections[{s}]", "empty section"); continue; }
            if (string.IsNullOrWhiteSpace(sec.Id)) Add($"sections[{s}].id", "required");
            else if (!sectionIds.Add(sec.Id)) Add($"sections[{s}].id", $"duplicate section id '{sec.Id}'");
            for (var i = 0; i < (sec.Items?.Count ?? 0); i++)
            {
                var it = sec.Items![i];
                var path = $"sections[{s}].items[{i}].id";
                if (it is null) { Add($"sections[{s}].items[{i}]", "empty item"); continue; }
                if (string.IsNullOrWhiteSpace(it.Id)) Add(path, "required");
                else if (!ExpressionParser.IsName(it.Id)) Add(path, $"invalid id '{it.Id}': use letters, digits, '_', '-' or '.', starting with a letter or '_'");
                else if (Reserved.Contains(it.Id)) Add(path, $"'{it.Id}' is reserved");
                else if (!items.TryAdd(it.Id, (it, sec.Grid is not null))) Add(path, $"duplicate item id '{it.Id}'");
            }
        }

        for (var s = 0; s < sections.Count; s++)
        {
            var sec = sections[s];
            if (sec is null) continue;
            var sp = $"sections[{s}]";
            var grid = sec.Grid is not null;
            CheckText(sec.Title, $"{sp}.title", required: true);
            CheckText(sec.Description, $"{sp}.description", required: false);
            CheckExpression(sec.Relevant, $"{sp}.relevant", inGrid: false, self: null);
            if (sec.Grid is { } g)
            {
                CheckExpression(g.Filter, $"{sp}.grid.filter", inGrid: false, self: null, allowUnit: true);
                CheckText(g.UnitLabel, $"{sp}.grid.unitLabel", required: false);
            }
            if (sec.Items is null || sec.Items.Count == 0) { Add($"{sp}.items", "a section needs at least one item"); continue; }
            for (var i = 0; i < sec.Items.Count; i++)
            {
                if (sec.Items[i] is not null) CheckItem(sec.Items[i], $"{sp}.items[{i}]", grid);
            }
        }
        CheckLogicCycles();
        return p;

        void CheckItem(Item it, string ip, bool inGrid)
        {
            var numeric = it.Type is ItemType.Integer or ItemType.Decimal;
            var choice = it.Type is ItemType.Single or ItemType.Multiple;
            CheckText(it.Label, $"{ip}.label", required: it.Type != ItemType.Calculate);
            CheckText(it.Hint, $"{ip}.hint", required: false);
            CheckText(it.ConstraintMessage, $"{ip}.constraintMessage", required: false);
            CheckText(it.DontKnowLabel, $"{ip}.dontKnowLabel", required: false);

            if (choice)
            {
                if (string.IsNullOrWhiteSpace(it.ChoiceList)) Add($"{ip}.choiceList", $"required for a {Name(it.Type)} item");
                else if (it.ChoiceList != Choices.UnitsList && !(def.ChoiceLists?.ContainsKey(it.ChoiceList) ?? false))
                    Add($"{ip}.choiceList", $"unknown choice list '{it.ChoiceList}'");
            }
            else
            {
                if (it.ChoiceList is not null) Add($"{ip}.choiceList", $"only single and multiple items take a choice list");
                if (it.ChoiceFilter is not null) Add($"{ip}.choiceFilter", $"only single and multiple items take a choice filter");
            }
            if (it.ScaleLabels is not null)
            {
                if (!it.IsLikert) Add($"{ip}.scaleLabels", "only likert5 and likert4 items take scale labels");
                else CheckScale(it.ScaleLabels, it.ScalePoints, $"{ip}.scaleLabels");
            }
            if (!numeric && (it.Min is not null || it.Max is not null)) Add($"{ip}.min", "min and max only apply to integer and decimal items");
            if (it.Min is { } min && it.Max is { } max && min > max) Add($"{ip}.min", $"min {min} is greater than max {max}");
            if (it.MaxLength is { } ml && (ml <= 0 || it.Type is not (ItemType.Text or ItemType.LongText))) Add($"{ip}.maxLength", "maxLength is a positive length for text and long_text items");
            if (it.DontKnow && !(it.IsLikert || choice || numeric)) Add($"{ip}.dontKnow", "a don't-know option only applies to Likert, choice and number items");

            if (it.Type == ItemType.Calculate)
            {
                if (string.IsNullOrWhiteSpace(it.Calculation)) Add($"{ip}.calculation", "required for a calculate item");
            }
            else if (it.Calculation is not null) Add($"{ip}.calculation", "only calculate items take a calculation");
            if (!it.IsAnswerable)
            {
                if (it.Required is { } req && !req.Trim().Equals("false", StringComparison.OrdinalIgnoreCase)) Add($"{ip}.required", $"a {Name(it.Type)} item takes no answer and cannot be required");
                if (it.Constraint is not null) Add($"{ip}.constraint", $"a {Name(it.Type)} item takes no answer and cannot have a constraint");
            }

            CheckExpression(it.Relevant, $"{ip}.relevant", inGrid, self: it.Id);
            CheckExpression(it.Calculation, $"{ip}.calculation", inGrid, self: it.Id);
            CheckExpression(it.Constraint, $"{ip}.constraint", inGrid, self: null, allowCurrent: true);
            CheckExpression(it.ChoiceFilter, $"{ip}.choiceFilter", inGrid, self: it.Id, allowFields: true);
            if (it.ChoiceFilter is { } cf && it.ChoiceList is { } listId && def.ChoiceLists?.GetValueOrDefault(listId) is { } filtered
                && Expression.TryParse(cf, out var cfe, out _))
            {
                foreach (var field in cfe!.Fields.Where(f => f is not ("code" or "name")
                    && !filtered.Any(c => c?.Properties?.ContainsKey(f) == true)))
                {
                    Add($"{ip}.choiceFilter", $"'{field}' is not a column of choice list '{listId}' (use code, name or a key of the choices' properties)");
                }
            }
            if (it.Required is { } r && !IsBoolLiteral(r)) CheckExpression(r, $"{ip}.required", inGrid, self: it.Id);

            if (it.Scoring is { } sc)
            {
                var sp = $"{ip}.scoring";
                if (string.IsNullOrWhiteSpace(sc.Target)) Add($"{sp}.target", "required: a sub-criterion code such as '3.2' or a SIPAS element such as 'access'");
                else if (knownTargets is not null && !knownTargets.Contains(sc.Target)) Add($"{sp}.target", $"unknown criterion or SIPAS element '{sc.Target}'");
                if (sc.Rule is null) Add($"{sp}.rule", "required: top_box (share answering 4–5) or mean_rescaled ((x − min) / (max − min))");
                if (!(sc.Weight > 0) || !double.IsFinite(sc.Weight)) Add($"{sp}.weight", "must be a positive number");
                if (!(it.IsLikert || numeric)) Add(sp, $"only Likert, integer and decimal items can be scored, not {Name(it.Type)}");
                else if (numeric && (it.Min is null || it.Max is null)) Add(sp, "a scored number item needs min and max to rescale its answer");
                else if (numeric && sc.Rule == ScoringRule.TopBox && sc.TopBoxMin is null) Add($"{sp}.topBoxMin", "required for top_box on a number item");
                if (sc.TopBoxMin is { } tb && it.IsLikert && (tb < 1 || tb > it.ScalePoints)) Add($"{sp}.topBoxMin", $"must be between 1 and {it.ScalePoints}");
            }
        }

        void CheckExpression(string? text, string path, bool inGrid, string? self,
            bool allowCurrent = false, bool allowFields = false, bool allowUnit = false)
        {
            if (text is null) return;
            if (string.IsNullOrWhiteSpace(text)) { Add(path, "empty expression; remove the field instead"); return; }
            if (!Expression.TryParse(text, out var e, out var error)) { Add(path, error!.Message); return; }
            foreach (var v in e!.Variables)
            {
                if (v == "unit" && (inGrid || allowUnit)) continue;
                if (!items.TryGetValue(v, out var target)) Add(path, $"unknown variable ${{{v}}}");
                else if (target.InGrid && !inGrid && !allowUnit) Add(path, $"${{{v}}} is asked per unit in a grid and cannot be used outside it");
                else if (target.InGrid && allowUnit) Add(path, $"${{{v}}} is asked per unit in a grid and cannot decide which units are rated");
                else if (v == self) Add(path, $"${{{v}}} refers to the item itself; use '.' in a constraint");
                else if (target.Item.Type == ItemType.Note) Add(path, $"${{{v}}} is a note and has no value");
            }
            if (e.UsesCurrent && !allowCurrent) Add(path, "'.' (the current answer) can only be used in a constraint");
            if (e.Fields.Count > 0 && !allowFields) Add(path, $"bare name '{e.Fields.First()}': write variables as ${{name}}; bare names are choice columns, only in a choice filter");
        }

        void CheckText(LocalizedText? text, string path, bool required)
        {
            if (text is null || text.Count == 0)
            {
                if (required) Add(path, "required");
                return;
            }
            foreach (var lang in langs)
            {
                if (!text.TryGetValue(lang, out var t) || string.IsNullOrWhiteSpace(t)) Add($"{path}.{lang}", $"missing text in declared language '{lang}'");
            }
            foreach (var lang in text.Keys.Where(k => !langs.Contains(k) && (def.Languages ?? []).Count > 0)) Add($"{path}.{lang}", $"language '{lang}' is not declared in languages");
        }

        void CheckScale(List<LocalizedText>? labels, int points, string path)
        {
            if (labels is null || labels.Count != points) { Add(path, $"expected {points} labels, lowest first, found {labels?.Count ?? 0}"); return; }
            for (var k = 0; k < labels.Count; k++) CheckText(labels[k], $"{path}[{k}]", required: true);
        }

        void CheckLogicCycles()
        {
            // An item's value depends on its calculation and on its visibility (hidden = missing), hence
            // on its own, its section's and its grid's conditions. A cycle there cannot settle
            // (the engine would flip between states); forward references without a cycle are fine.
            static IEnumerable<string> Vars(string? text) =>
                !string.IsNullOrWhiteSpace(text) && Expression.TryParse(text, out var e, out _) ? e!.Variables : [];
            var deps = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var sec in sections.Where(x => x is not null))
            {
                var sectionVars = Vars(sec.Relevant).Concat(Vars(sec.Grid?.Filter)).ToList();
                foreach (var it in (sec.Items ?? []).Where(x => x is not null && items.TryGetValue(x.Id ?? "", out var known) && ReferenceEquals(known.Item, x)))
                {
                    // The item's own self-reference is already reported by CheckExpression; its section's is not.
                    deps[it.Id] = Vars(it.Relevant).Concat(Vars(it.Calculation)).Where(v => v != it.Id).Concat(sectionVars)
                        .Where(items.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
                }
            }
            var state = new Dictionary<string, int>(StringComparer.Ordinal);
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var id in deps.Keys) Visit(id, []);

            void Visit(string id, List<string> stack)
            {
                if (state.GetValueOrDefault(id) == 2) return;
                if (state.GetValueOrDefault(id) == 1)
                {
                    var cycle = stack.SkipWhile(x => x != id).ToList();
                    if (cycle.Any(reported.Add))
                    {
                        Add(PathOf(id), $"circular logic: {string.Join(" -> ", cycle.Append(id).Select(x => "${" + x + "}"))}; relevance and calculations must not depend on themselves");
                    }
                    return;
                }
                state[id] = 1;
                stack.Add(id);
                foreach (var d in deps.GetValueOrDefault(id) ?? []) Visit(d, stack);
                stack.RemoveAt(stack.Count - 1);
                state[id] = 2;
            }
        }

        string PathOf(string itemId)
        {
            for (var s = 0; s < sections.Count; s++)
                for (var i = 0; i < (sections[s]?.Items?.Count ?? 0); i++)
                    if (sections[s].Items![i]?.Id == itemId) return $"sections[{s}].items[{i}]";
            return itemId;
        }
    }

    private static bool IsBoolLiteral(string s) => s.Trim().ToLowerInvariant() is "true" or "false" or "yes" or "no" or "";

    internal static string Name(ItemType t) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(t.ToString());
}
