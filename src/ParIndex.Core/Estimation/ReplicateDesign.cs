namespace ParIndex.Core.Estimation;

/// <summary>Kind of replicate weights.</summary>
public enum ReplicateKind
{
    /// <summary>Delete-one-PSU jackknife for unstratified designs (R's <c>type = "JK1"</c>).</summary>
    JK1,

    /// <summary>Stratified delete-one-PSU jackknife (R's <c>type = "JKn"</c>).</summary>
    JKn,

    /// <summary>Balanced repeated replication / Fay's method, two PSUs per stratum (R's <c>type = "BRR"</c>, <c>"Fay"</c>).</summary>
    Brr,

    /// <summary>Rao–Wu rescaling bootstrap with n_h − 1 PSUs drawn per stratum.</summary>
    Bootstrap,
}

/// <summary>
/// Replicate-weight design (R's <c>as.svrepdesign</c> / <c>svrVar</c>). Replicate weights are stored
/// compressed as one factor per PSU and replicate (w_ri = w_i · a_{p(i),r}), so memory is PSUs × replicates.
/// Variance of an estimator θ: V = scale · Σ_r rscale_r (θ_r − θ̄)², θ̄ the mean of replicates with
/// rscale_r &gt; 0, or θ̂ when <see cref="Mse"/> is true. Build replicates from an uncalibrated design and adjust the
/// replicate design (<see cref="PostStratify"/>, <see cref="Rake"/>, <see cref="Calibrate"/>); a calibrated source is rejected.
/// </summary>
public sealed partial class ReplicateDesign
{
    private readonly double[] weights;
    private readonly int[] psu;
    private readonly double[] factors; // [p * ReplicateCount + r]
    private readonly IReadOnlyList<ReplicateWeightAdjustment> replicateAdjustments;

    private ReplicateDesign(ReplicateKind kind, double[] weights, int[] psu, int psuCount, double[] factors, int replicates, double scale, double[] rscales, int df, bool mse, IReadOnlyList<ReplicateWeightAdjustment>? adjustments = null)
    {
        replicateAdjustments = adjustments ?? [];
        Kind = kind;
        this.weights = weights;
        this.psu = psu;
        PsuCount = psuCount;
        this.factors = factors;
        ReplicateCount = replicates;
        Scale = scale;
        ReplicateScales = rscales;
        DegreesOfFreedom = df;
        Mse = mse;
    }

    /// <summary>The replicate method.</summary>
    public ReplicateKind Kind { get; }

    /// <summary>Number of replicates R.</summary>
    public int ReplicateCount { get; }

    /// <summary>Number of PSUs.</summary>
    public int PsuCount { get; }

    /// <summary>Overall multiplier of the variance (R's <c>scale</c>).</summary>
    public double Scale { get; }

    /// <summary>Per-replicate multipliers (R's <c>rscales</c>).</summary>
    public IReadOnlyList<double> ReplicateScales { get; }

    /// <summary>Centre replicates at the full-sample estimate instead of their mean (R's <c>mse = TRUE</c>).</summary>
    public bool Mse { get; }

    /// <summary>Degrees of freedom: those of the source design (PSUs − strata).</summary>
    public int DegreesOfFreedom { get; }

    /// <summary>The same replicates, centred at the full-sample estimate when <paramref name="mse"/> is true.</summary>
    public ReplicateDesign WithMse(bool mse) =>
        new(Kind, weights, psu, PsuCount, factors, ReplicateCount, Scale, [.. ReplicateScales], DegreesOfFreedom, mse, replicateAdjustments);

    /// <summary>Replicate weight multiplier a_{p,r} of PSU p in replicate r.</summary>
    public double ReplicateFactor(int psuIndex, int replicate) => factors[(psuIndex * ReplicateCount) + replicate];

