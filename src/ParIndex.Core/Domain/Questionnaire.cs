namespace ParIndex.Core.Domain;

/// <summary>A questionnaire (mẫu phiếu) for one respondent group of a round; its content lives in versions.</summary>
public sealed class Questionnaire
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int RespondentGroupId { get; set; }
    public RespondentGroup? RespondentGroup { get; set; }
    public required string Code { get; set; }
    public required string Title { get; set; }
    public List<QuestionnaireVersion> Versions { get; set; } = [];
}

public enum QuestionnaireVersionStatus
{
    Draft = 0,
    Published = 1,
    Retired = 2,
}

/// <summary>
/// One version of a questionnaire's definition. Publishing freezes it (content hash); a published version never
/// changes, so responses always keep the exact questions they were answered on.
/// </summary>
public sealed class QuestionnaireVersion
{
    public int Id { get; set; }
    public int QuestionnaireId { get; set; }
    public Questionnaire? Questionnaire { get; set; }
    public int Number { get; set; }
    public QuestionnaireVersionStatus Status { get; set; }

    /// <summary>The definition as canonical JSON (see docs/questionnaire-format.md).</summary>
    public required string DefinitionJson { get; set; }

    /// <summary>SHA-256 of the canonical JSON, set when published.</summary>
    public string? ContentHash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? PublishedAt { get; set; }

    public void Publish(string contentHash, DateTime now)
    {
        if (Status != QuestionnaireVersionStatus.Draft)
            throw new DomainException("questionnaire-not-draft", $"Version {Number} is {Status}; only a draft can be published.");
        ContentHash = contentHash;
        Status = QuestionnaireVersionStatus.Published;
        PublishedAt = now;
    }

    public void ReplaceDefinition(string definitionJson)
    {
        if (Status != QuestionnaireVersionStatus.Draft)
            throw new DomainException("questionnaire-frozen", $"Version {Number} is {Status} and frozen; edit a new draft version instead.");
        DefinitionJson = definitionJson;
    }
}
