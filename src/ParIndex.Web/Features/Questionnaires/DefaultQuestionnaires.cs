using ParIndex.Core.Questionnaires;

namespace ParIndex.Web.Features.Questionnaires;

/// <summary>
/// The default questionnaires shipped inside the app (questionnaires/*.yaml, embedded): the designer starts a new
/// questionnaire from the one of its respondent group, and the demo round is seeded with them.
/// </summary>
public static class DefaultQuestionnaires
{
    /// <summary>Every embedded default questionnaire, parsed, in file-name order.</summary>
    public static IEnumerable<QuestionnaireDefinition> All()
    {
        var assembly = typeof(DefaultQuestionnaires).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("questionnaires/", StringComparison.Ordinal)).Order())
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return QuestionnaireSerializer.FromYaml(reader.ReadToEnd());
        }
    }
}
