namespace ParIndex.Core.FieldEntry;

/// <summary>
/// Which keyed forms are keyed a second time. <see cref="VerifyAll"/>: every form (100% verification). Otherwise a
/// random <see cref="SamplePercent"/>% of each keyer's forms, and every form of a keyer whose error rate over at least
/// <see cref="MinFieldsForRate"/> verified fields exceeds <see cref="ErrorRateThreshold"/> (escalation to 100%).
/// </summary>
public sealed record VerificationPolicy(bool VerifyAll = true, double SamplePercent = 20, double ErrorRateThreshold = 0.01, int MinFieldsForRate = 100)
{
    public static VerificationPolicy Default { get; } = new();

    /// <summary>A description of what is invalid, or null: percent in [0, 100], threshold in [0, 1], minimum ≥ 0.</summary>
    public string? Problem =>
        SamplePercent is < 0 or > 100 || double.IsNaN(SamplePercent) ? "sample-percent"
        : ErrorRateThreshold is < 0 or > 1 || double.IsNaN(ErrorRateThreshold) ? "error-threshold"
        : MinFieldsForRate < 0 ? "min-fields" : null;
}

/// <summary>A keyer's verified record so far: fields of theirs checked against a second keying, and errors found among them.</summary>
public readonly record struct KeyerRecord(long FieldsVerified, long Errors)
{
    /// <summary>Errors / fields verified; NaN when nothing was verified yet.</summary>
    public double ErrorRate => FieldsVerified == 0 ? double.NaN : (double)Errors / FieldsVerified;
}

public enum VerificationReason
{
    /// <summary>The policy verifies every form.</summary>
    All,
    /// <summary>Drawn in the keyer's random sample.</summary>
    Sampled,
    /// <summary>The keyer's error rate is above the threshold: every form is verified.</summary>
    Escalated,
    /// <summary>Not drawn: the single keying is accepted.</summary>
    NotSampled,
}

public sealed record VerificationDecision(bool Verify, VerificationReason Reason);

public static class VerificationRule
{
    /// <summary>True when the keyer's error rate, measured on at least <c>MinFieldsForRate</c> fields, exceeds the threshold.</summary>
    public static bool IsEscalated(VerificationPolicy policy, KeyerRecord record) =>
        record.FieldsVerified > 0 && record.FieldsVerified >= policy.MinFieldsForRate && record.ErrorRate > policy.ErrorRateThreshold;

    /// <summary>
    /// Decides whether a form just keyed by a keyer with <paramref name="record"/> is keyed again.
    /// <paramref name="draw"/> is a uniform random number in [0, 1); the form is sampled when draw &lt; percent/100,
    /// so each form is drawn independently with probability x% (a Bernoulli sample per keyer).
    /// </summary>
    public static VerificationDecision Decide(VerificationPolicy policy, KeyerRecord record, double draw)
    {
        if (draw is < 0 or >= 1 || double.IsNaN(draw)) throw new ArgumentOutOfRangeException(nameof(draw), "The draw must be in [0, 1).");
        if (policy.VerifyAll) return new(true, VerificationReason.All);
        if (IsEscalated(policy, record)) return new(true, VerificationReason.Escalated);
        return draw < policy.SamplePercent / 100 ? new(true, VerificationReason.Sampled) : new(false, VerificationReason.NotSampled);
    }
}
