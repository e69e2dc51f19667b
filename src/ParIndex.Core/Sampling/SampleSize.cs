using MathNet.Numerics.Distributions;

namespace ParIndex.Core.Sampling;

/// <summary>Which sample-size formula to use. See docs/sampling.md § Sample size.</summary>
public enum SampleSizeFormula
{
    /// <summary>Yamane (1967): n = N / (1 + N·e²); assumes p = 0.5 and 95 % confidence implicitly.</summary>
    Yamane,
    /// <summary>Cochran (1977) for a proportion: n₀ = z²·p(1−p)/e², then the finite population correction.</summary>
    CochranProportion,
    /// <summary>Cochran (1977) for a mean: n₀ = z²·S²/e², then the finite population correction.</summary>
    CochranMean,
}

/// <summary>Inputs of a sample-size calculation.</summary>
/// <param name="Formula">The formula.</param>
/// <param name="PopulationSize">N (≥ 1); the finite population correction uses it.</param>
/// <param name="Margin">e: absolute margin of error (0.05 = ±5 points for a proportion; in the variable's units for a mean).</param>
/// <param name="Confidence">Two-sided confidence level, z = Φ⁻¹(1 − (1 − confidence)/2). Ignored by Yamane.</param>
/// <param name="Proportion">Anticipated p for Cochran-proportion (0.5 is the conservative choice).</param>
/// <param name="StdDev">Anticipated population standard deviation S for Cochran-mean.</param>
/// <param name="DesignEffect">deff ≥ 1 multiplies the simple-random-sampling size (clustering); 1 = none.</param>
/// <param name="ResponseRate">Expected response rate r ∈ (0, 1]; the issued size is n/r.</param>
public sealed record SampleSizeSpec(
    SampleSizeFormula Formula,
    int PopulationSize,
    double Margin,
    double Confidence = 0.95,
    double Proportion = 0.5,
    double StdDev = 0,
    double DesignEffect = 1,
    double ResponseRate = 1);

/// <summary>The result with every intermediate value, so the UI can show the formula at work.</summary>
/// <param name="Z">z used (NaN for Yamane).</param>
/// <param name="N0">Cochran's infinite-population size n₀ (NaN for Yamane).</param>
/// <param name="WithDesignEffect">Cochran: n₀·deff. Yamane: N/(1 + N·e²)·deff.</param>
/// <param name="Required">Cochran: n₀·deff / (1 + (n₀·deff − 1)/N). Yamane: as <paramref name="WithDesignEffect"/>. Capped at N. Not rounded.</param>
/// <param name="Completed">⌈Required⌉: completed questionnaires needed.</param>
/// <param name="Issued">⌈Required / r⌉ capped at N: units to draw (the official list).</param>
/// <param name="CappedAtPopulation">True when the issued size hit N (take a census of the cell).</param>
public sealed record SampleSizeResult(
    SampleSizeSpec Spec, double Z, double N0, double WithDesignEffect, double Required, int Completed, int Issued, bool CappedAtPopulation);

