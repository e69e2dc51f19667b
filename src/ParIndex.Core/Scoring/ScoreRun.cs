namespace ParIndex.Core.Scoring;

/// <summary>One version of a round's scoring configuration (<see cref="ScoringConfiguration"/> as canonical JSON). Versions are never edited: a change is a new version.</summary>
public sealed class ScoringConfigVersion
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int Version { get; set; }
    public required string Json { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A scoring of a round: which configuration version and engine it used, the SHA-256 of every input (responses,
/// design values, criteria, appraisal scores, configuration), who ran it and when, and the full result as JSON.
/// Running again on the same inputs gives the same hash and the same figures.
/// </summary>
public sealed class ScoreRun
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int ConfigVersion { get; set; }
    public required string InputHash { get; set; }
    public required string Engine { get; set; }
    public int ResponseCount { get; set; }
    public int RowCount { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public double DurationSeconds { get; set; }
    public required string ResultJson { get; set; }
}

/// <summary>An appraised self-assessment score (điểm thẩm định) of one unit on one appraisal sub-criterion, from appraisal round 1 or 2.</summary>
public sealed class AppraisedScore
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int UnitId { get; set; }
    public required string CriterionCode { get; set; }
    public int AppraisalRound { get; set; }
    public decimal Points { get; set; }
    public required string ImportedBy { get; set; }
    public DateTime ImportedAt { get; set; }
}