    /// <summary>
    /// JK1: replicate r drops PSU r and multiplies the others by n/(n−1); scale = f (n−1)/n with
    /// f = (N−n)/N from the design's first-stage fpc (1 without); rscales = 1. Unstratified designs only.
    /// </summary>
    public static ReplicateDesign JackknifeDeleteOne(SurveyDesign design)
    {
        ArgumentNullException.ThrowIfNull(design);
        RejectCalibrated(design);
        if (design.StrataCount != 1)
        {
            throw new ArgumentException("JK1 is for unstratified designs; use JKn.");
        }

        var n = design.PsuCount;
        var f = Correction(design.PopulationSize1[0], n);
        var a = new double[n * n];
        for (var p = 0; p < n; p++)
        {
            for (var r = 0; r < n; r++)
            {
                a[(p * n) + r] = p == r ? 0 : n / (n - 1.0);
            }
        }

        var rscales = new double[n];
        Array.Fill(rscales, 1.0);
        return new ReplicateDesign(ReplicateKind.JK1, design.Weights.ToArray(), design.PsuOfRow, n, a, n, f * (n - 1) / n, rscales, design.DegreesOfFreedom, false);
    }

    /// <summary>
    /// JKn: for each stratum h with n_h ≥ 2, n_h replicates each dropping one PSU of h and multiplying the
    /// rest of h by n_h/(n_h−1); rscale = f_h (n_h−1)/n_h, scale = 1. Self-representing strata give no
    /// replicates. Lonely strata follow the design's <see cref="LonelyPsu"/> as R's <c>jknweights</c>:
    /// Fail throws; Certainty and Average skip the stratum (Average then scales by PSUs/replicates);
    /// Adjust adds one replicate that zeroes the stratum and multiplies all other PSUs by H/(H−1), rscale (H−1)/H.
    /// </summary>
    public static ReplicateDesign JackknifeStratified(SurveyDesign design)
    {
        ArgumentNullException.ThrowIfNull(design);
        RejectCalibrated(design);
        var strata = design.StrataCount;
        var columns = new List<double[]>();
        var rscales = new List<double>();
        var psuStratum = design.PsuStratum;
        var members = new List<int>[strata];
        for (var h = 0; h < strata; h++)
        {
            members[h] = [];
        }

        for (var p = 0; p < design.PsuCount; p++)
        {
            members[psuStratum[p]].Add(p);
        }

        for (var h = 0; h < strata; h++)
        {
            var nh = members[h].Count;
            var f = Correction(design.PopulationSize1[h], nh);
            if (f == 0)
            {
                continue; // all PSUs sampled: no replicates (survey.drop.replicates)
            }

            if (nh == 1)
            {
                switch (design.LonelyPsu)
                {
                    case LonelyPsu.Fail:
                        throw new LonelyPsuException($"Stratum {h} has only one PSU.");
                    case LonelyPsu.Adjust:
                        var col = new double[design.PsuCount];
                        for (var p = 0; p < col.Length; p++)
                        {
                            col[p] = psuStratum[p] == h ? 0 : strata / (strata - 1.0);
                        }

                        columns.Add(col);
                        rscales.Add((strata - 1.0) / strata);
                        continue;
                    default:
                        continue;
                }
            }

            foreach (var dropped in members[h])
            {
                var col = new double[design.PsuCount];
                Array.Fill(col, 1.0);
                foreach (var p in members[h])
                {
                    col[p] = p == dropped ? 0 : nh / (nh - 1.0);
                }

                columns.Add(col);
                rscales.Add(f * (nh - 1) / nh);
            }
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException("All strata were exhaustively sampled: there is no sampling variance.");
        }

        var scale = columns.Count < design.PsuCount && design.LonelyPsu == LonelyPsu.Average
            ? (double)design.PsuCount / columns.Count
            : 1.0;
        return Build(ReplicateKind.JKn, design, columns, scale, [.. rscales]);
    }

