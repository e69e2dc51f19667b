using System.Globalization;

namespace ParIndex.Core.Questionnaires.Expressions;

/// <summary>
/// Lexer and recursive-descent parser for the XLSForm-like expression language.
/// Precedence, lowest first: <c>or</c>; <c>and</c>; <c>= != ==</c>; <c>&lt; &lt;= &gt; &gt;=</c>;
/// <c>+ -</c>; <c>* div mod</c>; unary <c>-</c>. All binary operators are left-associative.
/// </summary>
public static class ExpressionParser
{
    /// <summary>Longest accepted expression; longer ones are refused rather than parsed.</summary>
    public const int MaxLength = 4000;

    /// <summary>Deepest accepted nesting, so hostile input cannot exhaust the stack.</summary>
    public const int MaxDepth = 64;

    /// <summary>Functions and their arity (min, max; -1 = unbounded).</summary>
    public static readonly IReadOnlyDictionary<string, (int Min, int Max)> Functions =
        new Dictionary<string, (int, int)>(StringComparer.Ordinal)
        {
            ["selected"] = (2, 2),
            ["count-selected"] = (1, 1),
            ["if"] = (3, 3),
            ["coalesce"] = (2, -1),
            ["string-length"] = (1, 1),
            ["round"] = (1, 2),
            ["int"] = (1, 1),
            ["number"] = (1, 1),
            ["string"] = (1, 1),
            ["boolean"] = (1, 1),
            ["date"] = (1, 1),
            ["today"] = (0, 0),
            ["not"] = (1, 1),
            ["true"] = (0, 0),
            ["false"] = (0, 0),
            ["concat"] = (1, -1),
            ["contains"] = (2, 2),
            ["starts-with"] = (2, 2),
            ["min"] = (1, -1),
            ["max"] = (1, -1),
        };

