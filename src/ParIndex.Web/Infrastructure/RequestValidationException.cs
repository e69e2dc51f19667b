namespace ParIndex.Web.Infrastructure;

/// <summary>Field-level validation failed; each key is a field, each value the messages saying what to fix.</summary>
public sealed class RequestValidationException(IDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
