namespace ParIndex.Core.Domain;

public enum RoundStatus
{
    /// <summary>Being set up: structure (units, groups, criteria) may change freely.</summary>
    Draft = 0,
    /// <summary>Collecting responses.</summary>
    Fieldwork = 1,
    /// <summary>Fieldwork over; scoring under way.</summary>
    Closed = 2,
    /// <summary>Scores published; nothing changes any more.</summary>
    Published = 3,
}

/// <summary>A survey round (đợt điều tra): one year's index with its units, groups, criteria and questionnaires.</summary>
public sealed class Round
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public int Year { get; set; }

    /// <summary>Start of the period respondents are asked about (usually 1 January).</summary>
    public DateOnly PeriodStart { get; set; }

    /// <summary>End of the period respondents are asked about (the survey date).</summary>
    public DateOnly PeriodEnd { get; set; }

    public DateOnly? FieldworkStart { get; set; }
    public DateOnly? FieldworkEnd { get; set; }
    public RoundStatus Status { get; set; }

    /// <summary>Points of the 100-point index that come from the sociological survey (e.g. 30).</summary>
    public decimal SurveyPoints { get; set; }

    /// <summary>Points that come from the appraised self-assessment (e.g. 70).</summary>
    public decimal AppraisalPoints { get; set; }

    public int? CopiedFromRoundId { get; set; }
    public DateTime CreatedAt { get; set; }

    public List<UnitType> UnitTypes { get; set; } = [];
    public List<Unit> Units { get; set; } = [];
    public List<RespondentGroup> RespondentGroups { get; set; } = [];
    public List<Criterion> Criteria { get; set; } = [];

    /// <summary>Structure (units, groups, criteria) is frozen once any response exists or the round left Draft/Fieldwork.</summary>
    public bool IsClosedForEdits => Status is RoundStatus.Closed or RoundStatus.Published;
}
