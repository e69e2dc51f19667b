using System.Collections.Concurrent;
using ParIndex.Core.Estimation;

namespace ParIndex.Core.Scoring;

/// <summary>
/// The confidence interval of a share θ ∈ [0, 1] — a top-box proportion, a mean of scores rescaled to [0, 1], a mean of
/// such shares — on the logit scale: expit(logit θ̂ ± q · SE/(θ̂(1 − θ̂))), q = t_{df, 1−α/2} (z_{1−α/2} when the domain
/// has no design degrees of freedom). For a top-box proportion this is R's <c>svyciprop(method = "logit")</c>; for a mean
/// of [0, 1] scores it is the same delta-method interval (what <c>svyciprop</c> computes when given such a variable). It
/// never leaves [0, 1], so a percentage's interval never passes 0 % or 100 %. At θ̂ = 0 or 1 — on [0, 1] scores only when
/// every respondent gave the end value, so the linearised variance is 0 — the interval is the point itself.
/// </summary>
public static class ShareInterval
{
    private static readonly ConcurrentDictionary<(int, double), double> Quantiles = new();

    /// <summary>
    /// The interval of <paramref name="share"/> with standard error <paramref name="standardError"/> and design df
    /// <paramref name="degreesOfFreedom"/> (below 1: the normal quantile). Null bounds when the standard error is not a
    /// number (no variance could be estimated).
    /// </summary>
    public static (double? Lower, double? Upper) Of(double share, double standardError, int degreesOfFreedom, double level)
    {
        if (double.IsNaN(share) || double.IsNaN(standardError)) return (null, null);
        var p = Math.Clamp(share, 0, 1);
        if (standardError <= 0 || p <= 0 || p >= 1) return (p, p);
        var q = Quantile(degreesOfFreedom, level);
        var eta = Math.Log(p / (1 - p));
        var seEta = standardError / (p * (1 - p));
        return (Expit(eta - q * seEta), Expit(eta + q * seEta));
    }

    /// <summary>t_{df, 1−α/2} (cached: thousands of cells share a handful of df), or z_{1−α/2} when df &lt; 1.</summary>
    public static double Quantile(int degreesOfFreedom, double level) =>
        Quantiles.GetOrAdd((Math.Max(0, degreesOfFreedom), level), key => key.Item1 >= 1
            ? ConfidenceIntervals.Wald(0, 1, key.Item1, key.Item2, IntervalMethod.T).Upper
            : ConfidenceIntervals.Wald(0, 1, 1, key.Item2, IntervalMethod.Normal).Upper);

    private static double Expit(double x) => 1 / (1 + Math.Exp(-x));
}
