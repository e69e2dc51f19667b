using System.Globalization;
using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Questionnaires;

/// <summary>
/// Skip logic, unit filters and checks as instructions a respondent or an interviewer reads on paper, in Vietnamese or
/// English, naming questions by their printed numbers: <c>${sat_result} &lt;= 2</c> on question 6 becomes
/// "Nếu câu 5 chọn 1 hoặc 2, trả lời câu 6." / "If you chose 1 or 2 in question 5, answer question 6.".
/// The expression's AST is translated: a condition on one choice question (Likert or a list) is evaluated for each of
/// its choices and named by the choices that satisfy it (or, when shorter, those that do not); comparisons of numbers,
/// dates and texts, <c>and</c>/<c>or</c>/<c>not</c>, <c>selected()</c>, <c>count-selected()</c>, the unit of a grid,
/// and calculations (named by what they compute: "trung bình của câu 5 và câu 6", "câu 2 chia cho câu 1") have their
/// own words. Whatever cannot be put into words gets a clear generic instruction — never the expression itself.
/// </summary>
public sealed class LogicText
{
    private readonly QuestionnaireDefinition definition;
    private readonly bool en;
    private readonly Func<string, string?> number;
    private readonly IReadOnlyList<RatedUnit> units;
    private readonly CultureInfo culture;

    /// <param name="definition">The questionnaire the expressions belong to.</param>
    /// <param name="language">"vi" (default) or "en".</param>
    /// <param name="number">The printed number of an item by id (for an item inside a grid, the number of the same unit's box), or null when it is not printed.</param>
    /// <param name="units">The rated units, for choice lists of units.</param>
    public LogicText(QuestionnaireDefinition definition, string language, Func<string, string?> number, IReadOnlyList<RatedUnit>? units = null)
    {
        this.definition = definition;
        en = language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        this.number = number;
        this.units = units ?? [];
        culture = CultureInfo.GetCultureInfo(en ? "en-US" : "vi-VN");
    }

    /// <summary>An item's relevance: "Nếu …, trả lời câu N." (generic when the condition has no words).</summary>
    public string AskIf(string expression, string? questionNumber)
    {
        var q = questionNumber is null ? (en ? "this question" : "câu này") : Q(questionNumber);
        return Condition(expression) is { } c
            ? en ? $"If {c}, answer {q}." : $"Nếu {c}, trả lời {q}."
            : en ? $"Answer {q} only if it applies to you." : $"Chỉ trả lời {q} nếu câu hỏi phù hợp với Ông/Bà.";
    }

    /// <summary>A section's relevance: "Chỉ trả lời phần này nếu …".</summary>
    public string SectionIf(string expression) => Condition(expression) is { } c
        ? en ? $"Answer this part only if {c}." : $"Chỉ trả lời phần này nếu {c}."
        : en ? "Answer this part only if it applies to you." : "Chỉ trả lời phần này nếu phù hợp với Ông/Bà.";

    /// <summary>A grid's unit filter: "Chỉ đánh giá các đơn vị đã chọn ở câu 3."</summary>
    public string UnitsIf(string filter)
    {
        if (Parse(filter) is Call { Function: "selected", Arguments: [VariableRef v, VariableRef { Name: "unit" }] } && Numbered(v.Name) is { } q)
            return en ? $"Rate only the units you ticked in {q}." : $"Chỉ đánh giá các đơn vị đã chọn ở {q}.";
        return Condition(filter) is { } c
            ? en ? $"Rate a unit only if {c}." : $"Chỉ đánh giá một đơn vị nếu {c}."
            : en ? "Rate only the units that apply to you." : "Chỉ đánh giá các đơn vị phù hợp với Ông/Bà.";
    }

    /// <summary>A constraint: "Kiểm tra: câu trả lời từ 18 trở lên."</summary>
    public string Check(string constraint) => Condition(constraint) is { } c
        ? en ? $"Check: {c}." : $"Kiểm tra: {c}."
        : en ? "Check the answer against the form's instructions." : "Kiểm tra câu trả lời theo hướng dẫn của phiếu.";

    /// <summary>The condition in words, or null when it cannot be put into words.</summary>
    public string? Condition(string expression) => Parse(expression) is { } root ? Bool(root, 0) : null;

    private static ExprNode? Parse(string expression) =>
        Expression.TryParse(expression, out var parsed, out _) ? parsed!.Root : null;

    // ------------------------------------------------------------------ booleans

