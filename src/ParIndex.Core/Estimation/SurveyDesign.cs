namespace ParIndex.Core.Estimation;

/// <summary>
/// A complex sample design: weights, strata, up to two stages of clusters, finite population
/// corrections and lonely-PSU handling, with R <c>survey</c> 4.1 semantics (<c>svydesign</c>,
/// <c>svyrecvar</c>). Immutable; weight adjustments return a new design. Estimators are in
/// <c>SurveyDesign.Estimators.cs</c>.
/// </summary>
/// <remarks>
/// Variance of an estimator with influence values z_i (Taylor linearisation, Lumley 2010 §2.3, Wolter 2007 ch. 6):
/// V = Σ_h f_h n_h/(n_h−1) Σ_i (z_hi − z̄_h)² + Σ_h (n_h/N_h) Σ_{i∈h} f_hi m_hi/(m_hi−1) Σ_j (z_hij − z̄_hi)²,
/// where z_hi are PSU totals, f_h = (N_h − n_h)/N_h (1 without fpc or with replacement) and the second
/// term (second stage) is present only when a second-stage fpc is given. Degrees of freedom = PSUs − strata.
/// </remarks>
public sealed partial class SurveyDesign
{
    private readonly double[] weights;
    private readonly int[] stratum;          // row -> stratum (0..H-1, sorted by code)
    private readonly int[] psu;              // row -> PSU (0..P-1)
    private readonly int[] psuStratum;       // PSU -> stratum
    private readonly int[] stratumPsuStart;  // PSUs of stratum h: psuByStratum[start[h] .. start[h+1])
    private readonly int[] psuByStratum;
    private readonly double[] popSize1;      // stratum -> N_h (∞ if none)
    private readonly int[]? ssu;             // row -> SSU (global), null if no second-stage variance
    private readonly int[]? psuSsuStart;     // SSUs of PSU p: ssuByPsu[start[p] .. start[p+1])
    private readonly int[]? ssuByPsu;
    private readonly double[]? popSize2;     // PSU -> M_p
    private readonly IReadOnlyList<VarianceAdjustment> adjustments;

    private SurveyDesign(SurveyDesign source, double[] weights, IReadOnlyList<VarianceAdjustment> adjustments)
    {
        this.weights = weights;
        stratum = source.stratum;
        psu = source.psu;
        psuStratum = source.psuStratum;
        stratumPsuStart = source.stratumPsuStart;
        psuByStratum = source.psuByStratum;
        popSize1 = source.popSize1;
        ssu = source.ssu;
        psuSsuStart = source.psuSsuStart;
        ssuByPsu = source.ssuByPsu;
        popSize2 = source.popSize2;
        StrataCount = source.StrataCount;
        PsuCount = source.PsuCount;
        LonelyPsu = source.LonelyPsu;
        this.adjustments = adjustments;
        DegreesOfFreedom = ComputeDegreesOfFreedom(null);
    }

