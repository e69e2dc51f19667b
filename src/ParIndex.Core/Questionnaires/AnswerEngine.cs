using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Questionnaires;

/// <summary>
/// Checks responses against a definition: calculations, relevance of sections, items and grid
/// units, required, types and ranges, choice validity and filters, constraints, and tampering.
/// Build one per published version (expressions are parsed once) and share it: it is immutable
/// and thread-safe.
/// </summary>
public sealed partial class AnswerEngine
{
    private const int MaxPasses = 10;
    private const string UnitVariable = "unit";

    private readonly Dictionary<string, Expression> _expressions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Section Section, Item Item)> _items = new(StringComparer.Ordinal);
    private bool _singlePass;
    // Option lists that come from the definition (not the round's units) are the same for every response: built once.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<Choice>> _fixedChoices = new(StringComparer.Ordinal);

    private AnswerEngine(QuestionnaireDefinition definition)
    {
        Definition = definition;
        foreach (var (section, item) in definition.AllItems())
        {
            _items.TryAdd(item.Id, (section, item));
        }
    }

    /// <summary>The definition checked against. Do not modify it after creating the engine.</summary>
    public QuestionnaireDefinition Definition { get; }

    /// <summary>
    /// Builds an engine. Throws <see cref="QuestionnaireFormatException"/> listing every problem
    /// when the definition does not pass <see cref="DefinitionValidator"/>.
    /// </summary>
    public static AnswerEngine Create(QuestionnaireDefinition definition)
    {
        var problems = DefinitionValidator.Validate(definition);
        if (problems.Count > 0)
        {
            throw new QuestionnaireFormatException(problems);
        }
        var engine = new AnswerEngine(definition);
        foreach (var section in definition.Sections)
        {
            engine.Compile(section.Relevant);
            engine.Compile(section.Grid?.Filter);
            foreach (var item in section.Items)
            {
                engine.Compile(item.Relevant);
                engine.Compile(item.Constraint);
                engine.Compile(item.Calculation);
                engine.Compile(item.ChoiceFilter);
                if (item.Required is { } r && !IsLiteralBool(r))
                {
                    engine.Compile(r);
                }
            }
        }
        engine._singlePass = engine.ReferencesOnlyEarlierItems();
        return engine;
    }

    /// <summary>
    /// True when every expression <see cref="Evaluate"/> runs (section relevance, grid filter, item relevance,
    /// calculation, choice filter) refers only to items placed before the one it decides. Evaluation then meets each
    /// reference already settled, so the first pass is the fixed point and the confirming second pass is skipped.
    /// </summary>
    private bool ReferencesOnlyEarlierItems()
    {
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, item) in Definition.AllItems())
        {
            position.TryAdd(item.Id, position.Count);
        }
        bool Earlier(string? text, int before) =>
            string.IsNullOrWhiteSpace(text) || _expressions[text].Variables.All(v => !position.TryGetValue(v, out var p) || p < before);
        var index = 0;
        foreach (var section in Definition.Sections)
        {
            if (!Earlier(section.Relevant, index) || !Earlier(section.Grid?.Filter, index))
            {
                return false;
            }
            foreach (var item in section.Items)
            {
                if (!Earlier(item.Relevant, index) || !Earlier(item.Calculation, index) || !Earlier(item.ChoiceFilter, index))
                {
                    return false;
                }
                index++;
            }
        }
        return true;
    }

    private void Compile(string? text)
    {
        if (!string.IsNullOrWhiteSpace(text) && !_expressions.ContainsKey(text))
        {
            _expressions[text] = Expression.Parse(text);
        }
    }

    private static bool IsLiteralBool(string s) =>
        s.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) || s.Trim().Equals("false", StringComparison.OrdinalIgnoreCase)
        || s.Trim() is "yes" or "no" or "";

    /// <summary>
    /// Computes visibility, grid units, calculated values and filtered choices for the answers.
    /// Non-relevant items count as missing in every expression (as in ODK). Forward references
    /// are resolved by re-evaluating until nothing changes.
    /// </summary>
    public FormState Evaluate(ResponseData data, IReadOnlyList<RatedUnit> units, DateOnly? today = null)
    {
        var state = new FormState(Definition.Sections.Sum(x => x.Items.Count));
        var day = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            state.Passes = pass + 1;
            var changed = false;
            foreach (var section in Definition.Sections)
            {
                var secRel = IsTrue(section.Relevant, new Scope(this, state, data, null, day));
                changed |= Set(state.SectionRelevant, section.Id, secRel);
                if (section.Grid is { } grid)
                {
                    var rated = secRel
                        ? units.Where(u => IsTrue(grid.Filter, new Scope(this, state, data, u.Code, day))).ToList()
                        : [];
                    var old = state.GridUnits.GetValueOrDefault(section.Id);
                    if (old is null || !old.SequenceEqual(rated))
                    {
                        state.GridUnits[section.Id] = rated;
                        changed = true;
                    }
                    var ratedSet = rated.ToHashSet();
                    foreach (var u in units)
                    {
                        var included = ratedSet.Contains(u);
                        // A unit the grid does not rate (and did not rate in an earlier pass) records nothing: its cells
                        // read as hidden — IsItemVisible is false and Scope.GetVariable checks the grid's units.
                        if (!included && (old is null || !old.Contains(u)))
                        {
                            continue;
                        }
                        foreach (var item in section.Items)
                        {
                            changed |= EvaluateItem(state, data, item, u.Code, included, day, units);
                        }
                    }
                }
                else
                {
                    foreach (var item in section.Items)
                    {
                        changed |= EvaluateItem(state, data, item, null, secRel, day, units);
                    }
                }
            }
            if (_singlePass || (!changed && pass > 0))
            {
                break;
            }
        }
        return state;
    }

    private bool EvaluateItem(FormState state, ResponseData data, Item item, string? unit, bool parentVisible, DateOnly day, IReadOnlyList<RatedUnit> units)
    {
        // A scope only when an expression runs: most cells (and every cell of a unit the grid does not rate) need none.
        var rel = parentVisible && (string.IsNullOrWhiteSpace(item.Relevant) || _expressions[item.Relevant].IsTrue(new Scope(this, state, data, unit, day)));
        var changed = Set(state.ItemRelevant, (item.Id, unit), rel);
        if (item.Type == ItemType.Calculate)
        {
            var v = rel && item.Calculation is { } calc ? _expressions[calc].Evaluate(new Scope(this, state, data, unit, day)) : Value.Missing;
            changed |= Set(state.Calculated, (item.Id, unit), v);
        }
        if (!rel)
        {
            // A hidden cell shows no options and takes no answer: its option list is never asked for.
            return changed;
        }
        if (item.IsLikert)
        {
            // Stored once per item so the form asks the state for every option list, Likert included.
            ref var choices = ref CollectionsMarshal.GetValueRefOrAddDefault(state.FilteredChoices, (item.Id, unit), out var exists);
            if (!exists)
            {
                choices = state.AllChoices(Definition, item, units, _fixedChoices);
            }
        }
        else if (item.Type is ItemType.Single or ItemType.Multiple)
        {
            var all = state.AllChoices(Definition, item, units, _fixedChoices);
            IReadOnlyList<Choice> allowed = all;
            if (rel && item.ChoiceFilter is { } filter)
            {
                var expr = _expressions[filter];
                allowed = all.Where(c => c.Code == Item.DontKnowCode || expr.IsTrue(new Scope(this, state, data, unit, day, choice: c))).ToList();
            }
            var old = state.FilteredChoices.GetValueOrDefault((item.Id, unit));
            if (old is null || !ReferenceEquals(old, allowed) && !old.Select(c => c.Code).SequenceEqual(allowed.Select(c => c.Code), StringComparer.Ordinal))
            {
                state.FilteredChoices[(item.Id, unit)] = allowed;
                changed = true;
            }
        }
        return changed;
    }

    private static bool Set<TKey, TValue>(Dictionary<TKey, TValue> map, TKey key, TValue value) where TKey : notnull
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out var exists);
        if (exists && EqualityComparer<TValue>.Default.Equals(slot, value))
        {
            return false;
        }
        slot = value;
        return true;
    }

    private bool IsTrue(string? expression, Scope scope) =>
        string.IsNullOrWhiteSpace(expression) || _expressions[expression].IsTrue(scope);

    /// <summary>
    /// Checks a whole response. <paramref name="language"/> selects the messages ("vi" default,
    /// "en"); <paramref name="today"/> is what <c>today()</c> returns (UTC date when null).
    /// </summary>
    public AnswerCheckResult Validate(ResponseData data, IReadOnlyList<RatedUnit> units, string language = "vi", DateOnly? today = null) =>
        Check(data, units, language, today, null, null);

    /// <summary>
    /// Checks one section (and, for a grid, optionally one unit) for section-by-section posting.
    /// Relevance still uses every answer in <paramref name="data"/>; problems are limited to that
    /// section's items, plus unknown items and units, which belong to no section.
    /// </summary>
    public AnswerCheckResult ValidateSection(string sectionId, ResponseData data, IReadOnlyList<RatedUnit> units,
        string language = "vi", DateOnly? today = null, string? unitCode = null) =>
        Check(data, units, language, today, sectionId, unitCode);

    private AnswerCheckResult Check(ResponseData data, IReadOnlyList<RatedUnit> units, string language, DateOnly? today, string? onlySection, string? onlyUnit)
    {
        var day = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var state = Evaluate(data, units, day);
        var problems = new List<AnswerProblem>();
        var cleaned = new ResponseData { Answers = new Dictionary<string, string>((data.Answers?.Count ?? 0) + 4, StringComparer.Ordinal) };

        foreach (var section in Definition.Sections)
        {
            var include = onlySection is null || onlySection == section.Id;
            if (section.Grid is null)
            {
                foreach (var item in section.Items)
                {
                    CheckItem(section, item, null, data.Get(item.Id), state, data, units, language, day, include ? problems : null, cleaned);
                }
            }
            else
            {
                var shown = state.UnitsOf(section.Id);
                foreach (var u in units)
                {
                    // A unit the grid does not rate, with nothing posted for it: every cell is hidden and empty, nothing to check.
                    if (!shown.Contains(u) && !HasAnswers(data, u.Code))
                    {
                        continue;
                    }
                    var includeUnit = include && (onlyUnit is null || onlyUnit == u.Code);
                    foreach (var item in section.Items)
                    {
                        CheckItem(section, item, u.Code, data.Get(item.Id, u.Code), state, data, units, language, day, includeUnit ? problems : null, cleaned);
                    }
                }
            }
        }

        // Keys that match nothing: another questionnaire's items, grid items posted at the wrong level, invented units.
        foreach (var (id, value) in data.Answers ?? [])
        {
            if ((!_items.TryGetValue(id, out var found) || found.Section.Grid is not null) && !string.IsNullOrWhiteSpace(value))
            {
                problems.Add(Tamper(id, null, AnswerErrorCodes.UnknownItem, language, null));
            }
        }
        foreach (var (unit, answers) in data.Units ?? [])
        {
            if (answers is null)
            {
                continue;
            }
            if (!IsUnitOf(units, unit))
            {
                if (answers.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
                {
                    problems.Add(Tamper("", unit, AnswerErrorCodes.UnknownUnit, language, null));
                }
                continue;
            }
            foreach (var (id, value) in answers)
            {
                if ((!_items.TryGetValue(id, out var found) || found.Section.Grid is null) && !string.IsNullOrWhiteSpace(value))
                {
                    problems.Add(Tamper(id, unit, AnswerErrorCodes.UnknownItem, language, null));
                }
            }
        }
        return new AnswerCheckResult(problems, cleaned, state);
    }

    private static bool HasAnswers(ResponseData data, string unitCode)
    {
        if (data.Units is null || !data.Units.TryGetValue(unitCode, out var answers) || answers is null)
        {
            return false;
        }
        foreach (var value in answers.Values)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsUnitOf(IReadOnlyList<RatedUnit> units, string code)
    {
        for (var i = 0; i < units.Count; i++)
        {
            if (string.Equals(units[i].Code, code, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static AnswerProblem Tamper(string id, string? unit, string code, string language, string? section) =>
        new(id, unit, code, AnswerMessages.Get(code, language), Blocking: false, Tampering: true, section);

    private void CheckItem(Section section, Item item, string? unit, string? raw, FormState state, ResponseData data,
        IReadOnlyList<RatedUnit> units, string language, DateOnly day, List<AnswerProblem>? problems, ResponseData cleaned)
    {
        var value = raw?.Trim() ?? "";
        var visible = state.IsItemVisible(item.Id, unit);
        void Add(string code, string message, bool blocking = true, bool tampering = false) =>
            problems?.Add(new AnswerProblem(item.Id, unit, code, message, blocking, tampering, section.Id));

        if (item.Type == ItemType.Calculate)
        {
            if (state.CalculatedValue(item.Id, unit) is { } calc)
            {
                cleaned.Set(item.Id, calc, unit);
            }
        }
        if (!item.IsAnswerable)
        {
            if (value.Length > 0 && state.CalculatedValue(item.Id, unit) != value)
            {
                Add(AnswerErrorCodes.NotAnswerable, AnswerMessages.Get(AnswerErrorCodes.NotAnswerable, language), blocking: false, tampering: true);
            }
            return;
        }
        if (!visible)
        {
            if (value.Length > 0)
            {
                Add(AnswerErrorCodes.HiddenItem, AnswerMessages.Get(AnswerErrorCodes.HiddenItem, language), blocking: false, tampering: true);
            }
            return;
        }
        var scope = new Scope(this, state, data, unit, day);
        if (value.Length == 0)
        {
            if (IsRequired(item, scope))
            {
                Add(AnswerErrorCodes.Required, AnswerMessages.Get(AnswerErrorCodes.Required, language));
            }
            return;
        }

        string? normalized = CheckValue(item, unit, value, state, units, language, out var problem);
        if (normalized is null)
        {
            if (problem is { } p)
            {
                Add(p.Code, p.Message, p.Blocking, p.Tampering);
            }
            return;
        }
        if (item.Constraint is { } constraint && !string.IsNullOrWhiteSpace(constraint))
        {
            var current = Typed(item, normalized);
            if (!_expressions[constraint].IsTrue(new Scope(this, state, data, unit, day, current)))
            {
                var message = item.ConstraintMessage is { Count: > 0 } m ? m.Get(language) : AnswerMessages.Get(AnswerErrorCodes.Constraint, language);
                Add(AnswerErrorCodes.Constraint, message);
            }
        }
        cleaned.Set(item.Id, normalized, unit);
    }

    /// <summary>Type, range and choice checks; returns the normalised value, or null and the <paramref name="problem"/>.</summary>
    private string? CheckValue(Item item, string? unit, string value, FormState state, IReadOnlyList<RatedUnit> units, string language,
        out (string Code, string Message, bool Blocking, bool Tampering)? problem)
    {
        problem = null;
        switch (item.Type)
        {
            case ItemType.Likert5:
            case ItemType.Likert4:
                {
                    var ok = (item.DontKnow && value == Item.DontKnowCode)
                        || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= item.ScalePoints && value.Length == 1);
                    if (!ok)
                    {
                        problem = (AnswerErrorCodes.UnknownChoice, AnswerMessages.Get("range.both", language, 1, item.ScalePoints), true, true);
                        return null;
                    }
                    return value;
                }
            case ItemType.Single:
            case ItemType.Multiple:
                {
                    var all = state.AllChoices(Definition, item, units, _fixedChoices);
                    var allowed = state.ChoicesOf(item.Id, unit);
                    var codes = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
                    if (item.Type == ItemType.Single && codes.Count != 1 || codes.Any(c => all.All(x => x.Code != c)))
                    {
                        problem = (AnswerErrorCodes.UnknownChoice, AnswerMessages.Get(AnswerErrorCodes.UnknownChoice, language), true, true);
                        return null;
                    }
                    if (codes.Any(c => allowed.All(x => x.Code != c)))
                    {
                        problem = (AnswerErrorCodes.FilteredChoice, AnswerMessages.Get(AnswerErrorCodes.FilteredChoice, language), true, true);
                        return null;
                    }
                    var excluded = all.Where(c => c.Excluded).Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
                    if (codes.Count > 1 && codes.Any(excluded.Contains))
                    {
                        problem = (AnswerErrorCodes.ExclusiveChoice, AnswerMessages.Get(AnswerErrorCodes.ExclusiveChoice, language), true, false);
                        return null;
                    }
                    // Store codes in the list's order so equal answers compare equal.
                    return string.Join(' ', all.Select(c => c.Code).Where(codes.Contains));
                }
            case ItemType.Integer:
            case ItemType.Decimal:
                {
                    var isInt = item.Type == ItemType.Integer;
                    if (item.DontKnow && value == Item.DontKnowCode)
                    {
                        return value;
                    }
                    if (!(isInt ? IntegerPattern() : DecimalPattern()).IsMatch(value) || double.IsNaN(Value.ParseNumber(value)))
                    {
                        var code = isInt ? AnswerErrorCodes.NotInteger : AnswerErrorCodes.NotDecimal;
                        problem = (code, AnswerMessages.Get(code, language), true, false);
                        return null;
                    }
                    var x = Value.ParseNumber(value);
                    if ((item.Min is { } min && x < min) || (item.Max is { } max && x > max))
                    {
                        var msg = item.Min is { } lo && item.Max is { } hi
                            ? AnswerMessages.Get("range.both", language, Value.FormatNumber(lo), Value.FormatNumber(hi))
                            : item.Min is { } lo2 ? AnswerMessages.Get("range.min", language, Value.FormatNumber(lo2))
                            : AnswerMessages.Get("range.max", language, Value.FormatNumber(item.Max!.Value));
                        problem = (AnswerErrorCodes.Range, msg, true, false);
                        return null;
                    }
                    return Value.FormatNumber(x);
                }
            case ItemType.Date:
                if (Value.ParseDate(value) is null || value.Length != 10)
                {
                    problem = (AnswerErrorCodes.NotDate, AnswerMessages.Get(AnswerErrorCodes.NotDate, language), true, false);
                    return null;
                }
                return value;
            default:
                if (value.Length > item.EffectiveMaxLength)
                {
                    problem = (AnswerErrorCodes.TooLong, AnswerMessages.Get(AnswerErrorCodes.TooLong, language, item.EffectiveMaxLength), true, false);
                    return null;
                }
                return value;
        }
    }

    [GeneratedRegex(@"^[+-]?[0-9]{1,15}$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[+-]?[0-9]{1,15}(\.[0-9]{1,10})?$")]
    private static partial Regex DecimalPattern();

    private bool IsRequired(Item item, Scope scope)
    {
        var r = item.Required?.Trim();
        if (string.IsNullOrEmpty(r) || r.Equals("false", StringComparison.OrdinalIgnoreCase) || r == "no")
        {
            return false;
        }
        if (r.Equals("true", StringComparison.OrdinalIgnoreCase) || r == "yes")
        {
            return true;
        }
        return _expressions[item.Required!].IsTrue(scope);
    }

    /// <summary>The typed value of a stored answer: numbers for numeric and Likert items, dates for dates, else text.</summary>
    internal static Value Typed(Item item, string raw)
    {
        if (raw.Length == 0)
        {
            return Value.Missing;
        }
        switch (item.Type)
        {
            case ItemType.Integer:
            case ItemType.Decimal:
            case ItemType.Likert5:
            case ItemType.Likert4:
                var d = Value.ParseNumber(raw);
                return double.IsNaN(d) ? Value.String(raw) : Value.Number(d);
            case ItemType.Date:
                return Value.ParseDate(raw) is { } date ? Value.Date(date) : Value.String(raw);
            default:
                return Value.String(raw);
        }
    }

    /// <summary>Resolves <c>${name}</c> for one respondent and, inside a grid, one unit.</summary>
    private sealed class Scope(AnswerEngine engine, FormState state, ResponseData data, string? unit, DateOnly today,
        Value current = default, Choice? choice = null) : IExpressionContext
    {
        public Value Current => current;

        public DateOnly Today => today;

        public Value GetVariable(string name)
        {
            if (!engine._items.TryGetValue(name, out var found))
            {
                return name == UnitVariable && unit is not null ? Value.String(unit) : Value.Missing;
            }
            string? key = found.Section.Grid is null ? null : unit;
            if (found.Section.Grid is not null && unit is null)
            {
                return Value.Missing; // a respondent-level expression cannot see one unit's answer
            }
            // A unit the item's grid does not rate: the cell is hidden (such cells are not recorded one by one).
            if (key is not null && state.GridUnits.TryGetValue(found.Section.Id, out var gridUnits) && !IsUnitOf(gridUnits, key))
            {
                return Value.Missing;
            }
            // Not yet evaluated (first pass) counts as visible so forward references settle.
            if (state.ItemRelevant.TryGetValue((name, key), out var rel) && !rel)
            {
                return Value.Missing;
            }
            if (found.Item.Type == ItemType.Calculate)
            {
                return state.Calculated.GetValueOrDefault((name, key));
            }
            return Typed(found.Item, data.Get(name, key)?.Trim() ?? "");
        }

        public Value GetField(string name)
        {
            if (choice is null)
            {
                return Value.Missing;
            }
            if (name is "code" or "name")
            {
                return Value.String(choice.Code);
            }
            return choice.Properties is { } p && p.TryGetValue(name, out var v) ? Value.String(v) : Value.Missing;
        }
    }
}