    private string? Bool(ExprNode node, int depth)
    {
        if (depth > 16) return null;
        if (ChoiceSet(node) is { } set) return set;
        switch (node)
        {
            case Binary { Operator: "and" or "or" } b:
                var l = Bool(b.Left, depth + 1);
                var r = Bool(b.Right, depth + 1);
                if (l is null || r is null) return null;
                string Wrap(ExprNode side, string text) => side is Binary { Operator: "and" or "or" } inner && inner.Operator != b.Operator ? $"({text})" : text;
                var word = b.Operator == "and" ? (en ? "and" : "và") : (en ? "or" : "hoặc");
                return $"{Wrap(b.Left, l)} {word} {Wrap(b.Right, r)}";
            case Call { Function: "not", Arguments: [var inner] }:
                return Negated(inner, depth);
            case Binary { Operator: "=" or "!=" or "<" or "<=" or ">" or ">=" } c:
                return Comparison(c.Operator, c.Left, c.Right);
            case Call { Function: "selected", Arguments: [var list, var choice] }:
                return Selected(list, choice, negate: false);
            case Call { Function: "contains" or "starts-with", Arguments: [var text, StringLiteral s] } when Subject(text) is { } subject:
                return en ? $"{subject} {(((Call)node).Function == "contains" ? "contains" : "starts with")} “{s.Value}”"
                    : $"{subject} {(((Call)node).Function == "contains" ? "có chứa" : "bắt đầu bằng")} “{s.Value}”";
            case VariableRef v when Numbered(v.Name) is { } q:
                return en ? $"{q} is answered" : $"{q} có trả lời";
            default:
                return null;
        }
    }

    private string? Negated(ExprNode inner, int depth)
    {
        if (ChoiceSet(inner, negate: true) is { } set) return set;
        return inner switch
        {
            Binary { Operator: "=" or "!=" or "<" or "<=" or ">" or ">=" } c => Comparison(Opposite(c.Operator), c.Left, c.Right),
            Call { Function: "selected", Arguments: [var list, var choice] } => Selected(list, choice, negate: true),
            Call { Function: "not", Arguments: [var twice] } => Bool(twice, depth + 1),
            Binary { Operator: "and" or "or" } b => Bool(new Binary(b.Position, b.Operator == "and" ? "or" : "and",
                new Call(b.Position, "not", [b.Left]), new Call(b.Position, "not", [b.Right])), depth + 1),
            VariableRef v when Numbered(v.Name) is { } q => en ? $"{q} is left blank" : $"{q} để trống",
            _ => null,
        };
    }

    private static string Opposite(string op) => op switch
    {
        "=" => "!=", "!=" => "=", "<" => ">=", "<=" => ">", ">" => "<=", _ => "<",
    };

    /// <summary>
    /// A condition on one choice question (Likert or a list, nothing else referenced): the choices that satisfy it, by
    /// evaluating it for each choice as the engine would — "câu 5 chọn 1 hoặc 2", or "câu 1 không chọn “A” hoặc “B”" when
    /// the choices that fail it are fewer.
    /// </summary>
    private string? ChoiceSet(ExprNode node, bool negate = false)
    {
        var variables = new HashSet<string>(StringComparer.Ordinal);
        var other = false;
        Walk(node, n =>
        {
            switch (n)
            {
                case VariableRef v: variables.Add(v.Name); break;
                case CurrentRef or FieldRef: other = true; break;
                case Call { Function: "today" or "selected" or "count-selected" }: other = true; break;
                case Binary { Operator: "+" or "-" or "*" or "div" or "mod" }: other = true; break;
            }
        });
        if (other || variables.Count != 1 || node is VariableRef) return null;
        var name = variables.Single();
        if (definition.FindItem(name) is not { } item || !(item.IsLikert || item.Type == ItemType.Single) || Numbered(name) is not { } q) return null;
        var choices = Choices.For(definition, item, units);
        if (choices.Count == 0) return null;
        var context = new DictionaryContext();
        var yes = new List<Choice>();
        var no = new List<Choice>();
        foreach (var c in choices)
        {
            context.Variables[name] = AnswerEngine.Typed(item, c.Code);
            (Evaluator.Evaluate(node, context).AsBoolean() != negate ? yes : no).Add(c);
        }
        if (yes.Count == 0) return null;
        if (no.Count == 0) return en ? $"{q} is answered" : $"{q} có trả lời";
        return yes.Count <= no.Count
            ? en ? $"you chose {List(yes.Select(c => Choice(item, c)), "or")} in {q}" : $"{q} chọn {List(yes.Select(c => Choice(item, c)), "hoặc")}"
            : en ? $"you did not choose {List(no.Select(c => Choice(item, c)), "or")} in {q}" : $"{q} không chọn {List(no.Select(c => Choice(item, c)), "hoặc")}";
    }

