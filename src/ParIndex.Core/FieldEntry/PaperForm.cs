using ParIndex.Core.Domain;

namespace ParIndex.Core.FieldEntry;

public enum PaperFormStatus
{
    /// <summary>Keyed once and drawn for verification: waits for a blind second keying by someone else.</summary>
    AwaitingSecondEntry = 0,
    /// <summary>The two keyings differ: waits for a supervisor to resolve each discrepancy from the paper.</summary>
    AwaitingResolution = 1,
    /// <summary>Accepted (verified, or not drawn for verification): its response is submitted and counts.</summary>
    Verified = 2,
}

/// <summary>
/// A paper questionnaire of one sample member going through keying. Its answers become the member's one
/// <see cref="Response"/> (Mode Paper), which stays InProgress — not counted — until the form is verified.
/// </summary>
public sealed class PaperForm
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public int RespondentId { get; set; }
    public long ResponseId { get; set; }
    public int? BatchId { get; set; }
    public int QuestionnaireVersionId { get; set; }
    public PaperFormStatus Status { get; set; }
    public VerificationReason VerificationReason { get; set; }

    /// <summary>The uniform draw used by the sampling rule (kept so the selection can be audited).</summary>
    public double SampleDraw { get; set; }

    /// <summary>Fields keyed by either keying when the two were compared (the denominator of the keyers' error rates); 0 if keyed once.</summary>
    public int ComparedFields { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? VerifiedAt { get; set; }
    public string? VerifiedBy { get; set; }
    public List<KeyedEntry> Entries { get; set; } = [];
    public List<Discrepancy> Discrepancies { get; set; } = [];

    public KeyedEntry? First => Entries.FirstOrDefault(e => e.Pass == 1);
    public KeyedEntry? Second => Entries.FirstOrDefault(e => e.Pass == 2);

    /// <summary>A blind second keying must come from another staff member than the first.</summary>
    public void EnsureCanKeySecond(string keyerId)
    {
        if (Status != PaperFormStatus.AwaitingSecondEntry)
            throw new DomainException("field-not-awaiting-verification", "This form is not waiting for a second keying.");
        if (First?.KeyedByUserId == keyerId)
            throw new DomainException("field-same-keyer", "The second keying must be done by another staff member.");
    }

    /// <summary>Fields compared and errors of one keying, judged against the supervisor's paper values; (0, 0) unless verified after two keyings.</summary>
    public (int Compared, int Errors) AccuracyOf(KeyedEntry entry)
    {
        if (Status != PaperFormStatus.Verified || First is null || Second is null) return (0, 0);
        var errors = Discrepancies.Count(d => d.ResolvedValue is { } paper
            && (entry.Pass == 1 ? FormComparison.Attribute(d.FirstValue, d.SecondValue, paper).FirstWrong : FormComparison.Attribute(d.FirstValue, d.SecondValue, paper).SecondWrong));
        return (ComparedFields, errors);
    }

    public void MarkVerified(DateTime now, string by)
    {
        Status = PaperFormStatus.Verified;
        VerifiedAt = now;
        VerifiedBy = by;
    }
}

/// <summary>One keying of a paper form (pass 1, or the blind pass 2), by one field staff member, as keyed.</summary>
public sealed class KeyedEntry
{
    public long Id { get; set; }
    public int PaperFormId { get; set; }
    public int Pass { get; set; }

    /// <summary>The keyer's staff account id (field staff id, for monitoring and statistics).</summary>
    public required string KeyedByUserId { get; set; }

    /// <summary>The keyer's sign-in name, as in the audit log.</summary>
    public required string KeyedBy { get; set; }

    public DateTime StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }

    /// <summary>Answered fields in this keying.</summary>
    public int FieldCount { get; set; }

    /// <summary>The keyed answers after the questionnaire engine's checks, as <c>ResponseData</c> JSON.</summary>
    public required string DataJson { get; set; }
}

/// <summary>A field where the two keyings differ, and how a supervisor resolved it from the paper.</summary>
public sealed class Discrepancy
{
    public long Id { get; set; }
    public int PaperFormId { get; set; }
    public required string ItemId { get; set; }
    public string? UnitCode { get; set; }
    public required string FirstValue { get; set; }
    public required string SecondValue { get; set; }
    public string? ResolvedValue { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? Reason { get; set; }
    public bool IsResolved => ResolvedAt is not null;
}

/// <summary>A batch of paper forms received from the field (e.g. one commune's envelope), with the count expected.</summary>
public sealed class FormBatch
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public required string Label { get; set; }
    public int? UnitId { get; set; }
    public int? RespondentGroupId { get; set; }
    public int ExpectedCount { get; set; }
    public DateTime ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
    public string? Note { get; set; }
}

/// <summary>What a field staff member may key: the members of a unit, of a respondent group, or of a group within a unit.</summary>
public sealed class FieldAssignment
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public required string StaffUserId { get; set; }
    public int? UnitId { get; set; }
    public int? RespondentGroupId { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    public bool Covers(Respondent r) =>
        (UnitId is null || UnitId == r.UnitId) && (RespondentGroupId is null || RespondentGroupId == r.RespondentGroupId);
}

/// <summary>The verification policy of a round (see <see cref="VerificationPolicy"/>).</summary>
public sealed class FieldEntrySettings
{
    public int RoundId { get; set; }
    public bool VerifyAll { get; set; } = true;
    public double SamplePercent { get; set; } = 20;
    public double ErrorRateThreshold { get; set; } = 0.01;
    public int MinFieldsForRate { get; set; } = 100;

    public VerificationPolicy Policy => new(VerifyAll, SamplePercent, ErrorRateThreshold, MinFieldsForRate);
}
