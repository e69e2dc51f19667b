using ParIndex.Core.Domain;

namespace ParIndex.Core.SelfAssessment;

public enum PeriodKind
{
    /// <summary>Kỳ 6 tháng đầu năm: appraised in July.</summary>
    HalfYear = 0,
    /// <summary>Kỳ năm: appraised in January of the next year.</summary>
    Year = 1,
}

/// <summary>
/// An appraisal period of a round (the 2026 plan has two: the first half-year and the year) with its deadlines and
/// the bonus/penalty items of the method in force.
/// </summary>
public sealed class AssessmentPeriod
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public PeriodKind Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>Last day (Hanoi time) a unit may submit its self-assessment.</summary>
    public DateOnly SubmissionDeadline { get; set; }

    /// <summary>Day the working group should finish round 1 for every unit (overdue after it).</summary>
    public DateOnly AppraisalDeadline { get; set; }

    /// <summary>Working days a unit has, after round 1 is sent to it, to explain and add evidence.</summary>
    public int ExplanationWorkingDays { get; set; } = 3;

    public DateTime CreatedAt { get; set; }
    public List<AdjustmentItem> AdjustmentItems { get; set; } = [];
}

/// <summary>A bonus (điểm thưởng) or penalty (điểm trừ) item the 2025 method adds beside the criteria tree.</summary>
public sealed class AdjustmentItem
{
    public int Id { get; set; }
    public int PeriodId { get; set; }
    /// <summary>Stable code such as "T1" (bonus) or "P1" (penalty); unique in the period, distinct from criterion codes.</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public ScoreLineKind Kind { get; set; }
    public decimal MaxPoints { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>A unit's self-assessment in one period and its appraisal: the state and every step's time.</summary>
public sealed class UnitAssessment
{
    public int Id { get; set; }
    public int PeriodId { get; set; }
    public AssessmentPeriod? Period { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public AssessmentState State { get; set; }

    /// <summary>A later submission deadline the working group granted this unit (null: the period's).</summary>
    public DateOnly? ExtendedSubmissionDeadline { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTime? Round1CompletedAt { get; set; }
    public string? Round1By { get; set; }
    /// <summary>Last day (Hanoi time) the unit may explain: the send day plus the period's working days.</summary>
    public DateOnly? ExplanationDeadline { get; set; }
    public DateTime? ExplainedAt { get; set; }
    public string? ExplainedBy { get; set; }
    public DateTime? Round2CompletedAt { get; set; }
    public string? Round2By { get; set; }
    public DateTime? ApprovedAt { get; set; }
    public string? ApprovedBy { get; set; }
    /// <summary>The council's decision or minutes that approved the result (số quyết định / biên bản).</summary>
    public string? CouncilDecision { get; set; }

    /// <summary>Optimistic concurrency: two appraisers saving the same assessment do not overwrite each other silently.</summary>
    public int Version { get; set; }

    public List<AssessmentScore> Scores { get; set; } = [];

    public DateOnly SubmissionDeadline(AssessmentPeriod period) => ExtendedSubmissionDeadline ?? period.SubmissionDeadline;

    /// <summary>The appraisal total by one stage's points (see <see cref="ScoreBounds.Total"/>), e.g. <c>Total(s => s.Round2Points)</c>.</summary>
    public decimal Total(Func<AssessmentScore, decimal?> pick) =>
        ScoreBounds.Total(Scores.Select(s => new ScoreLine(s.Code, s.Kind, s.MaxPoints, pick(s))));

    /// <summary>Moves to the next state (or throws) and bumps <see cref="Version"/>.</summary>
    public void Move(AssessmentStep step)
    {
        State = AssessmentWorkflow.Next(State, step);
        Version++;
    }
}

/// <summary>
/// One scored line (sub-criterion or bonus/penalty item) of a unit's assessment: the unit's score and justification,
/// round 1 (accepted or adjusted with a reason), the unit's explanation, and round 2.
/// </summary>
public sealed class AssessmentScore
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public required string Code { get; set; }
    public ScoreLineKind Kind { get; set; }
    public decimal MaxPoints { get; set; }

    public decimal? SelfPoints { get; set; }
    public string? Justification { get; set; }

    public decimal? Round1Points { get; set; }
    public string? Round1Reason { get; set; }

    public string? Explanation { get; set; }

    public decimal? Round2Points { get; set; }
    public string? Round2Reason { get; set; }

    /// <summary>True when round 1 changed the unit's score.</summary>
    public bool AdjustedInRound1 => Round1Points is not null && Round1Points != SelfPoints;

    /// <summary>The appraised score as it stands: round 2, else round 1, else the unit's own.</summary>
    public decimal? CurrentPoints => Round2Points ?? Round1Points ?? SelfPoints;
}

/// <summary>An evidence document (tài liệu kiểm chứng) attached to one line of a unit's assessment.</summary>
public sealed class EvidenceFile
{
    public int Id { get; set; }
    public int AssessmentId { get; set; }
    public required string Code { get; set; }
    /// <summary>The name the unit gave the file (shown, never used as a path).</summary>
    public required string FileName { get; set; }
    /// <summary>The type decided from the file's first bytes, not from what the browser claimed.</summary>
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required string Sha256 { get; set; }
    /// <summary>Random name of the stored file in the evidence directory (outside the web root).</summary>
    public required string StorageName { get; set; }
    /// <summary>The state the assessment was in when the file was added (Draft: with the self-assessment; ExplanationOpen: with the explanation).</summary>
    public AssessmentState AddedDuring { get; set; }
    public DateTime UploadedAt { get; set; }
    public required string UploadedBy { get; set; }
}

/// <summary>A UnitReporter account's unit: the only unit whose assessments the account may see or edit.</summary>
public sealed class UnitReporterLink
{
    public int Id { get; set; }
    /// <summary>The Identity user id of the account (one unit per account).</summary>
    public required string UserId { get; set; }
    public int UnitId { get; set; }
    public Unit? Unit { get; set; }
    public DateTime CreatedAt { get; set; }
}
