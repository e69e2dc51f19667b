namespace ParIndex.Core.Estimation;

/// <summary>
/// A design-based point estimate with its variance.
/// </summary>
/// <param name="Estimate">The point estimate (NaN when the domain is empty or has zero weight).</param>
/// <param name="Variance">Design variance (Taylor linearisation or replicates).</param>
/// <param name="DegreesOfFreedom">Design degrees of freedom used for t intervals (PSUs − strata in the domain, or replicate df).</param>
/// <param name="DesignEffect">Design-based deff = Var / Var_SRSWOR (R's <c>deff = TRUE</c>); NaN when not computed.</param>
/// <param name="DesignEffectWithReplacement">Var / Var_SRSWR (R's <c>deff = "replace"</c>); NaN when not computed.</param>
/// <param name="RowCount">Rows with a non-zero weight in the domain.</param>
public readonly record struct SurveyEstimate(
    double Estimate,
    double Variance,
    int DegreesOfFreedom,
    double DesignEffect,
    double DesignEffectWithReplacement,
    int RowCount)
{
    /// <summary>Standard error √Variance.</summary>
    public double StandardError => Math.Sqrt(Variance);

    /// <summary>Coefficient of variation SE / |estimate|.</summary>
    public double CoefficientOfVariation => StandardError / Math.Abs(Estimate);

    /// <summary>Wald interval estimate ± q·SE with q from Student t (design df) or the normal; see <see cref="ConfidenceIntervals.Wald"/>.</summary>
    public ConfidenceInterval ConfidenceInterval(double level = 0.95, IntervalMethod method = IntervalMethod.T) =>
        ConfidenceIntervals.Wald(Estimate, StandardError, DegreesOfFreedom, level, method);
}

/// <summary>A confidence interval.</summary>
public readonly record struct ConfidenceInterval(double Lower, double Upper, double Level);
