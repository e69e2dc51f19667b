using MathNet.Numerics.Distributions;

namespace ParIndex.Core.Estimation;

/// <summary>Reference distribution of a Wald interval.</summary>
public enum IntervalMethod
{
    /// <summary>Student t with the design degrees of freedom (R's <c>confint(m, df = degf(design))</c>).</summary>
    T,

    /// <summary>Standard normal (R's <c>confint(m)</c> default).</summary>
    Normal,
}

/// <summary>Interval for a proportion (R's <c>svyciprop</c> methods).</summary>
public enum ProportionIntervalMethod
{
    /// <summary>Wald interval on the logit scale, back-transformed (R's <c>"logit"</c> and <c>"xlogit"</c>).</summary>
    Logit,

    /// <summary>Korn–Graubard (1998) Clopper–Pearson with an effective sample size (R's <c>"beta"</c>).</summary>
    KornGraubard,

    /// <summary>Wald interval on the proportion scale (R's <c>"mean"</c>).</summary>
    Mean,

    /// <summary>Wilson score interval with effective sample size n* = p(1−p)/Var and a t quantile (no R counterpart in survey 4.1).</summary>
    Wilson,

    /// <summary>Wald interval on the arcsine-square-root scale, back-transformed (R's <c>"asin"</c>).</summary>
    ArcSine,
}

/// <summary>Confidence intervals for design-based estimates.</summary>
public static class ConfidenceIntervals
{
    /// <summary>
    /// Wald interval θ̂ ± q·SE, q = t_{df, 1−α/2} (<see cref="IntervalMethod.T"/>) or z_{1−α/2}.
    /// df ≤ 0 with <see cref="IntervalMethod.T"/> returns NaN bounds; NaN input returns NaN bounds.
    /// </summary>
    public static ConfidenceInterval Wald(double estimate, double standardError, double degreesOfFreedom, double level = 0.95, IntervalMethod method = IntervalMethod.T)
    {
        var q = Quantile(1 - (1 - level) / 2, degreesOfFreedom, method);
        return new ConfidenceInterval(estimate - q * standardError, estimate + q * standardError, level);
    }

    /// <summary>
    /// Interval for a proportion <paramref name="p"/> with design variance <paramref name="variance"/>:
    /// <list type="bullet">
    /// <item>Logit: expit(logit p ± t_{df} · SE/(p(1−p))) — R's svyciprop "logit" (svyglm quasibinomial Wald, which equals this delta method).</item>
    /// <item>KornGraubard: n* = p(1−p)/Var · (t_{n−1,α/2}/t_{df,α/2})², lower = Beta⁻¹(α/2; n*p, n*(1−p)+1), upper = Beta⁻¹(1−α/2; n*p+1, n*(1−p)), with n = <paramref name="rowCount"/> — R's "beta".</item>
    /// <item>Mean: p ± t_{df} SE.</item>
    /// <item>Wilson: (p + q²/2n* ± q √(p(1−p)/n* + q²/4n*²)) / (1 + q²/n*), q = t_{df}, n* = p(1−p)/Var.</item>
    /// <item>ArcSine: sin²(asin √p ± t_{df} · SE/(2√(p(1−p)))), the delta method on θ = asin √p (R's "asin");
    /// each bound is sin² of the bound on the θ scale, as R computes it (no clipping at 0 or π/2).</item>
    /// </list>
    /// p = 0 or 1 gives a degenerate logit interval (NaN) — use KornGraubard there, which returns [0, upper] or [lower, 1].
    /// </summary>
    public static ConfidenceInterval Proportion(double p, double variance, int degreesOfFreedom, int rowCount, double level = 0.95, ProportionIntervalMethod method = ProportionIntervalMethod.Logit)
    {
        var alpha = 1 - level;
        var se = Math.Sqrt(variance);
        switch (method)
        {
            case ProportionIntervalMethod.Logit:
                {
                    var q = StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - alpha / 2);
                    var eta = Math.Log(p / (1 - p));
                    var seEta = se / (p * (1 - p));
                    return new ConfidenceInterval(Expit(eta - q * seEta), Expit(eta + q * seEta), level);
                }

            case ProportionIntervalMethod.Mean:
                return Wald(p, se, degreesOfFreedom, level, IntervalMethod.T);

            case ProportionIntervalMethod.KornGraubard:
                {
                    var nEff = p * (1 - p) / variance;
                    var ratio = StudentT.InvCDF(0, 1, rowCount - 1, alpha / 2) / StudentT.InvCDF(0, 1, degreesOfFreedom, alpha / 2);
                    nEff *= ratio * ratio;
                    if (!(nEff > 0 && double.IsFinite(nEff)))
                    {
                        // Zero or undefined variance (e.g. p = 0 in every PSU): R's qbeta returns NaN here too.
                        return new ConfidenceInterval(p <= 0 ? 0.0 : double.NaN, p >= 1 ? 1.0 : double.NaN, level);
                    }

                    var lower = p <= 0 ? 0.0 : Beta.InvCDF(nEff * p, nEff * (1 - p) + 1, alpha / 2);
                    var upper = p >= 1 ? 1.0 : Beta.InvCDF(nEff * p + 1, nEff * (1 - p), 1 - alpha / 2);
                    return new ConfidenceInterval(lower, upper, level);
                }

            case ProportionIntervalMethod.Wilson:
                {
                    var q = StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - alpha / 2);
                    var n = p * (1 - p) / variance;
                    var q2 = q * q;
                    var centre = p + q2 / (2 * n);
                    var half = q * Math.Sqrt(p * (1 - p) / n + q2 / (4 * n * n));
                    var denom = 1 + q2 / n;
                    return new ConfidenceInterval((centre - half) / denom, (centre + half) / denom, level);
                }

