namespace ParIndex.Core.Monitoring;

/// <summary>
/// A contact outcome recorded by staff for a sample member (refusal, non-contact, ineligible …). History is kept:
/// the latest record counts. <see cref="FieldStaffId"/> names the field staff member who made the attempt (the keying
/// and field-entry work of issue #7 records its own attempts here too), so the dashboard can drill down by staff.
/// </summary>
public sealed class RecordedDisposition
{
    public long Id { get; set; }
    public int RoundId { get; set; }
    public int RespondentId { get; set; }
    public Disposition Disposition { get; set; }
    public string? Note { get; set; }
    /// <summary>The staff member who made the contact attempt, if not the recorder.</summary>
    public string? FieldStaffId { get; set; }
    public required string RecordedBy { get; set; }
    public DateTime RecordedAt { get; set; }
}

public enum QualityFlagStatus
{
    /// <summary>Raised, waiting for a supervisor.</summary>
    Open = 0,
    /// <summary>Reviewed: the response stays in the data.</summary>
    Cleared = 1,
    /// <summary>Reviewed: the supervisor confirms the problem (the response is excluded by the scoring run's rules, not deleted).</summary>
    Confirmed = 2,
}

/// <summary>A quality flag on a response; never deletes or hides the response.</summary>
public sealed class QualityFlag
{
    public long Id { get; set; }
    public int RoundId { get; set; }
    public long ResponseId { get; set; }
    public QualityFlagKind Kind { get; set; }
    public required string Detail { get; set; }
    public double Measure { get; set; }
    public long? RelatedResponseId { get; set; }
    public DateTime RaisedAt { get; set; }
    public QualityFlagStatus Status { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewNote { get; set; }

    public void Review(bool confirmed, string by, string? note, DateTime now)
    {
        Status = confirmed ? QualityFlagStatus.Confirmed : QualityFlagStatus.Cleared;
        ReviewedBy = by;
        ReviewNote = note;
        ReviewedAt = now;
    }
}

/// <summary>Fieldwork dates and the expected progress of a round, for the dashboard's alerts.</summary>
public sealed class FieldworkPlan
{
    public int RoundId { get; set; }
    public DateTime FieldworkStart { get; set; }
    public DateTime FieldworkEnd { get; set; }
    /// <summary>Share of the designed sample expected completed at the end (e.g. 0.9).</summary>
    public double TargetShare { get; set; } = 0.9;
    /// <summary>A cell lags below Tolerance × expected share.</summary>
    public double Tolerance { get; set; } = 0.8;
    public string? UpdatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }

    public ProgressCurve Curve => new(FieldworkStart, FieldworkEnd, TargetShare, Tolerance);
}
