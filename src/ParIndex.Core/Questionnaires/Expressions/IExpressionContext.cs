namespace ParIndex.Core.Questionnaires.Expressions;

/// <summary>What an expression can see while it is evaluated.</summary>
public interface IExpressionContext
{
    /// <summary>The value of <c>${name}</c>; <see cref="Value.Missing"/> when unknown, unanswered or hidden.</summary>
    Value GetVariable(string name);

    /// <summary>The value of <c>.</c>, the answer being checked by a constraint.</summary>
    Value Current { get; }

    /// <summary>A bare name: a column of the choice being filtered; missing elsewhere.</summary>
    Value GetField(string name);

    /// <summary>The date <c>today()</c> returns; injected so that tests and re-validation are reproducible.</summary>
    DateOnly Today { get; }
}

/// <summary>A context over a plain dictionary of typed values, for tests and simple callers.</summary>
public sealed class DictionaryContext : IExpressionContext
{
    /// <summary>Variables by name.</summary>
    public Dictionary<string, Value> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Fields by name (choice filters).</summary>
    public Dictionary<string, Value> Fields { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Value Current { get; set; }

    /// <inheritdoc />
    public DateOnly Today { get; set; } = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <inheritdoc />
    public Value GetVariable(string name) => Variables.TryGetValue(name, out var v) ? v : Value.Missing;

    /// <inheritdoc />
    public Value GetField(string name) => Fields.TryGetValue(name, out var v) ? v : Value.Missing;
}
