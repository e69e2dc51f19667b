using System.Text.Json;

namespace ParIndex.Core.Questionnaires.Expressions;

/// <summary>
/// A parsed expression: parse once with <see cref="Parse"/> or <see cref="TryParse"/>, evaluate many
/// times with <see cref="Evaluate"/>. Safe by construction: an AST walked by a switch, no eval,
/// no reflection, no code generation.
/// </summary>
public sealed class Expression
{
    private Expression(string text, ExprNode root)
    {
        Text = text;
        Root = root;
        var vars = new SortedSet<string>(StringComparer.Ordinal);
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        var usesCurrent = false;
        Walk(root, n =>
        {
            switch (n)
            {
                case VariableRef v: vars.Add(v.Name); break;
                case FieldRef f: fields.Add(f.Name); break;
                case CurrentRef: usesCurrent = true; break;
            }
        });
        Variables = vars;
        Fields = fields;
        UsesCurrent = usesCurrent;
    }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>The root of the immutable AST.</summary>
    public ExprNode Root { get; }

    /// <summary>Names referenced as <c>${name}</c>, sorted.</summary>
    public IReadOnlySet<string> Variables { get; }

    /// <summary>Bare names (choice columns), sorted.</summary>
    public IReadOnlySet<string> Fields { get; }

    /// <summary>True when the expression uses <c>.</c>.</summary>
    public bool UsesCurrent { get; }

    /// <summary>Parses; throws <see cref="ExpressionSyntaxException"/> (message <c>position N: …</c>) when malformed.</summary>
    public static Expression Parse(string text) => new(text, ExpressionParser.Parse(text));

    /// <summary>Parses without throwing; <paramref name="error"/> carries the position and message when it fails.</summary>
    public static bool TryParse(string text, out Expression? expression, out ExpressionSyntaxException? error)
    {
        try
        {
            expression = Parse(text);
            error = null;
            return true;
        }
        catch (ExpressionSyntaxException ex)
        {
            expression = null;
            error = ex;
            return false;
        }
    }

    /// <summary>Evaluates in <paramref name="context"/>; never throws (see <see cref="Evaluator"/>).</summary>
    public Value Evaluate(IExpressionContext context) => Evaluator.Evaluate(Root, context);

    /// <summary>Evaluates and converts to a boolean (missing is false).</summary>
    public bool IsTrue(IExpressionContext context) => Evaluate(context).AsBoolean();

    /// <summary>
    /// Compact JSON of the AST for the client interpreter: every node is an array whose first
    /// element names it — <c>["n",4]</c> number, <c>["s","x"]</c> string, <c>["v","q3"]</c> variable,
    /// <c>["."]</c> current, <c>["f","code"]</c> field, <c>["neg",e]</c>, <c>[op,l,r]</c> for
    /// <c>+ - * div mod = != &lt; &lt;= &gt; &gt;= and or</c>, <c>["c","name",args…]</c> call.
    /// </summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Write(Root, w);
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void Write(ExprNode n, Utf8JsonWriter w)
    {
        w.WriteStartArray();
        switch (n)
        {
            case NumberLiteral x: w.WriteStringValue("n"); w.WriteNumberValue(x.Value); break;
            case StringLiteral x: w.WriteStringValue("s"); w.WriteStringValue(x.Value); break;
            case VariableRef x: w.WriteStringValue("v"); w.WriteStringValue(x.Name); break;
            case CurrentRef: w.WriteStringValue("."); break;
            case FieldRef x: w.WriteStringValue("f"); w.WriteStringValue(x.Name); break;
            case Negate x: w.WriteStringValue("neg"); Write(x.Operand, w); break;
            case Binary x: w.WriteStringValue(x.Operator); Write(x.Left, w); Write(x.Right, w); break;
            case Call x:
                w.WriteStringValue("c");
                w.WriteStringValue(x.Function);
                foreach (var a in x.Arguments) Write(a, w);
                break;
        }
        w.WriteEndArray();
    }

    private static void Walk(ExprNode n, Action<ExprNode> visit)
    {
        visit(n);
        switch (n)
        {
            case Negate x: Walk(x.Operand, visit); break;
            case Binary x: Walk(x.Left, visit); Walk(x.Right, visit); break;
            case Call x: foreach (var a in x.Arguments) Walk(a, visit); break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