    private string? Selected(ExprNode list, ExprNode choice, bool negate)
    {
        if (list is not VariableRef v || Numbered(v.Name) is not { } q) return null;
        string? what = choice switch
        {
            VariableRef { Name: "unit" } => en ? "this unit" : "đơn vị này",
            StringLiteral s when definition.FindItem(v.Name) is { } item => Choices.For(definition, item, units).FirstOrDefault(c => c.Code == s.Value) is { } c ? Choice(item, c) : $"“{s.Value}”",
            StringLiteral s => $"“{s.Value}”",
            _ => null,
        };
        if (what is null) return null;
        return en ? $"you {(negate ? "did not tick" : "ticked")} {what} in {q}" : $"{q} {(negate ? "không chọn" : "có chọn")} {what}";
    }

    private string? Comparison(string op, ExprNode left, ExprNode right)
    {
        // The literal goes to the right: "18 <= ${age}" reads as "${age} >= 18".
        if (IsLiteral(left) && !IsLiteral(right)) (left, right, op) = (right, left, op switch { "<" => ">", "<=" => ">=", ">" => "<", ">=" => "<=", _ => op });
        // Blank / answered.
        if (right is StringLiteral { Value: "" } && op is "=" or "!=" && (left is VariableRef b && Numbered(b.Name) is { } bq ? bq : Subject(left)) is { } s)
            return op == "=" ? (en ? $"{s} is left blank" : $"{s} để trống") : (en ? $"{s} is answered" : $"{s} có trả lời");
        // A multiple choice compared with one code: that code alone was ticked (or not).
        if (left is VariableRef m && definition.FindItem(m.Name) is { Type: ItemType.Multiple } multiple && Numbered(m.Name) is { } mq
            && right is StringLiteral code && op is "=" or "!=" && Choices.For(definition, multiple, units).FirstOrDefault(c => c.Code == code.Value) is { } only)
            return en ? $"you {(op == "=" ? "chose" : "did not choose")} only {Choice(multiple, only)} in {mq}" : $"{mq} {(op == "=" ? "" : "không ")}chỉ chọn {Choice(multiple, only)}";
        if (Subject(left) is not { } subject || Operand(right) is not { } operand) return null;
        if (left is VariableRef lv && right is StringLiteral lit && definition.FindItem(lv.Name) is { } li && (li.IsLikert || li.Type is ItemType.Single or ItemType.Multiple)
            && Choices.For(definition, li, units).FirstOrDefault(c => c.Code == lit.Value) is { } named)
            operand = Choice(li, named);
        return $"{subject} {(IsDate(left) || IsDate(right) ? DateRelation(op, operand) : Relation(op, operand))}";
    }

    private bool IsDate(ExprNode node) => node is Call { Function: "today" or "date" }
        || node is VariableRef v && definition.FindItem(v.Name) is { Type: ItemType.Date };

    private string DateRelation(string op, string operand) => (op, en) switch
    {
        ("=", false) => $"là {operand}", ("!=", false) => $"khác {operand}", (">", false) => $"sau {operand}",
        (">=", false) => $"từ {operand} trở đi", ("<", false) => $"trước {operand}", (_, false) => $"không sau {operand}",
        ("=", true) => $"is {operand}", ("!=", true) => $"is not {operand}", (">", true) => $"is after {operand}",
        (">=", true) => $"is on or after {operand}", ("<", true) => $"is before {operand}", _ => $"is on or before {operand}",
    };

    private string Relation(string op, string operand) => (op, en) switch
    {
        ("=", false) => $"bằng {operand}", ("!=", false) => $"khác {operand}", (">", false) => $"lớn hơn {operand}",
        (">=", false) => $"từ {operand} trở lên", ("<", false) => $"nhỏ hơn {operand}", (_, false) => $"không quá {operand}",
        ("=", true) => $"is {operand}", ("!=", true) => $"is not {operand}", (">", true) => $"is more than {operand}",
        (">=", true) => $"is {operand} or more", ("<", true) => $"is less than {operand}", _ => $"is at most {operand}",
    };

    // ------------------------------------------------------------------ values

    /// <summary>What is compared: "câu 7" / "the answer to question 7", the answer itself in a check, or what a calculation computes.</summary>
    private string? Subject(ExprNode node) => node switch
    {
        CurrentRef => en ? "the answer" : "câu trả lời",
        VariableRef v when Numbered(v.Name) is { } q => en ? $"the answer to {q}" : q,
        _ => Arithmetic(node, 0),
    };

    private string? Operand(ExprNode node) => node switch
    {
        NumberLiteral n => Number(n.Value),
        StringLiteral s => Value.ParseDate(s.Value) is { } d ? d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : $"“{s.Value}”",
        VariableRef v when Numbered(v.Name) is { } q => en ? $"the answer to {q}" : q,
        _ => Arithmetic(node, 0),
    };

    private static bool IsLiteral(ExprNode node) => node is NumberLiteral or StringLiteral or Negate { Operand: NumberLiteral };