    /// <summary>
    /// BRR (Fay when <paramref name="fayRho"/> &gt; 0) for designs with exactly two PSUs per stratum, replicate for
    /// replicate as R's <c>as.svrepdesign(type = "BRR")</c> (<c>brrweights</c>): strata in order of their codes, the two
    /// PSUs of a stratum in order of first appearance; replicate r uses column r of a Hadamard matrix H, row h + 1 for
    /// stratum h (row 0 unused). The kept PSU's weight is multiplied by 2 − ρ, the other's by ρ; scale = 1/(R(1−ρ)²),
    /// R = columns of H.
    /// <list type="bullet">
    /// <item>Default H: R's own <c>hadamard(strata)</c> (<see cref="Hadamard.ForStrata"/>, 0/1 entries): an entry 1 keeps
    /// the stratum's first PSU, 0 its second — so the replicates, and the SEs of non-linear statistics such as ratios,
    /// are R's defaults (and the published Levy–Lemeshow example).</item>
    /// <item>A given <paramref name="hadamard"/> (any two values, e.g. ±1) follows R's <c>hadamard.matrix =</c> path,
    /// which codes the value of H[0,0] as 0: an entry equal to H[0,0] keeps the second PSU, the other value the first.</item>
    /// </list>
    /// The design's fpc is ignored (as R does).
    /// </summary>
    public static ReplicateDesign BalancedRepeated(SurveyDesign design, double fayRho = 0, int[,]? hadamard = null)
    {
        ArgumentNullException.ThrowIfNull(design);
        RejectCalibrated(design);
        var strata = design.StrataCount;
        var pairs = new List<int>[strata];
        for (var h = 0; h < strata; h++)
        {
            pairs[h] = [];
        }

        for (var p = 0; p < design.PsuCount; p++)
        {
            pairs[design.PsuStratum[p]].Add(p); // PSU numbering is order of first appearance
        }

        if (pairs.Any(l => l.Count != 2))
        {
            throw new ArgumentException("BRR needs exactly two PSUs in every stratum.");
        }

        // keepFirst(entry): R's default matrix keeps the first PSU on 1; a given matrix keeps it on the value ≠ H[0,0].
        var h01 = hadamard ?? Hadamard.ForStrata(strata);
        Func<int, bool> keepFirst = hadamard is null ? e => e == 1 : e => e != hadamard[0, 0];
        if (h01.GetLength(0) < strata + 1)
        {
            throw new ArgumentException("The Hadamard matrix needs at least strata + 1 rows.");
        }

        var reps = h01.GetLength(1);
        var columns = new List<double[]>(reps);
        for (var r = 0; r < reps; r++)
        {
            var col = new double[design.PsuCount];
            for (var h = 0; h < strata; h++)
            {
                var first = keepFirst(h01[h + 1, r]);
                col[pairs[h][0]] = first ? 2 - fayRho : fayRho;
                col[pairs[h][1]] = first ? fayRho : 2 - fayRho;
            }

            columns.Add(col);
        }

        var rscales = Enumerable.Repeat(1.0, reps).ToArray();
        return Build(ReplicateKind.Brr, design, columns, 1.0 / (reps * (1 - fayRho) * (1 - fayRho)), rscales);
    }

    /// <summary>
    /// Replicate weights supplied as columns of full analysis weights (R's <c>svrepdesign(..., combined.weights = TRUE)</c>),
    /// e.g. delivered with a data set. Each row is its own unit: a_{i,r} = w_ri / w_i (0 when w_i = 0).
    /// <paramref name="rscales"/> defaults to 1; <paramref name="degreesOfFreedom"/> defaults to R − 1 (R uses the
    /// rank of the replicate-weight matrix minus 1, which is R − 1 for jackknife and bootstrap weights in general position).
    /// </summary>
    public static ReplicateDesign FromWeights(ReplicateKind kind, double[] weights, IReadOnlyList<double[]> replicateWeights, double scale, double[]? rscales = null, bool mse = false, int? degreesOfFreedom = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(replicateWeights);
        var n = weights.Length;
        var reps = replicateWeights.Count;
        var a = new double[n * reps];
        for (var r = 0; r < reps; r++)
        {
            if (replicateWeights[r].Length != n)
            {
                throw new ArgumentException($"Replicate {r} has {replicateWeights[r].Length} weights, expected {n}.");
            }

            for (var i = 0; i < n; i++)
            {
                a[(i * reps) + r] = weights[i] == 0 ? 0 : replicateWeights[r][i] / weights[i];
            }
        }

        var rowIsUnit = Enumerable.Range(0, n).ToArray();
        return new ReplicateDesign(kind, (double[])weights.Clone(), rowIsUnit, n, a, reps, scale, rscales ?? Enumerable.Repeat(1.0, reps).ToArray(), degreesOfFreedom ?? reps - 1, mse);
    }