    private SurveyDesign(SurveyDesignSpec spec)
    {
        var n = RowCountOf(spec);
        LonelyPsu = spec.LonelyPsu;
        RejectMissing(spec);

        // Strata: dense codes in sorted order of the given codes.
        stratum = new int[n];
        if (spec.Strata is { } s)
        {
            var levels = s.Distinct().Order().ToArray();
            var map = new Dictionary<int, int>(levels.Length);
            for (var i = 0; i < levels.Length; i++)
            {
                map[levels[i]] = i;
            }

            for (var i = 0; i < n; i++)
            {
                stratum[i] = map[s[i]];
            }

            StrataCount = levels.Length;
        }
        else
        {
            StrataCount = n == 0 ? 0 : 1;
        }

        // PSUs: numbered in order of first appearance; nest makes ids unique within strata only.
        var keys = new long[n];
        for (var i = 0; i < n; i++)
        {
            long id = spec.Psu is { } p ? p[i] : i;
            keys[i] = spec.Nest ? ((long)stratum[i] << 32) | (uint)id : id;
        }

        psu = Factor.Densify(keys, out var psuCount);
        PsuCount = psuCount;
        psuStratum = new int[psuCount];
        Array.Fill(psuStratum, -1);
        for (var i = 0; i < n; i++)
        {
            var p = psu[i];
            if (psuStratum[p] < 0)
            {
                psuStratum[p] = stratum[i];
            }
            else if (psuStratum[p] != stratum[i])
            {
                throw new ArgumentException("Clusters are not nested in strata at the first stage; set Nest = true if PSU ids repeat across strata.");
            }
        }

        (stratumPsuStart, psuByStratum) = GroupBy(psuStratum, StrataCount);
        var nPsu = new int[StrataCount];
        for (var h = 0; h < StrataCount; h++)
        {
            nPsu[h] = stratumPsuStart[h + 1] - stratumPsuStart[h];
        }

        if (n > 0 && psuCount == 1 && !(spec.Nest && spec.Strata is not null))
        {
            throw new ArgumentException("Design has only one primary sampling unit.");
        }

        // Second stage: SSUs nested in PSUs.
        int[]? ssuLocal = null;
        int ssuCount = 0;
        if (spec.Ssu is { } ss)
        {
            for (var i = 0; i < n; i++)
            {
                keys[i] = ((long)psu[i] << 32) | (uint)ss[i];
            }

            ssuLocal = Factor.Densify(keys, out ssuCount);
        }

        // FPC: population sizes or sampling fractions, never a mix (R's as.fpc).
        double[]? pop1 = null;
        double[]? pop2 = null;
        int[]? ssuPsu = null;
        int[]? mSsu = null;
        if (ssuLocal is not null)
        {
            ssuPsu = new int[ssuCount];
            for (var i = 0; i < n; i++)
            {
                ssuPsu[ssuLocal[i]] = psu[i];
            }

            mSsu = new int[psuCount];
            foreach (var p in ssuPsu)
            {
                mSsu[p]++;
            }
        }

        if (spec.Fpc1 is { } fpc1)
        {
            var all = spec.Fpc2 is null ? fpc1 : fpc1.Concat(spec.Fpc2);
            var anyAboveOne = all.Any(v => v > 1);
            var allAtLeastOne = all.All(v => v >= 1);
            if (anyAboveOne ^ allAtLeastOne)
            {
                throw new ArgumentException("FPC must be all population sizes (≥ 1) or all sampling fractions (≤ 1).");
            }

            pop1 = new double[StrataCount];
            Array.Fill(pop1, double.NaN);
            for (var i = 0; i < n; i++)
            {
                var h = stratum[i];
                if (double.IsNaN(pop1[h]))
                {
                    pop1[h] = anyAboveOne ? fpc1[i] : nPsu[h] / fpc1[i];
                    if (pop1[h] < nPsu[h])
                    {
                        throw new ArgumentException($"FPC implies more than 100% sampling in stratum {h} at stage 1.");
                    }
                }
            }

            if (spec.Fpc2 is { } fpc2 && ssuLocal is not null)
            {
                pop2 = new double[psuCount];
                Array.Fill(pop2, double.NaN);
                for (var i = 0; i < n; i++)
                {
                    var p = psu[i];
                    if (double.IsNaN(pop2[p]))
                    {
                        pop2[p] = anyAboveOne ? fpc2[i] : mSsu![p] / fpc2[i];
                        if (pop2[p] < mSsu![p])
                        {
                            throw new ArgumentException($"FPC implies more than 100% sampling in PSU {p} at stage 2.");
                        }
                    }
                }
            }
        }

        // Weights: given, from probabilities, or from the fpc (product of stage sampling fractions).
        weights = new double[n];
        if (spec.Weights is { } w)
        {
            if (spec.Probabilities is not null)
            {
                throw new ArgumentException("Give sampling weights or probabilities, not both.");
            }

            Array.Copy(w, weights, n);
        }
        else if (spec.Probabilities is { } pr)
        {
            for (var i = 0; i < n; i++)
            {
                weights[i] = 1.0 / pr[i];
            }
        }
        else if (pop1 is not null)
        {
            for (var i = 0; i < n; i++)
            {
                var prob = nPsu[stratum[i]] / pop1[stratum[i]];
                if (pop2 is not null)
                {
                    prob *= mSsu![psu[i]] / pop2[psu[i]];
                }

                weights[i] = 1.0 / prob;
            }
        }
        else
        {
            Array.Fill(weights, 1.0);
        }

        if (spec.WithReplacement)
        {
            pop1 = null;
        }

        popSize1 = new double[StrataCount];
        for (var h = 0; h < StrataCount; h++)
        {
            popSize1[h] = pop1?[h] ?? double.PositiveInfinity;
        }

        // R uses the second stage only when fpc is given for it (multistage(): !is.null(fpcs)).
        if (pop2 is not null && pop1 is not null)
        {
            ssu = ssuLocal;
            popSize2 = pop2;
            (psuSsuStart, ssuByPsu) = GroupBy(ssuPsu!, psuCount);
        }

        adjustments = [];
        DegreesOfFreedom = ComputeDegreesOfFreedom(null);
    }

    /// <summary>Number of rows (sampled units).</summary>
    public int RowCount => weights.Length;

    /// <summary>Number of first-stage strata.</summary>
    public int StrataCount { get; }

    /// <summary>Number of primary sampling units.</summary>
    public int PsuCount { get; }

    /// <summary>Lonely-PSU rule in force.</summary>
    public LonelyPsu LonelyPsu { get; }

    /// <summary>Design degrees of freedom: PSUs with a non-zero weight − strata with a non-zero weight (R's <c>degf</c>).</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>The (possibly adjusted) sampling weights, one per row.</summary>
    public ReadOnlySpan<double> Weights => weights;

    /// <summary>True when weights were post-stratified, raked or calibrated (variances use residuals).</summary>
    public bool IsCalibrated => adjustments.Count > 0;

