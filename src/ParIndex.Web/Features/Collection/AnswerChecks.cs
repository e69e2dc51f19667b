using System.Collections.Concurrent;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Web.Features.Collection;

/// <summary>One refused answer: the item (and unit, in a grid), a stable code and a message for the respondent.</summary>
public sealed record AnswerError(string ItemId, string? UnitCode, string Code, string Message);

/// <summary>
/// Server-side checks of a submission against its questionnaire version, through the questionnaire engine.
/// Answers to items that skip logic hid are dropped (a respondent with JavaScript off may have answered before
/// changing an earlier answer), but anything no honest form can send — unknown items or units, values for
/// calculations — refuses the whole submission.
/// </summary>
public static class AnswerChecks
{
    // Parsing a definition's expressions is done once per published version, not per submission.
    private static readonly ConcurrentDictionary<string, AnswerEngine> Engines = new();

    /// <summary>
    /// Codes of answers no honest form sends (an unknown item or unit, a value for a calculation): a post carrying one is
    /// tampered with and refused whole, on every path.
    /// </summary>
    private static readonly HashSet<string> Tampered = [AnswerErrorCodes.UnknownItem, AnswerErrorCodes.UnknownUnit, AnswerErrorCodes.NotAnswerable];

    public static bool IsTampered(string code) => Tampered.Contains(code);

    public static AnswerEngine EngineFor(QuestionnaireDefinition definition, string? contentHash) =>
        contentHash is null ? AnswerEngine.Create(definition) : Engines.GetOrAdd(contentHash, _ => AnswerEngine.Create(definition));

    public static (IReadOnlyList<AnswerError> Errors, ResponseData Cleaned) Check(AnswerEngine engine, ResponseData data, IReadOnlyList<RatedUnit> units, string language)
    {
        var result = engine.Validate(data, units, language);
        var errors = result.Problems.Where(p => p.Blocking || IsTampered(p.Code))
            .Select(p => new AnswerError(p.ItemId, p.UnitCode, p.Code, p.Message)).ToList();
        return (errors, result.Cleaned);
    }
}
