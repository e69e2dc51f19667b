namespace ParIndex.Core.Questionnaires;

/// <summary>Stable codes of <see cref="AnswerProblem"/>s; the web layer and the API may rely on them.</summary>
public static class AnswerErrorCodes
{
    /// <summary>A required item has no answer.</summary>
    public const string Required = "required";
    /// <summary>The item's constraint is false.</summary>
    public const string Constraint = "constraint";
    /// <summary>A number outside min/max.</summary>
    public const string Range = "range";
    /// <summary>Not a whole number.</summary>
    public const string NotInteger = "type.integer";
    /// <summary>Not a number.</summary>
    public const string NotDecimal = "type.decimal";
    /// <summary>Not an ISO date.</summary>
    public const string NotDate = "type.date";
    /// <summary>A code that is not an option of the item (tampering: a form cannot send it).</summary>
    public const string UnknownChoice = "choice.unknown";
    /// <summary>An option hidden by the item's choice filter.</summary>
    public const string FilteredChoice = "choice.filtered";
    /// <summary>"Don't know" chosen together with other options.</summary>
    public const string ExclusiveChoice = "choice.exclusive";
    /// <summary>Text longer than allowed.</summary>
    public const string TooLong = "text.too_long";
    /// <summary>An answer to a non-relevant (hidden) item; ignored.</summary>
    public const string HiddenItem = "hidden";
    /// <summary>An item id that the questionnaire does not have (or not at that level); ignored.</summary>
    public const string UnknownItem = "unknown_item";
    /// <summary>A unit code that the round does not rate; ignored.</summary>
    public const string UnknownUnit = "unknown_unit";
    /// <summary>A value sent for a note or a calculation; ignored (calculations are recomputed).</summary>
    public const string NotAnswerable = "not_answerable";
}

/// <summary>A problem with one answer.</summary>
/// <param name="ItemId">The item concerned.</param>
/// <param name="UnitCode">The rated unit for grid items, else null.</param>
/// <param name="Code">Stable code, see <see cref="AnswerErrorCodes"/>.</param>
/// <param name="Message">Message in the requested language, saying what to fix.</param>
/// <param name="Blocking">True when the response cannot be accepted until fixed.</param>
/// <param name="Tampering">True when no honest form can produce it (hidden items, unknown ids or codes).</param>
/// <param name="SectionId">The section of the item, or null when the item is unknown.</param>
public sealed record AnswerProblem(string ItemId, string? UnitCode, string Code, string Message, bool Blocking, bool Tampering, string? SectionId);

/// <summary>The outcome of checking a response.</summary>
public sealed class AnswerCheckResult
{
    internal AnswerCheckResult(IReadOnlyList<AnswerProblem> problems, ResponseData cleaned, FormState state)
    {
        Problems = problems;
        Cleaned = cleaned;
        State = state;
    }

    /// <summary>Every problem, in document order.</summary>
    public IReadOnlyList<AnswerProblem> Problems { get; }

    /// <summary>The problems the respondent must fix.</summary>
    public IEnumerable<AnswerProblem> Errors => Problems.Where(p => p.Blocking);

    /// <summary>The problems no honest form produces.</summary>
    public IEnumerable<AnswerProblem> Tampering => Problems.Where(p => p.Tampering);

    /// <summary>True when there is no blocking problem.</summary>
    public bool IsValid => !Problems.Any(p => p.Blocking);

    /// <summary>True when some problem indicates a forged or stale post.</summary>
    public bool IsTampered => Problems.Any(p => p.Tampering);

    /// <summary>
    /// What to store: answers to relevant, known items only (trimmed; numbers and multiple choices
    /// normalised), plus the calculated values. Hidden, unknown and not-answerable values are dropped.
    /// </summary>
    public ResponseData Cleaned { get; }

    /// <summary>Visibility and calculated values the check was based on.</summary>
    public FormState State { get; }
}