/// <summary>
/// Sample-size formulas (Cochran 1977, <i>Sampling Techniques</i>, §4.4 and §4.6; Yamane 1967).
/// Order of operations: n₀ → × deff → finite population correction → ÷ response rate → round up.
/// (The design effect inflates the effective n₀ before the correction, as in Kish 1965 §5.4, so the
/// corrected size never exceeds N.)
/// Rounding is always upwards (⌈x − 1e−9⌉, so 100.0000000001 from floating error stays 100).
/// </summary>
public static class SampleSize
{
    /// <summary>Yamane: n = N / (1 + N·e²). Not rounded.</summary>
    public static double Yamane(int populationSize, double margin)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(populationSize);
        CheckMargin(margin);
        return populationSize / (1 + populationSize * margin * margin);
    }

    /// <summary>Cochran for a proportion: n₀ = z²·p(1 − p)/e². Not rounded.</summary>
    public static double CochranProportion(double z, double proportion, double margin)
    {
        if (proportion is < 0 or > 1 || double.IsNaN(proportion)) throw new ArgumentOutOfRangeException(nameof(proportion), "p must be in [0, 1].");
        CheckMargin(margin);
        return z * z * proportion * (1 - proportion) / (margin * margin);
    }

    /// <summary>Cochran for a mean: n₀ = z²·S²/e². Not rounded.</summary>
    public static double CochranMean(double z, double stdDev, double margin)
    {
        if (stdDev < 0 || double.IsNaN(stdDev)) throw new ArgumentOutOfRangeException(nameof(stdDev), "S must be ≥ 0.");
        CheckMargin(margin);
        return z * z * stdDev * stdDev / (margin * margin);
    }

    /// <summary>Finite population correction: n = n₀ / (1 + (n₀ − 1)/N) (Cochran 1977, eq. 4.2).</summary>
    public static double FinitePopulationCorrection(double n0, int populationSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(populationSize);
        return n0 / (1 + (n0 - 1) / populationSize);
    }

    /// <summary>Two-sided normal quantile z = Φ⁻¹(1 − (1 − confidence)/2); 0.95 → 1.959964.</summary>
    public static double ZForConfidence(double confidence)
    {
        if (confidence is <= 0 or >= 1 || double.IsNaN(confidence)) throw new ArgumentOutOfRangeException(nameof(confidence), "Confidence must be in (0, 1).");
        return Normal.InvCDF(0, 1, 1 - (1 - confidence) / 2);
    }

    /// <summary>Rounds up, tolerating floating error of 1e−9.</summary>
    public static int RoundUp(double x) => (int)Math.Ceiling(x - 1e-9);

    /// <summary>Full calculation, see the class remarks for the order of operations.</summary>
    public static SampleSizeResult Compute(SampleSizeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.PopulationSize);
        if (spec.DesignEffect < 1 || double.IsNaN(spec.DesignEffect)) throw new ArgumentOutOfRangeException(nameof(spec), "Design effect must be ≥ 1.");
        if (spec.ResponseRate is <= 0 or > 1 || double.IsNaN(spec.ResponseRate)) throw new ArgumentOutOfRangeException(nameof(spec), "Response rate must be in (0, 1].");
        var N = spec.PopulationSize;
        double z = double.NaN, n0 = double.NaN, withDeff, required;
        switch (spec.Formula)
        {
            case SampleSizeFormula.Yamane:
                withDeff = Yamane(N, spec.Margin) * spec.DesignEffect;
                required = withDeff;
                break;
            case SampleSizeFormula.CochranProportion:
                z = ZForConfidence(spec.Confidence);
                n0 = CochranProportion(z, spec.Proportion, spec.Margin);
                withDeff = n0 * spec.DesignEffect;
                required = FinitePopulationCorrection(withDeff, N);
                break;
            case SampleSizeFormula.CochranMean:
                z = ZForConfidence(spec.Confidence);
                n0 = CochranMean(z, spec.StdDev, spec.Margin);
                withDeff = n0 * spec.DesignEffect;
                required = FinitePopulationCorrection(withDeff, N);
                break;
            default: throw new ArgumentOutOfRangeException(nameof(spec));
        }
        required = Math.Min(required, N);
        var completed = Math.Min(RoundUp(required), N);
        var issuedRaw = RoundUp(required / spec.ResponseRate);
        var issued = Math.Min(issuedRaw, N);
        return new SampleSizeResult(spec, z, n0, withDeff, required, completed, issued, issuedRaw >= N);
    }

    /// <summary>
    /// One calculation per (unit, group) cell with that cell's N: the institute's usual table, since
    /// every unit's index is reported separately.
    /// </summary>
    public static IReadOnlyList<SampleSizeCell> Table(IEnumerable<(string Unit, string Group, int PopulationSize)> cells, SampleSizeSpec template)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return cells.Select(c => new SampleSizeCell(c.Unit, c.Group, Compute(template with { PopulationSize = c.PopulationSize }))).ToList();
    }

    private static void CheckMargin(double margin)
    {
        if (margin <= 0 || double.IsNaN(margin) || double.IsInfinity(margin)) throw new ArgumentOutOfRangeException(nameof(margin), "Margin of error must be > 0.");
    }
}

/// <summary>One row of the per unit × group size table.</summary>
public sealed record SampleSizeCell(string Unit, string Group, SampleSizeResult Result);