            case ProportionIntervalMethod.ArcSine:
                {
                    var q = StudentT.InvCDF(0, 1, degreesOfFreedom, 1 - alpha / 2);
                    var theta = Math.Asin(Math.Sqrt(p));
                    var seTheta = se / (2 * Math.Sqrt(p * (1 - p)));
                    var lower = Math.Sin(theta - q * seTheta);
                    var upper = Math.Sin(theta + q * seTheta);
                    return new ConfidenceInterval(lower * lower, upper * upper, level);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(method));
        }
    }

    /// <summary>Proportion interval for an estimate from <see cref="SurveyDesign.Proportion"/> or <see cref="SurveyDesign.Mean"/> of a 0/1 variable.</summary>
    public static ConfidenceInterval Proportion(SurveyEstimate estimate, double level = 0.95, ProportionIntervalMethod method = ProportionIntervalMethod.Logit) =>
        Proportion(estimate.Estimate, estimate.Variance, estimate.DegreesOfFreedom, estimate.RowCount, level, method);

    /// <summary>
    /// Proportion interval for a replicate-variance estimate (mean of a 0/1 variable from a <see cref="ReplicateDesign"/>).
    /// KornGraubard and Mean match R's svyciprop "beta" and "mean" on replicate designs, and Logit matches "xlogit"
    /// (R's "logit" refits a GLM in every replicate: use <see cref="ReplicateDesign.LogitInterval"/> for that).
    /// </summary>
    public static ConfidenceInterval Proportion(ReplicateEstimate estimate, double level = 0.95, ProportionIntervalMethod method = ProportionIntervalMethod.Logit)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        return Proportion(estimate.Estimate, estimate.Variance, estimate.DegreesOfFreedom, estimate.RowCount, level, method);
    }

    private static double Quantile(double probability, double df, IntervalMethod method) => method switch
    {
        IntervalMethod.Normal => Normal.InvCDF(0, 1, probability),
        _ when df <= 0 || double.IsNaN(df) => double.NaN,
        _ => StudentT.InvCDF(0, 1, df, probability),
    };

    private static double Expit(double x) => 1 / (1 + Math.Exp(-x));
}
