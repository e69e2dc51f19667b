using ParIndex.Core.Scoring;

namespace ParIndex.Core.Publication;

/// <summary>One predecessor unit's part in a unit of this round: its share a_j and its published figure with standard error.</summary>
public readonly record struct MappedPart(double Share, double Value, double StandardError);

/// <summary>Last year's figure for a unit of this round: the share-weighted combination of the predecessor units it came from.</summary>
public sealed record Baseline(double Value, double StandardError, int Parts);

/// <summary>
/// A change since last year: Δ = θ̂_t − θ̂_{t−1} with its standard error and interval. <see cref="Significant"/> when the
/// interval excludes 0 (the change is distinguishable from sampling error at the stated level).
/// </summary>
public sealed record ChangeEstimate(double Previous, double PreviousStandardError, double Current, double CurrentStandardError,
    double Difference, double StandardError, double Lower, double Upper)
{
    public bool Significant => Lower > 0 || Upper < 0;
}

/// <summary>
/// The change-since-last-year estimator (docs/publication.md § Change since last year). Both years are independent samples.
/// <list type="bullet">
/// <item><b>Baseline</b> of unit u from predecessor units j with shares a_uj (Σ_j a_uj = 1; a merged unit has several parts, a
/// unit split off an old one has that one part): θ̂_{t−1}(u) = Σ_j a_uj θ̂_j, V̂ = Σ_j a_uj² SE_j² — the parts' estimates are
/// treated as independent (each unit's citizens are sampled on their own; officials rating several units make their errors
/// positively correlated, so for a merged unit's index this V̂ is a lower bound: see the docs).</item>
/// <item><b>Change</b>: Δ̂ = θ̂_t − θ̂_{t−1}(u), SE(Δ̂) = √(SE_t² + V̂) (independent samples in the two years), interval
/// Δ̂ ± z_{1−α/2} SE(Δ̂) with the normal quantile (a difference of two design-based estimates with different designs has no
/// single df).</item>
/// </list>
/// A part without a published value (withheld under k, or missing) leaves the baseline undefined: a withheld figure never enters
/// another one (docs/methodology.md § 11, rule 3).
/// </summary>
public static class ChangeEstimator
{
    /// <summary>How far the shares of one unit may sum from 1 (a CSV of shares with four decimals).</summary>
    public const double ShareTolerance = 1e-4;

    /// <summary>The baseline of one unit, or null when there is no part, a part has no value, or the shares do not sum to 1.</summary>
    public static Baseline? Combine(IReadOnlyList<MappedPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) return null;
        double value = 0, variance = 0, total = 0;
        foreach (var p in parts)
        {
            if (!double.IsFinite(p.Value) || !double.IsFinite(p.StandardError) || p.StandardError < 0 || !(p.Share > 0 && p.Share <= 1)) return null;
            value += p.Share * p.Value;
            variance += p.Share * p.Share * p.StandardError * p.StandardError;
            total += p.Share;
        }
        return Math.Abs(total - 1) > ShareTolerance ? null : new Baseline(value, Math.Sqrt(variance), parts.Count);
    }

    /// <summary>The change from <paramref name="previous"/> to the current estimate, with its interval at <paramref name="level"/>.</summary>
    public static ChangeEstimate? Change(double current, double currentStandardError, Baseline? previous, double level)
    {
        if (previous is null || !double.IsFinite(current) || !double.IsFinite(currentStandardError) || currentStandardError < 0) return null;
        var difference = current - previous.Value;
        var se = Math.Sqrt(currentStandardError * currentStandardError + previous.StandardError * previous.StandardError);
        var z = ShareInterval.Quantile(0, level);
        return new ChangeEstimate(previous.Value, previous.StandardError, current, currentStandardError, difference, se, difference - z * se, difference + z * se);
    }
}
