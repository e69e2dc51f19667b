using ParIndex.Core.Questionnaires.Expressions;

namespace ParIndex.Core.Tests.Questionnaires.Expressions;

public class ExpressionTests
{
    private static DictionaryContext Ctx(params (string Name, Value Value)[] vars)
    {
        var c = new DictionaryContext { Today = new DateOnly(2026, 11, 23) };
        foreach (var (n, v) in vars) c.Variables[n] = v;
        return c;
    }

    private static Value Eval(string text, DictionaryContext? ctx = null) => Expression.Parse(text).Evaluate(ctx ?? Ctx());

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("12 div 4 div 3", 1)]
    [InlineData("7 mod 3", 1)]
    [InlineData("-7 mod 3", -1)]
    [InlineData("-2 * -3", 6)]
    [InlineData("2 + 3 * 4 - 10 div 5", 12)]
    [InlineData("round(2.5)", 3)]
    [InlineData("round(-2.5)", -3)]
    [InlineData("round(3.14159, 2)", 3.14)]
    [InlineData("int(-3.7)", -3)]
    [InlineData("number('4.5') + 1", 5.5)]
    [InlineData("string-length('Hà Nội')", 6)]
    [InlineData("max(1, 5, 3)", 5)]
    public void Arithmetic_follows_precedence_and_associativity(string text, double expected)
    {
        Assert.Equal(expected, Eval(text).AsNumber(), 10);
    }

    [Theory]
    [InlineData("1 < 2 and 2 < 3 or 1 > 2", true)]
    [InlineData("1 > 2 and 2 < 3 or 3 = 3", true)]
    [InlineData("1 = 1 and 1 = 2 or 1 = 2", false)]
    [InlineData("1 + 1 = 2", true)]
    [InlineData("not(1 = 2)", true)]
    [InlineData("'a' != 'b'", true)]
    [InlineData("'10' = 10", true)]
    [InlineData("'abc' = 'abc'", true)]
    [InlineData("true() and not(false())", true)]
    [InlineData("1 == 1", true)]
    public void Logic_and_comparison(string text, bool expected)
    {
        Assert.Equal(expected, Eval(text).AsBoolean());
    }

    [Fact]
    public void Variables_are_read_from_the_context()
    {
        var ctx = Ctx(("q3", Value.Number(4)), ("q5", Value.String("y")));

        Assert.True(Eval("${q3} >= 4 and ${q5} != 'x'", ctx).AsBoolean());
        Assert.False(Eval("${q3} >= 5", ctx).AsBoolean());
    }

    [Fact]
    public void Selected_and_count_selected_work_on_space_separated_codes()
    {
        var ctx = Ctx(("q7", Value.String("a b  c")));

        Assert.True(Eval("selected(${q7}, 'b')", ctx).AsBoolean());
        Assert.False(Eval("selected(${q7}, 'd')", ctx).AsBoolean());
        Assert.False(Eval("selected(${q7}, 'a b')", ctx).AsBoolean());
        Assert.Equal(3, Eval("count-selected(${q7})", ctx).AsNumber());
        Assert.Equal(0, Eval("count-selected(${none})", ctx).AsNumber());
    }

    [Fact]
    public void Division_by_zero_yields_missing()
    {
        Assert.True(Eval("1 div 0").IsMissing);
        Assert.True(Eval("5 mod 0").IsMissing);
        Assert.True(Eval("(1 div 0) + 1").IsMissing);
        Assert.False(Eval("1 div 0 > 0").AsBoolean());
    }

    [Fact]
    public void Missing_values_propagate_through_arithmetic_and_make_ordering_false()
    {
        var ctx = Ctx();

        Assert.True(Eval("${a} + 1", ctx).IsMissing);
        Assert.False(Eval("${a} > 0", ctx).AsBoolean());
        Assert.False(Eval("${a} <= 0", ctx).AsBoolean());
        Assert.True(Eval("${a} = ''", ctx).AsBoolean());
        Assert.False(Eval("${a} = 0", ctx).AsBoolean());
        Assert.True(Eval("${a} != 3", ctx).AsBoolean());
        Assert.Equal("x", Eval("coalesce(${a}, 'x')", ctx).AsString());
        Assert.Equal(0, Eval("string-length(${a})", ctx).AsNumber());
    }

    [Fact]
    public void Non_numeric_text_in_arithmetic_yields_missing()
    {
        Assert.True(Eval("'abc' * 2").IsMissing);
        Assert.True(Eval("number('1,5')").IsMissing);
    }

    [Fact]
    public void If_chooses_a_branch_and_short_circuits()
    {
        var ctx = Ctx(("n", Value.Number(0)));

        Assert.Equal("no", Eval("if(${n} > 0, 'yes', 'no')", ctx).AsString());
        Assert.False(Eval("${n} > 0 and 10 div ${n} > 1", ctx).AsBoolean());
    }

    [Fact]
    public void Dates_compare_as_dates_and_subtract_to_days()
    {
        var ctx = Ctx(("d", Value.Date(new DateOnly(2026, 11, 1))), ("s", Value.String("2026-12-01")));

        Assert.True(Eval("${d} < today()", ctx).AsBoolean());
        Assert.True(Eval("${s} > today()", ctx).AsBoolean());
        Assert.Equal(22, Eval("today() - ${d}", ctx).AsNumber());
        Assert.True(Eval("${d} = '2026-11-01'", ctx).AsBoolean());
        Assert.Equal("2026-11-23", Eval("today()", ctx).AsString());
        Assert.True(Eval("date('2026-02-30')").IsMissing);
    }

    [Fact]
    public void Current_item_is_dot()
    {
        var ctx = Ctx();
        ctx.Current = Value.Number(17);

        Assert.False(Eval(". >= 18", ctx).AsBoolean());
        Assert.True(Eval(". >= 18 or . = 17", ctx).AsBoolean());
    }

    [Fact]
    public void Bare_names_read_choice_fields()
    {
        var ctx = Ctx(("district", Value.String("hk")));
        ctx.Fields["district"] = Value.String("hk");

        Assert.True(Eval("district = ${district}", ctx).AsBoolean());
    }

    [Fact]
    public void Numbers_format_invariantly_without_trailing_zeros()
    {
        Assert.Equal("2", Eval("4 div 2").AsString());
        Assert.Equal("2.5", Eval("5 div 2").AsString());
        Assert.Equal("a1", Eval("concat('a', 1)").AsString());
    }

    [Theory]
    [InlineData("(1 + 2", "position 7: expected ')' before the end")]
    [InlineData("${q3} >= ", "position 10: unexpected end of expression")]
    [InlineData("${q3 + 1", "position 1: unterminated variable, expected '}'")]
    [InlineData("'abc", "position 1: unterminated string")]
    [InlineData("foo(1)", "position 1: unknown function 'foo'")]
    [InlineData("selected(${a})", "position 1: selected() takes 2 argument(s), got 1")]
    [InlineData("1 2", "position 3: unexpected '2', expected an operator or the end")]
    [InlineData("1 # 2", "position 3: unexpected character '#'")]
    [InlineData("1 + 2)", "position 6: unexpected ')'")]
    [InlineData("", "position 1: empty expression")]
    [InlineData("${} = 1", "position 3: invalid variable name ''")]
    [InlineData("and 1", "position 1: expected a value before 'and'")]
    public void Malformed_expressions_report_the_position(string text, string message)
    {
        var ex = Assert.Throws<ExpressionSyntaxException>(() => Expression.Parse(text));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused_not_a_stack_overflow()
    {
        var text = new string('(', 5000) + "1" + new string(')', 5000);

        Assert.False(Expression.TryParse(text, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Referenced_variables_are_listed()
    {
        var e = Expression.Parse("${b} + ${a} > 0 and selected(${c}, .)");

        Assert.Equal(["a", "b", "c"], e.Variables);
        Assert.True(e.UsesCurrent);
    }

    [Fact]
    public void Ast_serializes_to_compact_json()
    {
        var e = Expression.Parse("${q3} >= 4 and not(selected(${q7}, 'b')) or -1 = .");

        Assert.Equal(
            """["or",["and",[">=",["v","q3"],["n",4]],["c","not",["c","selected",["v","q7"],["s","b"]]]],["=",["neg",["n",1]],["."]]]""",
            e.ToJson());
    }

    [Fact]
    public void Hyphenated_names_are_function_names_not_subtraction()
    {
        Assert.Equal(1, Eval("count-selected('a')").AsNumber());
        Assert.Equal(1, Eval("3-2").AsNumber());
    }
}