    /// <summary>
    /// Rao–Wu (1988) rescaling bootstrap: in each stratum draw m_h = n_h − 1 PSUs with replacement,
    /// a_hi = 1 − λ_h + λ_h (n_h/m_h) m*_hi with λ_h = √(m_h (1 − f_h)/(n_h − 1)), f_h = n_h/N_h (0 without fpc).
    /// scale = 1/(B − 1), rscales = 1. Strata with one PSU keep factor 1. Deterministic for a given
    /// <paramref name="seed"/> (System.Random). Not identical to R's "bootstrap" (Canty–Davison), which uses R's RNG.
    /// </summary>
    public static ReplicateDesign Bootstrap(SurveyDesign design, int replicates, int seed)
    {
        ArgumentNullException.ThrowIfNull(design);
        RejectCalibrated(design);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicates, 2);
        var rng = new Random(seed);
        var members = new List<int>[design.StrataCount];
        for (var h = 0; h < members.Length; h++)
        {
            members[h] = [];
        }

        for (var p = 0; p < design.PsuCount; p++)
        {
            members[design.PsuStratum[p]].Add(p);
        }

        var columns = new List<double[]>(replicates);
        var counts = new int[design.PsuCount];
        for (var r = 0; r < replicates; r++)
        {
            var col = new double[design.PsuCount];
            Array.Fill(col, 1.0);
            Array.Clear(counts);
            for (var h = 0; h < members.Length; h++)
            {
                var nh = members[h].Count;
                if (nh < 2)
                {
                    continue;
                }

                var m = nh - 1;
                var pop = design.PopulationSize1[h];
                var f = double.IsPositiveInfinity(pop) ? 0 : nh / pop;
                var lambda = Math.Sqrt(m * (1 - f) / (nh - 1));
                for (var k = 0; k < m; k++)
                {
                    counts[members[h][rng.Next(nh)]]++;
                }

                foreach (var p in members[h])
                {
                    col[p] = 1 - lambda + (lambda * nh / m * counts[p]);
                }
            }

            columns.Add(col);
        }

