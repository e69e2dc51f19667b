namespace ParIndex.Core.Questionnaires.Expressions;

/// <summary>A malformed expression. The message reads like <c>position 12: expected ')'</c>.</summary>
public sealed class ExpressionSyntaxException(int position, string detail)
    : Exception($"position {position}: {detail}")
{
    /// <summary>1-based character position of the problem.</summary>
    public int Position { get; } = position;

    /// <summary>The problem without the position prefix.</summary>
    public string Detail { get; } = detail;
}