    internal IReadOnlyList<VarianceAdjustment> Adjustments => adjustments;

    internal int[] StratumOfRow => stratum;

    internal int[] PsuOfRow => psu;

    internal int[] PsuStratum => psuStratum;

    internal double[] PopulationSize1 => popSize1;

    internal int PsusInStratum(int h) => stratumPsuStart[h + 1] - stratumPsuStart[h];

    /// <summary>Builds a design from its columns. Throws <see cref="ArgumentException"/> on inconsistent input (R's errors).</summary>
    public static SurveyDesign Create(SurveyDesignSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new SurveyDesign(spec);
    }

    /// <summary>The same design with another lonely-PSU rule.</summary>
    public SurveyDesign WithLonelyPsu(LonelyPsu rule) => new(this, weights, adjustments, rule);

    private SurveyDesign(SurveyDesign source, double[] weights, IReadOnlyList<VarianceAdjustment> adjustments, LonelyPsu rule)
        : this(source, weights, adjustments)
    {
        LonelyPsu = rule;
    }

    internal SurveyDesign WithAdjustedWeights(double[] newWeights, VarianceAdjustment adjustment) =>
        new(this, newWeights, [.. adjustments, adjustment], LonelyPsu);

    internal SurveyDesign WithAdjustedWeights(double[] newWeights, IReadOnlyList<VarianceAdjustment> newAdjustments) =>
        new(this, newWeights, newAdjustments, LonelyPsu);

    /// <summary>
    /// Design degrees of freedom within a domain: PSUs with a non-zero-weight row in the domain minus
    /// strata with such a row (R's <c>degf(subset(design, ...))</c>).
    /// </summary>
    public int DegreesOfFreedomIn(SurveyDomain? domain) => domain is null ? DegreesOfFreedom : ComputeDegreesOfFreedom(domain.Rows);

    private int ComputeDegreesOfFreedom(int[]? rows)
    {
        if (rows is not null)
        {
            // A domain is usually small next to the design: count distinct PSUs/strata with hash sets.
            var psus = new HashSet<int>();
            var strata = new HashSet<int>();
            foreach (var i in rows)
            {
                if (weights[i] != 0)
                {
                    psus.Add(psu[i]);
                    strata.Add(stratum[i]);
                }
            }

            return psus.Count - strata.Count;
        }

        var seenPsu = new bool[PsuCount];
        var seenStratum = new bool[StrataCount];
        int psuCount = 0, strataCount = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] == 0)
            {
                continue;
            }

            if (!seenPsu[psu[i]])
            {
                seenPsu[psu[i]] = true;
                psuCount++;
            }

            if (!seenStratum[stratum[i]])
            {
                seenStratum[stratum[i]] = true;
                strataCount++;
            }
        }

        return psuCount - strataCount;
    }

    // R's svydesign stops on missing ids, strata, weights, probabilities or fpc (na.failsafe).
    private static void RejectMissing(SurveyDesignSpec spec)
    {
        static void Codes(int[]? values, string what)
        {
            if (values is not null && Array.Exists(values, v => v < 0))
            {
                throw new ArgumentException($"Missing values in {what}.");
            }
        }

        static void Numbers(double[]? values, string what)
        {
            if (values is not null && Array.Exists(values, v => double.IsNaN(v) || v < 0))
            {
                throw new ArgumentException($"Missing or negative values in {what}.");
            }
        }

        Codes(spec.Strata, "strata");
        Codes(spec.Psu, "PSU ids");
        Codes(spec.Ssu, "SSU ids");
        Numbers(spec.Weights, "weights");
        Numbers(spec.Probabilities, "probabilities");
        Numbers(spec.Fpc1, "fpc (stage 1)");
        Numbers(spec.Fpc2, "fpc (stage 2)");
    }

    private static int RowCountOf(SurveyDesignSpec spec)
    {
        int? n = null;
        void Check(int? len)
        {
            if (len is { } l)
            {
                if (n is { } m && m != l)
                {
                    throw new ArgumentException("All design columns must have the same length.");
                }

                n = l;
            }
        }

        Check(spec.Weights?.Length);
        Check(spec.Probabilities?.Length);
        Check(spec.Strata?.Length);
        Check(spec.Psu?.Length);
        Check(spec.Ssu?.Length);
        Check(spec.Fpc1?.Length);
        Check(spec.Fpc2?.Length);
        return n ?? throw new ArgumentException("A design needs at least one column (weights, probabilities, clusters or fpc).");
    }

    private static (int[] Start, int[] Items) GroupBy(int[] groupOf, int groups)
    {
        var start = new int[groups + 1];
        foreach (var g in groupOf)
        {
            start[g + 1]++;
        }

        for (var g = 0; g < groups; g++)
        {
            start[g + 1] += start[g];
        }

        var items = new int[groupOf.Length];
        var next = (int[])start.Clone();
        for (var i = 0; i < groupOf.Length; i++)
        {
            items[next[groupOf[i]]++] = i;
        }

        return (start, items);
    }
}
