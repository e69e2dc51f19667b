using System.Collections.Concurrent;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// Parsed questionnaire definitions, once per published version: a published version never changes (its content
/// hash is fixed at publishing), so every node may keep its own copy — no shared state needed. Drafts are parsed
/// each time.
/// </summary>
public static class PublishedDefinitions
{
    private static readonly ConcurrentDictionary<(int VersionId, string Hash), QuestionnaireDefinition> Parsed = new();

    public static QuestionnaireDefinition Of(QuestionnaireVersion version) =>
        version.Status == QuestionnaireVersionStatus.Published && version.ContentHash is { } hash
            ? Parsed.GetOrAdd((version.Id, hash), _ => QuestionnaireSerializer.FromJson(version.DefinitionJson))
            : QuestionnaireSerializer.FromJson(version.DefinitionJson);
}