    /// <summary>Parses <paramref name="text"/>; throws <see cref="ExpressionSyntaxException"/> with a position when malformed.</summary>
    public static ExprNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new ExpressionSyntaxException(MaxLength + 1, $"expression longer than {MaxLength} characters");
        }
        var p = new Parser(Lex(text), text.Length);
        var node = p.ParseOr(0);
        p.ExpectEnd();
        return node;
    }

    private enum T { Number, String, Variable, Name, Dot, Op, LParen, RParen, Comma, End }

    private readonly record struct Token(T Kind, string Text, int Pos);

    private static List<Token> Lex(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var pos = i + 1;
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                var start = i;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                if (i < s.Length && s[i] == '.')
                {
                    i++;
                    while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                }
                tokens.Add(new Token(T.Number, s[start..i], pos));
                continue;
            }
            if (c is '\'' or '"')
            {
                var end = s.IndexOf(c, i + 1);
                if (end < 0) throw new ExpressionSyntaxException(pos, "unterminated string");
                tokens.Add(new Token(T.String, s[(i + 1)..end], pos));
                i = end + 1;
                continue;
            }
            if (c == '$')
            {
                if (i + 1 >= s.Length || s[i + 1] != '{') throw new ExpressionSyntaxException(pos, "expected '{' after '$'");
                var end = s.IndexOf('}', i + 2);
                if (end < 0) throw new ExpressionSyntaxException(pos, "unterminated variable, expected '}'");
                var name = s[(i + 2)..end];
                if (!IsName(name)) throw new ExpressionSyntaxException(pos + 2, $"invalid variable name '{name}'");
                tokens.Add(new Token(T.Variable, name, pos));
                i = end + 1;
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '_' or '-')) i++;
                // A trailing '-' belongs to the next token (x- 1), not to the name.
                while (s[i - 1] == '-') i--;
                tokens.Add(new Token(T.Name, s[start..i], pos));
                continue;
            }
            string? op = c switch
            {
                '(' => "(", ')' => ")", ',' => ",", '.' => ".", '+' => "+", '-' => "-", '*' => "*",
                '=' => i + 1 < s.Length && s[i + 1] == '=' ? "==" : "=",
                '!' => i + 1 < s.Length && s[i + 1] == '=' ? "!=" : null,
                '<' => i + 1 < s.Length && s[i + 1] == '=' ? "<=" : "<",
                '>' => i + 1 < s.Length && s[i + 1] == '=' ? ">=" : ">",
                _ => null,
            };
            if (op is null) throw new ExpressionSyntaxException(pos, $"unexpected character '{c}'");
            var kind = op switch { "(" => T.LParen, ")" => T.RParen, "," => T.Comma, "." => T.Dot, _ => T.Op };
            tokens.Add(new Token(kind, op, pos));
            i += op.Length;
        }
        tokens.Add(new Token(T.End, "", s.Length + 1));
        return tokens;
    }

    /// <summary>True for a valid item id / variable name: a letter or '_' then letters, digits, '_', '-' or '.'.</summary>
    public static bool IsName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' or '.');

    private sealed class Parser(List<Token> tokens, int length)
    {
        private int _i;
        private Token Peek => tokens[_i];
        private Token Next() => tokens[_i++];

        private bool IsOp(params string[] ops) =>
            (Peek.Kind == T.Op || (Peek.Kind == T.Name && Peek.Text is "and" or "or" or "div" or "mod"))
            && ops.Contains(Peek.Text);

        public void ExpectEnd()
        {
            if (Peek.Kind != T.End)
            {
                throw new ExpressionSyntaxException(Peek.Pos, Peek.Kind == T.RParen ? "unexpected ')'" : $"unexpected '{Peek.Text}', expected an operator or the end");
            }
        }

        private static void Guard(int depth, int pos)
        {
            if (depth > MaxDepth) throw new ExpressionSyntaxException(pos, "expression nested too deeply");
        }

        public ExprNode ParseOr(int d)
        {
            Guard(d, Peek.Pos);
            var left = ParseAnd(d);
            while (IsOp("or")) { var t = Next(); left = new Binary(t.Pos, "or", left, ParseAnd(d)); }
            return left;
        }

        private ExprNode ParseAnd(int d)
        {
            var left = ParseEquality(d);
            while (IsOp("and")) { var t = Next(); left = new Binary(t.Pos, "and", left, ParseEquality(d)); }
            return left;
        }

        private ExprNode ParseEquality(int d)
        {
            var left = ParseRelational(d);
            while (IsOp("=", "==", "!="))
            {
                var t = Next();
                left = new Binary(t.Pos, t.Text == "==" ? "=" : t.Text, left, ParseRelational(d));
            }
            return left;
        }

        private ExprNode ParseRelational(int d)
        {
            var left = ParseAdditive(d);
            while (IsOp("<", "<=", ">", ">=")) { var t = Next(); left = new Binary(t.Pos, t.Text, left, ParseAdditive(d)); }
            return left;
        }

        private ExprNode ParseAdditive(int d)
        {
            var left = ParseMultiplicative(d);
            while (IsOp("+", "-")) { var t = Next(); left = new Binary(t.Pos, t.Text, left, ParseMultiplicative(d)); }
            return left;
        }

        private ExprNode ParseMultiplicative(int d)
        {
            var left = ParseUnary(d);
            while (IsOp("*", "div", "mod")) { var t = Next(); left = new Binary(t.Pos, t.Text, left, ParseUnary(d)); }
            return left;
        }

        private ExprNode ParseUnary(int d)
        {
            Guard(d, Peek.Pos);
            if (IsOp("-"))
            {
                var t = Next();
                return new Negate(t.Pos, ParseUnary(d + 1));
            }
            return ParsePrimary(d);
        }

        private ExprNode ParsePrimary(int d)
        {
            var t = Next();
            switch (t.Kind)
            {
                case T.Number:
                    return new NumberLiteral(t.Pos, double.Parse(t.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
                case T.String:
                    return new StringLiteral(t.Pos, t.Text);
                case T.Variable:
                    return new VariableRef(t.Pos, t.Text);
                case T.Dot:
                    return new CurrentRef(t.Pos);
                case T.LParen:
                    var inner = ParseOr(d + 1);
                    Expect(T.RParen, "')'");
                    return inner;
                case T.Name when Peek.Kind == T.LParen:
                    return ParseCall(t, d);
                case T.Name when t.Text is "and" or "or" or "div" or "mod":
                    throw new ExpressionSyntaxException(t.Pos, $"expected a value before '{t.Text}'");
                case T.Name:
                    return new FieldRef(t.Pos, t.Text);
                case T.End:
                    throw new ExpressionSyntaxException(t.Pos, length == 0 ? "empty expression" : "unexpected end of expression");
                default:
                    throw new ExpressionSyntaxException(t.Pos, $"unexpected '{t.Text}'");
            }
        }

        private ExprNode ParseCall(Token name, int d)
        {
            if (!Functions.TryGetValue(name.Text, out var arity))
            {
                throw new ExpressionSyntaxException(name.Pos, $"unknown function '{name.Text}'");
            }
            Next(); // (
            var args = new List<ExprNode>();
            if (Peek.Kind != T.RParen)
            {
                args.Add(ParseOr(d + 1));
                while (Peek.Kind == T.Comma)
                {
                    Next();
                    args.Add(ParseOr(d + 1));
                }
            }
            Expect(T.RParen, "')'");
            if (args.Count < arity.Min || (arity.Max >= 0 && args.Count > arity.Max))
            {
                var expected = arity.Max < 0 ? $"at least {arity.Min}" : arity.Min == arity.Max ? $"{arity.Min}" : $"{arity.Min} to {arity.Max}";
                throw new ExpressionSyntaxException(name.Pos, $"{name.Text}() takes {expected} argument(s), got {args.Count}");
            }
            return new Call(name.Pos, name.Text, args);
        }

        private void Expect(T kind, string what)
        {
            if (Peek.Kind != kind)
            {
                throw new ExpressionSyntaxException(Peek.Pos, Peek.Kind == T.End ? $"expected {what} before the end" : $"expected {what}");
            }
            Next();
        }
    }
}
