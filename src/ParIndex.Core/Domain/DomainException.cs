namespace ParIndex.Core.Domain;

/// <summary>
/// A rule of the domain was refused. <see cref="Code"/> is stable (it becomes the ProblemDetails type);
/// the message explains what to fix.
/// </summary>
public sealed class DomainException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
