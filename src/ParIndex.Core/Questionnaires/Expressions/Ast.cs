namespace ParIndex.Core.Questionnaires.Expressions;

/// <summary>Node of a parsed expression. Immutable; <see cref="Position"/> is the 1-based character where it starts.</summary>
public abstract record ExprNode(int Position);

/// <summary>A number literal such as <c>4</c> or <c>2.5</c>.</summary>
public sealed record NumberLiteral(int Position, double Value) : ExprNode(Position);

/// <summary>A string literal in single or double quotes (no escapes, as in XPath).</summary>
public sealed record StringLiteral(int Position, string Value) : ExprNode(Position);

/// <summary>A reference to an item's answer, <c>${name}</c>.</summary>
public sealed record VariableRef(int Position, string Name) : ExprNode(Position);

/// <summary>The current item's answer, <c>.</c> (constraints).</summary>
public sealed record CurrentRef(int Position) : ExprNode(Position);

/// <summary>A bare name: a column of the choice being filtered (choice filters only).</summary>
public sealed record FieldRef(int Position, string Name) : ExprNode(Position);

/// <summary>Unary minus.</summary>
public sealed record Negate(int Position, ExprNode Operand) : ExprNode(Position);

/// <summary>A binary operator: <c>+ - * div mod = != &lt; &lt;= &gt; &gt;= and or</c>.</summary>
public sealed record Binary(int Position, string Operator, ExprNode Left, ExprNode Right) : ExprNode(Position);

/// <summary>A function call such as <c>selected(${q7}, 'b')</c>.</summary>
public sealed record Call(int Position, string Function, IReadOnlyList<ExprNode> Arguments) : ExprNode(Position);
