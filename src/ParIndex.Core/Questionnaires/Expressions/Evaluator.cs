namespace ParIndex.Core.Questionnaires.Expressions;

/// <summary>
/// Evaluates an AST. Never throws: type mismatches, missing operands, division by zero and
/// out-of-range results all yield <see cref="Value.Missing"/> (or false for comparisons).
/// The client interpreter wwwroot/js/expr.js implements the same rules.
/// </summary>
public static class Evaluator
{
    /// <summary>Evaluates <paramref name="node"/> in <paramref name="ctx"/>.</summary>
    public static Value Evaluate(ExprNode node, IExpressionContext ctx) => node switch
    {
        NumberLiteral n => Value.Number(n.Value),
        StringLiteral s => Value.String(s.Value),
        VariableRef v => ctx.GetVariable(v.Name),
        CurrentRef => ctx.Current,
        FieldRef f => ctx.GetField(f.Name),
        Negate neg => Value.Number(-Evaluate(neg.Operand, ctx).AsNumber()),
        Binary b => EvaluateBinary(b, ctx),
        Call c => EvaluateCall(c, ctx),
        _ => Value.Missing,
    };

    private static Value EvaluateBinary(Binary b, IExpressionContext ctx)
    {
        // and/or short-circuit so that guards like `${n} > 0 and ${x} div ${n} > 1` behave.
        if (b.Operator == "and")
        {
            return Value.Boolean(Evaluate(b.Left, ctx).AsBoolean() && Evaluate(b.Right, ctx).AsBoolean());
        }
        if (b.Operator == "or")
        {
            return Value.Boolean(Evaluate(b.Left, ctx).AsBoolean() || Evaluate(b.Right, ctx).AsBoolean());
        }
        var l = Evaluate(b.Left, ctx);
        var r = Evaluate(b.Right, ctx);
        switch (b.Operator)
        {
            case "+": return Value.Number(l.AsNumber() + r.AsNumber());
            case "-": return Value.Number(l.AsNumber() - r.AsNumber());
            case "*": return Value.Number(l.AsNumber() * r.AsNumber());
            case "div":
                {
                    var d = r.AsNumber();
                    return d == 0 ? Value.Missing : Value.Number(l.AsNumber() / d);
                }
            case "mod":
                {
                    var d = r.AsNumber();
                    return d == 0 ? Value.Missing : Value.Number(l.AsNumber() % d);
                }
            case "=": return Value.Boolean(AreEqual(l, r));
            case "!=": return Value.Boolean(!AreEqual(l, r));
            default: return Value.Boolean(Compare(b.Operator, l, r));
        }
    }

    /// <summary>
    /// Equality: booleans if either side is boolean; else numbers if either is a number
    /// (NaN is equal to nothing); else dates if either is a date and the other parses; else text,
    /// missing being "". So <c>${q} = ''</c> tests "unanswered".
    /// </summary>
    public static bool AreEqual(Value l, Value r)
    {
        if (l.Kind == ValueKind.Boolean || r.Kind == ValueKind.Boolean)
        {
            return l.AsBoolean() == r.AsBoolean();
        }
        if (l.Kind == ValueKind.Number || r.Kind == ValueKind.Number)
        {
            return l.AsNumber() == r.AsNumber();
        }
        if ((l.Kind == ValueKind.Date || r.Kind == ValueKind.Date) && l.AsDate() is { } ld && r.AsDate() is { } rd)
        {
            return ld == rd;
        }
        return string.Equals(l.AsString(), r.AsString(), StringComparison.Ordinal);
    }

    /// <summary>Ordering: dates when either side is a date and both convert; else numbers. A missing or non-numeric side makes it false.</summary>
    public static bool Compare(string op, Value l, Value r)
    {
        double a, b;
        if ((l.Kind == ValueKind.Date || r.Kind == ValueKind.Date) && l.AsDate() is { } ld && r.AsDate() is { } rd)
        {
            a = ld.DayNumber;
            b = rd.DayNumber;
        }
        else
        {
            a = l.AsNumber();
            b = r.AsNumber();
        }
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            return false;
        }
        return op switch { "<" => a < b, "<=" => a <= b, ">" => a > b, ">=" => a >= b, _ => false };
    }

    private static Value EvaluateCall(Call c, IExpressionContext ctx)
    {
        var a = c.Arguments;
        Value Arg(int i) => Evaluate(a[i], ctx);
        switch (c.Function)
        {
            case "if":
                return Arg(0).AsBoolean() ? Arg(1) : Arg(2);
            case "coalesce":
                foreach (var arg in a)
                {
                    var v = Evaluate(arg, ctx);
                    if (!v.IsMissing) return v;
                }
                return Value.Missing;
            case "selected":
                return Value.Boolean(Tokens(Arg(0)).Contains(Arg(1).AsString().Trim()));
            case "count-selected":
                return Value.Number(Tokens(Arg(0)).Length);
            case "string-length":
                return Value.Number(Arg(0).AsString().Length);
            case "round":
                {
                    var x = Arg(0).AsNumber();
                    var digits = a.Count > 1 ? Arg(1).AsNumber() : 0;
                    if (double.IsNaN(x) || double.IsNaN(digits)) return Value.Missing;
                    return Value.Number(Math.Round(x, (int)Math.Clamp(digits, 0, 15), MidpointRounding.AwayFromZero));
                }
            case "int":
                return Value.Number(Math.Truncate(Arg(0).AsNumber()));
            case "number":
                return Value.Number(Arg(0).AsNumber());
            case "string":
                return Value.String(Arg(0).AsString());
            case "boolean":
                return Value.Boolean(Arg(0).AsBoolean());
            case "date":
                return Arg(0).AsDate() is { } d ? Value.Date(d) : Value.Missing;
            case "today":
                return Value.Date(ctx.Today);
            case "not":
                return Value.Boolean(!Arg(0).AsBoolean());
            case "true":
                return Value.True;
            case "false":
                return Value.False;
            case "concat":
                return Value.String(string.Concat(a.Select(x => Evaluate(x, ctx).AsString())));
            case "contains":
                return Value.Boolean(Arg(0).AsString().Contains(Arg(1).AsString(), StringComparison.Ordinal));
            case "starts-with":
                return Value.Boolean(Arg(0).AsString().StartsWith(Arg(1).AsString(), StringComparison.Ordinal));
            case "min":
            case "max":
                {
                    // Missing arguments are skipped (an unanswered item does not make the minimum unknown).
                    var nums = a.Select(x => Evaluate(x, ctx).AsNumber()).Where(x => !double.IsNaN(x)).ToList();
                    if (nums.Count == 0) return Value.Missing;
                    return Value.Number(c.Function == "min" ? nums.Min() : nums.Max());
                }
            default:
                return Value.Missing;
        }
    }

    private static string[] Tokens(Value v) =>
        v.AsString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