        return Build(ReplicateKind.Bootstrap, design, columns, 1.0 / (replicates - 1), Enumerable.Repeat(1.0, replicates).ToArray());
    }

    /// <summary>
    /// Hájek mean Σ_d w y / Σ_d w for the full sample and each replicate (Σ_d w_r y / Σ_d w_r), replicate variance
    /// scale Σ rscale_r (θ_r − θ̄)². Rows outside the domain have zero weight in every replicate (R's svyby).
    /// NaN values propagate; an empty domain gives NaN.
    /// </summary>
    public ReplicateEstimate Mean(ReadOnlySpan<double> y, SurveyDomain? domain = null) => Estimate(y, default, domain, Statistic.Mean);

    /// <summary>Horvitz–Thompson total Σ_d w y with replicate totals Σ_d w_r y and replicate variance; an empty domain gives 0 with variance 0. NaN propagates.</summary>
    public ReplicateEstimate Total(ReadOnlySpan<double> y, SurveyDomain? domain = null) => Estimate(y, default, domain, Statistic.Total);

    /// <summary>Ratio Σ_d w y / Σ_d w x with replicate ratios Σ_d w_r y / Σ_d w_r x and replicate variance; a zero denominator gives NaN. NaN propagates.</summary>
    public ReplicateEstimate Ratio(ReadOnlySpan<double> numerator, ReadOnlySpan<double> denominator, SurveyDomain? domain = null) =>
        Estimate(numerator, denominator, domain, Statistic.Ratio);

    /// <summary>
    /// Population variance of y (R's <c>svyvar</c> on a replicate design): Ŝ² = n/(n−1) Σ_d w (y − ȳ)²/Σ_d w with the
    /// full-sample weights, and the same formula with each replicate's weights (its own weighted mean) for θ_r;
    /// n = rows in the domain (R counts rows, zero weights included). NaN propagates; a domain of one row gives NaN.
    /// </summary>
    public ReplicateEstimate PopulationVariance(ReadOnlySpan<double> y, SurveyDomain? domain = null)
    {
        if (y.Length != weights.Length)
        {
            throw new ArgumentException($"Expected {weights.Length} values, got {y.Length}.");
        }

        var rows = domain?.Rows;
        var count = rows?.Length ?? weights.Length;
        var adjusted = replicateAdjustments.Count > 0;
        double sw = 0, swy = 0;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            var w = adjusted ? FullWeight(i) : weights[i];
            sw += w;
            swy += w * y[i];
        }

        // Sums of w, w·d and w·d² with d = y − ȳ (shift-invariant, so each replicate's own mean is exact and stable).
        var shift = swy / sw;
        var factor = count / (count - 1.0);
        var s0 = new double[ReplicateCount];
        var s1 = new double[ReplicateCount];
        var s2 = new double[ReplicateCount];
        double f0 = 0, f1 = 0, f2 = 0;
        if (adjusted)
        {
            for (var k = 0; k < count; k++)
            {
                var i = rows is null ? k : rows[k];
                var d = y[i] - shift;
                var w = FullWeight(i);
                f0 += w;
                f1 += w * d;
                f2 += w * d * d;
                for (var r = 0; r < ReplicateCount; r++)
                {
                    var wr = ReplicateWeight(i, r);
                    s0[r] += wr;
                    s1[r] += wr * d;
                    s2[r] += wr * d * d;
                }
            }
        }
        else
        {
            var p0 = new double[PsuCount];
            var p1 = new double[PsuCount];
            var p2 = new double[PsuCount];
            for (var k = 0; k < count; k++)
            {
                var i = rows is null ? k : rows[k];
                var d = y[i] - shift;
                var w = weights[i];
                p0[psu[i]] += w;
                p1[psu[i]] += w * d;
                p2[psu[i]] += w * d * d;
            }

            for (var p = 0; p < PsuCount; p++)
            {
                f0 += p0[p];
                f1 += p1[p];
                f2 += p2[p];
                for (var r = 0; r < ReplicateCount; r++)
                {
                    var a = factors[(p * ReplicateCount) + r];
                    s0[r] += a * p0[p];
                    s1[r] += a * p1[p];
                    s2[r] += a * p2[p];
                }
            }
        }

        var full = factor * (f2 - (f1 * f1 / f0)) / f0;
        var thetas = new double[ReplicateCount];
        for (var r = 0; r < ReplicateCount; r++)
        {
            thetas[r] = factor * (s2[r] - (s1[r] * s1[r] / s0[r])) / s0[r];
        }

        return new ReplicateEstimate(full, Variance(thetas, full), DegreesOfFreedom, thetas) { RowCount = count };
    }

    /// <summary>
    /// Linear combination Σ_k c_k θ_k of estimates from this design (e.g. a difference of two units' means, or a
    /// group-weighted index): combined replicates θ_r = Σ_k c_k θ_{k,r} and their replicate variance, so
    /// covariances between the parts are included (R's <c>svycontrast</c> on <c>svyby(covmat = TRUE)</c>).
    /// </summary>
    public ReplicateEstimate LinearCombination(IReadOnlyList<ReplicateEstimate> estimates, ReadOnlySpan<double> coefficients)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        if (estimates.Count != coefficients.Length)
        {
            throw new ArgumentException("One coefficient per estimate.");
        }

        var thetas = new double[ReplicateCount];
        var full = 0.0;
        for (var k = 0; k < estimates.Count; k++)
        {
            full += coefficients[k] * estimates[k].Estimate;
            for (var r = 0; r < ReplicateCount; r++)
            {
                thetas[r] += coefficients[k] * estimates[k].Replicates[r];
            }
        }

        return new ReplicateEstimate(full, Variance(thetas, full), DegreesOfFreedom, thetas);
    }

    /// <summary>
    /// Logit interval for a proportion as R's <c>svyciprop(method = "logit")</c> on a replicate design, which refits
    /// the intercept-only quasibinomial GLM in every replicate: V = replicate variance of logit(p_r) about logit(p̂)
    /// or their mean, interval expit(logit p̂ ± t_df √V). p̂ = 0 or 1 gives NaN bounds.
    /// </summary>
    public ConfidenceInterval LogitInterval(ReplicateEstimate proportion, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(proportion);
        static double Logit(double p) => Math.Log(p / (1 - p));
        var eta = Logit(proportion.Estimate);
        var thetas = new double[proportion.Replicates.Count];
        for (var r = 0; r < thetas.Length; r++)
        {
            thetas[r] = Logit(proportion.Replicates[r]);
        }

        var ci = ConfidenceIntervals.Wald(eta, Math.Sqrt(Variance(thetas, eta)), proportion.DegreesOfFreedom, level);
        return new ConfidenceInterval(1 / (1 + Math.Exp(-ci.Lower)), 1 / (1 + Math.Exp(-ci.Upper)), level);
    }

    /// <summary>Replicate variance of arbitrary replicate estimates: scale Σ rscale_r (θ_r − θ̄)² (R's <c>svrVar</c>); NaN replicates propagate.</summary>
    public double Variance(ReadOnlySpan<double> replicateEstimates, double fullSampleEstimate)
    {
        double centre;
        if (Mse)
        {
            centre = fullSampleEstimate;
        }
        else
        {
            double sum = 0;
            var k = 0;
            for (var r = 0; r < replicateEstimates.Length; r++)
            {
                if (ReplicateScales[r] > 0)
                {
                    sum += replicateEstimates[r];
                    k++;
                }
            }

            centre = sum / k;
        }

        var v = 0.0;
        for (var r = 0; r < replicateEstimates.Length; r++)
        {
            var d = replicateEstimates[r] - centre;
            v += d * d * ReplicateScales[r];
        }

        return v * Scale;
    }

    private enum Statistic
    {
        Mean,
        Total,
        Ratio,
    }

    private ReplicateEstimate Estimate(ReadOnlySpan<double> y, ReadOnlySpan<double> x, SurveyDomain? domain, Statistic statistic)
    {
        if (y.Length != weights.Length)
        {
            throw new ArgumentException($"Expected {weights.Length} values, got {y.Length}.");
        }

        if (replicateAdjustments.Count > 0)
        {
            return EstimateAdjusted(y, x, domain, statistic);
        }

        // One pass over rows into PSU sums, then replicates as PSU-factor dot products: O(n + P·R).
        var sy = new double[PsuCount];
        var sx = new double[PsuCount];
        var rows = domain?.Rows;
        var count = rows?.Length ?? weights.Length;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            var p = psu[i];
            sy[p] += weights[i] * y[i];
            sx[p] += statistic == Statistic.Ratio ? weights[i] * x[i] : weights[i];
        }

        double fy = 0, fx = 0;
        for (var p = 0; p < PsuCount; p++)
        {
            fy += sy[p];
            fx += sx[p];
        }

        var full = statistic == Statistic.Total ? fy : fy / fx;
        var thetas = new double[ReplicateCount];
        for (var r = 0; r < ReplicateCount; r++)
        {
            double ry = 0, rx = 0;
            for (var p = 0; p < PsuCount; p++)
            {
                var a = factors[(p * ReplicateCount) + r];
                ry += a * sy[p];
                rx += a * sx[p];
            }

            thetas[r] = statistic == Statistic.Total ? ry : ry / rx;
        }

        return new ReplicateEstimate(full, Variance(thetas, full), DegreesOfFreedom, thetas) { RowCount = count };
    }

    // Adjusted replicate weights depend on the row, not only its PSU: O(domain rows × R).
    private ReplicateEstimate EstimateAdjusted(ReadOnlySpan<double> y, ReadOnlySpan<double> x, SurveyDomain? domain, Statistic statistic)
    {
        var rows = domain?.Rows;
        var count = rows?.Length ?? weights.Length;
        var ry = new double[ReplicateCount];
        var rx = new double[ReplicateCount];
        double fy = 0, fx = 0;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            var xi = statistic == Statistic.Ratio ? x[i] : 1.0;
            var w = FullWeight(i);
            fy += w * y[i];
            fx += w * xi;
            for (var r = 0; r < ReplicateCount; r++)
            {
                var wr = ReplicateWeight(i, r);
                ry[r] += wr * y[i];
                rx[r] += wr * xi;
            }
        }

        var full = statistic == Statistic.Total ? fy : fy / fx;
        var thetas = new double[ReplicateCount];
        for (var r = 0; r < ReplicateCount; r++)
        {
            thetas[r] = statistic == Statistic.Total ? ry[r] : ry[r] / rx[r];
        }

        return new ReplicateEstimate(full, Variance(thetas, full), DegreesOfFreedom, thetas) { RowCount = count };
    }

    private static ReplicateDesign Build(ReplicateKind kind, SurveyDesign design, List<double[]> columns, double scale, double[] rscales)
    {
        var reps = columns.Count;
        var a = new double[design.PsuCount * reps];
        for (var r = 0; r < reps; r++)
        {
            for (var p = 0; p < design.PsuCount; p++)
            {
                a[(p * reps) + r] = columns[r][p];
            }
        }

        return new ReplicateDesign(kind, design.Weights.ToArray(), design.PsuOfRow, design.PsuCount, a, reps, scale, rscales, design.DegreesOfFreedom, false);
    }

    // Replicates built from already-calibrated weights would ignore the calibration in the variance.
    private static void RejectCalibrated(SurveyDesign design)
    {
        if (design.IsCalibrated)
        {
            throw new ArgumentException("Build replicates from the uncalibrated design, then post-stratify, rake or calibrate the replicate design.");
        }
    }

    private static double Correction(double popSize, int n) =>
        double.IsPositiveInfinity(popSize) ? 1.0 : (popSize - n) / popSize;

    /// <summary>Sylvester Hadamard matrix of the smallest order 2^k ≥ <paramref name="minOrder"/>, entries ±1 (see <see cref="Hadamard.Sylvester"/>).</summary>
    public static int[,] Sylvester(int minOrder) => Hadamard.Sylvester(minOrder);
}

/// <summary>An estimate with replicate-weight variance and the replicate estimates themselves (for rank intervals etc.).</summary>
/// <param name="Estimate">Full-sample estimate.</param>
/// <param name="Variance">Replicate variance.</param>
/// <param name="DegreesOfFreedom">Degrees of freedom for t intervals.</param>
/// <param name="Replicates">θ_r for each replicate.</param>
public sealed record ReplicateEstimate(double Estimate, double Variance, int DegreesOfFreedom, IReadOnlyList<double> Replicates)
{
    /// <summary>Rows in the domain (the n of the Korn–Graubard interval); 0 for combinations.</summary>
    public int RowCount { get; init; }

    /// <summary>Standard error √Variance.</summary>
    public double StandardError => Math.Sqrt(Variance);

    /// <summary>Wald interval with t (replicate df) or normal quantiles.</summary>
    public ConfidenceInterval ConfidenceInterval(double level = 0.95, IntervalMethod method = IntervalMethod.T) =>
        ConfidenceIntervals.Wald(Estimate, StandardError, DegreesOfFreedom, level, method);
}