    /// <summary>A number, a question, a calculation or a date as words: "câu 2 chia cho câu 1", "trung bình của câu 5 và câu 6", "ngày hôm nay".</summary>
    private string? Arithmetic(ExprNode node, int depth)
    {
        if (depth > 8) return null;
        switch (node)
        {
            case NumberLiteral n:
                return Number(n.Value);
            case Negate { Operand: NumberLiteral n }:
                return Number(-n.Value);
            case CurrentRef:
                return en ? "the answer" : "câu trả lời";
            case VariableRef v when Numbered(v.Name) is { } q:
                return q;
            case VariableRef v when definition.FindItem(v.Name) is { Type: ItemType.Calculate, Calculation: { } calc } && Parse(calc) is { } computed:
                return Arithmetic(computed, depth + 1);
            case Call { Function: "round" or "int" or "number", Arguments: [var x, ..] }:
                return Arithmetic(x, depth + 1);
            case Call { Function: "today" }:
                return en ? "today" : "ngày hôm nay";
            case Call { Function: "date", Arguments: [StringLiteral s] } when Value.ParseDate(s.Value) is { } d:
                return d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
            case Call { Function: "count-selected", Arguments: [VariableRef list] } when Numbered(list.Name) is { } q:
                return en ? $"the number of answers ticked in {q}" : $"số lựa chọn đã chọn ở {q}";
            case Call { Function: "count-selected", Arguments: [CurrentRef] }:
                return en ? "the number of answers ticked" : "số lựa chọn đã chọn";
            case Call { Function: "string-length", Arguments: [var x] } when Arithmetic(x, depth + 1) is { } of:
                return en ? $"the length of {of}" : $"độ dài của {of}";
            case Binary { Operator: "div", Left: var sum, Right: NumberLiteral { Value: var count } } when Average(sum, count, depth) is { } names:
                return en ? $"the average of {List(names, "and")}" : $"trung bình của {List(names, "và")}";
            case Binary { Operator: "+" or "-" or "*" or "div" or "mod" } b:
                var l = Arithmetic(b.Left, depth + 1);
                var r = Arithmetic(b.Right, depth + 1);
                if (l is null || r is null) return null;
                string Wrap(ExprNode side, string text) => side is Binary { Operator: "+" or "-" or "*" or "div" or "mod" } ? $"({text})" : text;
                var word = (b.Operator, en) switch
                {
                    ("+", false) => "cộng", ("-", false) => "trừ", ("*", false) => "nhân", ("div", false) => "chia cho", (_, false) => "chia lấy dư cho",
                    ("+", true) => "plus", ("-", true) => "minus", ("*", true) => "times", ("div", true) => "divided by", _ => "modulo",
                };
                return $"{Wrap(b.Left, l)} {word} {Wrap(b.Right, r)}";
            default:
                return null;
        }
    }

    /// <summary>The questions averaged by (a + b + …) div n, when n is their number; else null.</summary>
    private List<string>? Average(ExprNode sum, double count, int depth)
    {
        if (Terms(sum) is not { Count: > 1 } terms || terms.Count != count || !terms.All(t => t is VariableRef)) return null;
        var names = terms.Select(t => Arithmetic(t, depth + 1)).ToList();
        return names.All(n => n is not null) ? names.Select(n => n!).ToList() : null;
    }

    /// <summary>The terms of a sum a + b + … (null when it is not one).</summary>
    private static List<ExprNode>? Terms(ExprNode node) => node switch
    {
        Binary { Operator: "+" } b => Terms(b.Left) is { } l ? [.. l, .. Terms(b.Right) ?? [b.Right]] : null,
        _ => [node],
    };

    private string Number(double value) => value.ToString("0.##########", culture);

    private string Q(string n) => en ? $"question {n}" : $"câu {n}";

    private string? Numbered(string itemId) => definition.FindItem(itemId) is { IsAnswerable: true } && number(itemId) is { } n ? Q(n) : null;

    /// <summary>A choice as printed: a Likert point by its number, a list choice by its label in quotes.</summary>
    private string Choice(Item item, Choice choice) => item.IsLikert && choice.Code != Item.DontKnowCode
        ? choice.Code
        : $"“{choice.Label.Get(en ? "en" : "vi")}”";

    private string List(IEnumerable<string> parts, string word)
    {
        var list = parts.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list.Take(list.Count - 1))} {word} {list[^1]}";
    }

    private static void Walk(ExprNode node, Action<ExprNode> visit)
    {
        visit(node);
        switch (node)
        {
            case Negate x: Walk(x.Operand, visit); break;
            case Binary x: Walk(x.Left, visit); Walk(x.Right, visit); break;
            case Call x: foreach (var a in x.Arguments) Walk(a, visit); break;
        }
    }
}
