using MathNet.Numerics.LinearAlgebra;

namespace ParIndex.Core.Estimation;

/// <summary>
/// Weight adjustments that return a new <see cref="SurveyDesign"/> whose linearisation variance accounts for
/// the adjustment the way R's <c>survey</c> 4.1 does (Lumley 2010 ch. 7; Deville &amp; Särndal 1992).
/// </summary>
public static class WeightAdjustment
{
    /// <summary>
    /// Weighting-class nonresponse adjustment: within each cell c, respondents' weights are multiplied by
    /// Σ_{i∈c} w_i / Σ_{i∈c, responded} w_i and nonrespondents get weight 0 (rows stay in the design, so
    /// strata and PSUs keep their full-sample structure). The adjusted weights are treated as fixed in the
    /// variance (no residual term); follow with <see cref="PostStratify"/> or <see cref="Calibrate"/> to known
    /// totals when they exist. Rows with a negative cell code are left unchanged.
    /// Throws when a cell has nonrespondents but no respondent weight.
    /// </summary>
    public static SurveyDesign AdjustForNonresponse(this SurveyDesign design, ReadOnlySpan<bool> responded, ReadOnlySpan<int> cells)
    {
        ArgumentNullException.ThrowIfNull(design);
        var w = design.Weights;
        var k = Max(cells) + 1;
        var all = new double[k];
        var resp = new double[k];
        for (var i = 0; i < w.Length; i++)
        {
            if (cells[i] < 0)
            {
                continue;
            }

            all[cells[i]] += w[i];
            if (responded[i])
            {
                resp[cells[i]] += w[i];
            }
        }

        var adjusted = new double[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            var c = cells[i];
            if (c < 0)
            {
                adjusted[i] = w[i];
                continue;
            }

            if (resp[c] == 0 && all[c] > 0)
            {
                throw new ArgumentException($"Nonresponse cell {c} has no respondents to carry its weight; collapse cells.");
            }

            adjusted[i] = responded[i] ? w[i] * all[c] / resp[c] : 0.0;
        }

        return design.WithAdjustedWeights(adjusted, design.Adjustments);
    }

    /// <summary>
    /// Post-stratification (R's <c>postStratify</c>): w*_i = w_i N_c / N̂_c with N̂_c = Σ_{i∈c} w_i, for cells
    /// c = 0..K−1 with population counts <paramref name="populationCounts"/>[c]. Variance uses residuals
    /// z_i − w*_i · (Σ_{j∈c} z_j w_j/w*_j) / Σ_{j∈c} w_j. Throws when a cell with population is empty in the
    /// sample or a sampled cell has no population.
    /// </summary>
    public static SurveyDesign PostStratify(this SurveyDesign design, ReadOnlySpan<int> cells, ReadOnlySpan<double> populationCounts)
    {
        ArgumentNullException.ThrowIfNull(design);
        var (newWeights, adjustment) = PostStratifyCore(design.Weights.ToArray(), cells.ToArray(), populationCounts.ToArray());
        return design.WithAdjustedWeights(newWeights, adjustment);
    }

    /// <summary>
    /// Raking (iterative proportional fitting) to marginal counts, exactly as R's <c>rake</c>: each sweep
    /// post-stratifies to every margin in turn; stop when the largest change in the joint table of all margin
    /// variables is below <paramref name="epsilon"/> (if &lt; 1, a fraction of Σ w) or after
    /// <paramref name="maxIterations"/> sweeps (R's default 10 and 1). Variance: 10 rounds of residualising on each
    /// margin of the last sweep. Returns the design and whether it converged (R warns when it does not).
    /// </summary>
    public static (SurveyDesign Design, bool Converged) Rake(this SurveyDesign design, IReadOnlyList<(int[] Cells, double[] PopulationCounts)> margins, int maxIterations = 10, double epsilon = 1)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(margins);
        var w = design.Weights.ToArray();
        var convergence = new RakingConvergence(margins, w, epsilon);
        var sweep = new PostStratumAdjustment[margins.Count];
        var converged = false;
        for (var iter = 0; iter < maxIterations && !converged; iter++)
        {
            for (var m = 0; m < margins.Count; m++)
            {
                (w, sweep[m]) = PostStratifyCore(w, margins[m].Cells, margins[m].PopulationCounts);
            }

            converged = convergence.AfterSweep(w);
        }

        return (design.WithAdjustedWeights(w, new RakingAdjustment(sweep)), converged);
    }

    /// <summary>
    /// Linear (GREG) calibration (R's <c>calibrate(calfun = "linear")</c>): g_i = 1 + x_iᵀλ with Σ w_i g_i x_i = T,
    /// x_i the rows of the model matrix given as <paramref name="columns"/> (include the intercept column yourself).
    /// Without bounds λ = (Σ w x xᵀ)⁻¹ (T − Σ w x) in closed form (R's regcalibrate); with bounds
    /// g is truncated to [<paramref name="lower"/>, <paramref name="upper"/>] and Newton steps with a
    /// pseudo-inverse run until max |misfit|/(1+|T|) &lt; <paramref name="epsilon"/> (R's grake).
    /// Variance: residuals of the weighted regression of z/w* on x, times w* (R's qr.resid of the
    /// <c>greg_calibration</c> term). Throws when bounded calibration does not converge in <paramref name="maxIterations"/>.
    /// </summary>
    public static SurveyDesign Calibrate(this SurveyDesign design, IReadOnlyList<double[]> columns, ReadOnlySpan<double> populationTotals, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity, int maxIterations = 50, double epsilon = 1e-7)
    {
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(columns);
        var n = design.RowCount;
        var p = columns.Count;
        var ww = design.Weights.ToArray();
        var xData = new double[n * p]; // column-major, wrapped without a copy (DenseOfColumnArrays copies cell by cell)
        for (var j = 0; j < p; j++)
        {
            if (columns[j].Length != n)
            {
                throw new ArgumentException($"Calibration column {j} has {columns[j].Length} values, expected {n}.");
            }

            Array.Copy(columns[j], 0, xData, j * n, n);
        }

        var x = Matrix<double>.Build.Dense(n, p, xData);
        var population = Vector<double>.Build.DenseOfArray(populationTotals.ToArray());
        var whalf = new double[n];
        for (var i = 0; i < n; i++)
        {
            whalf[i] = Math.Sqrt(ww[i]);
        }

        // Column-major storage filled directly: X√w for a million rows without an indexer call per cell.
        var xwData = new double[n * p];
        for (var j = 0; j < p; j++)
        {
            var column = columns[j];
            var offset = j * n;
            for (var i = 0; i < n; i++)
            {
                xwData[offset + i] = column[i] * whalf[i];
            }
        }

        var xw = Matrix<double>.Build.Dense(n, p, xwData);
        var bounded = !double.IsNegativeInfinity(lower) || !double.IsPositiveInfinity(upper);
        var (eta, scale) = SolveLinearCalibration(x, ww, population, lower, upper, maxIterations, epsilon);
        var xeta = new double[n]; // Xη column by column (j in order for every row, as a matrix-vector product sums)
        for (var j = 0; j < p; j++)
        {
            var column = columns[j];
            var e = eta[j];
            for (var i = 0; i < n; i++)
            {
                xeta[i] += column[i] * e;
            }
        }

        var g = new double[n];
        for (var i = 0; i < n; i++)
        {
            g[i] = CalibrationG(xeta[i], bounded, lower, upper, scale);
        }

        var adjusted = new double[n];
        var calW = new double[n];
        for (var i = 0; i < n; i++)
        {
            adjusted[i] = ww[i] * g[i];
            calW[i] = g[i] * whalf[i];
        }

        return design.WithAdjustedWeights(adjusted, new CalibrationAdjustment(xw, calW));
    }

    /// <summary>g_i = 1 + x_iᵀη (unbounded, R's regcalibrate) or (1 + Fm1(x_iᵀη)) · scale with Fm1 the truncated linear function (R's grake).</summary>
    internal static double CalibrationG(double xEta, bool bounded, double lower, double upper, double scale) =>
        bounded ? (Math.Min(Math.Max(xEta + 1, lower), upper) * scale) : 1 + xEta;

    /// <summary>
    /// Solves linear calibration of weights <paramref name="ww"/> to <paramref name="population"/>: closed form
    /// without bounds, R's grake Newton iteration with bounds. Returns η and the grake rescaling factor.
    /// </summary>
    internal static (Vector<double> Eta, double Scale) SolveLinearCalibration(Matrix<double> x, double[] ww, Vector<double> population, double lower, double upper, int maxIterations, double epsilon, bool throwOnFailure = true)
    {
        var n = ww.Length;
        var p = x.ColumnCount;
        var data = ColumnMajor(x);
        var sampleTotal = Vector<double>.Build.Dense(p); // Xᵀw, a plain loop per column
        for (var a = 0; a < p; a++)
        {
            var sum = 0.0;
            var oa = a * n;
            for (var i = 0; i < n; i++)
            {
                sum += data[oa + i] * ww[i];
            }

            sampleTotal[a] = sum;
        }

        var bounded = !double.IsNegativeInfinity(lower) || !double.IsPositiveInfinity(upper);
        if (!bounded)
        {
            // XᵀWX = Σ_i w_i x_ia x_ib over the column-major data; symmetric, so each pair once.
            var tmat = Matrix<double>.Build.Dense(p, p);
            for (var a = 0; a < p; a++)
            {
                for (var b = a; b < p; b++)
                {
                    var sum = 0.0;
                    int oa = a * n, ob = b * n;
                    for (var i = 0; i < n; i++)
                    {
                        sum += data[oa + i] * ww[i] * data[ob + i];
                    }

                    tmat[a, b] = sum;
                    tmat[b, a] = sum;
                }
            }

            return (tmat.Solve(population - sampleTotal), 1.0);
        }

        return GeneralisedRaking(x, ww, population, sampleTotal, lower, upper, maxIterations, epsilon, throwOnFailure);
    }

    /// <summary>The column-major values of a dense matrix (no copy when it is one).</summary>
    internal static double[] ColumnMajor(Matrix<double> x) =>
        x.Storage is MathNet.Numerics.LinearAlgebra.Storage.DenseColumnMajorMatrixStorage<double> dense ? dense.Data : x.ToColumnMajorArray();

    private static (Vector<double> Eta, double Scale) GeneralisedRaking(Matrix<double> x, double[] ww, Vector<double> population, Vector<double> sampleTotal, double lower, double upper, int maxIterations, double epsilon, bool throwOnFailure)
    {
        var n = ww.Length;
        var p = x.ColumnCount;
        var w = (double[])ww.Clone();

        // R rescales the weights when every total is more than 20 times its sample estimate.
        double? rescale = null;
        var scales = population.PointwiseDivide(sampleTotal);
        if (scales.Minimum() > 20)
        {
            rescale = scales.Average();
            for (var i = 0; i < n; i++)
            {
                w[i] *= rescale.Value;
            }

            sampleTotal *= rescale.Value;
        }

        static double Fm1(double u, double lo, double hi) => Math.Min(Math.Max(u + 1, lo), hi) - 1;
        static double DF(double u, double lo, double hi) => u < hi - 1 && u > lo - 1 ? 1 : 0;

        var eta = Vector<double>.Build.Dense(p);
        var xeta = x * eta;
        var iter = 1;
        while (true)
        {
            var tmat = Matrix<double>.Build.Dense(p, p);
            var fitted = Vector<double>.Build.Dense(p);
            for (var i = 0; i < n; i++)
            {
                var d = DF(xeta[i], lower, upper) * w[i];
                var f = Fm1(xeta[i], lower, upper) * w[i];
                for (var a = 0; a < p; a++)
                {
                    fitted[a] += x[i, a] * f;
                    if (d != 0)
                    {
                        for (var b = 0; b < p; b++)
                        {
                            tmat[a, b] += x[i, a] * d * x[i, b];
                        }
                    }
                }
            }

            var misfit = population - sampleTotal - fitted;
            eta += tmat.PseudoInverse() * misfit;
            xeta = x * eta;

            var after = Vector<double>.Build.Dense(p);
            for (var i = 0; i < n; i++)
            {
                var f = Fm1(xeta[i], lower, upper) * w[i];
                for (var a = 0; a < p; a++)
                {
                    after[a] += x[i, a] * f;
                }
            }

            misfit = population - sampleTotal - after;
            var worst = 0.0;
            for (var a = 0; a < p; a++)
            {
                worst = Math.Max(worst, Math.Abs(misfit[a]) / (1 + Math.Abs(population[a])));
            }

            if (worst < epsilon)
            {
                break;
            }

            iter++;
            if (iter > maxIterations)
            {
                if (!throwOnFailure)
                {
                    break; // R keeps the last iterate for a replicate (with a warning)
                }

                throw new InvalidOperationException($"Calibration failed to converge: relative misfit {worst:G3} after {maxIterations} iterations.");
            }
        }

        return (eta, rescale ?? 1);
    }

    private static (double[] Weights, PostStratumAdjustment Adjustment) PostStratifyCore(double[] oldWeights, int[] cells, double[] population)
    {
        var k = population.Length;
        var sample = new double[k];
        for (var i = 0; i < oldWeights.Length; i++)
        {
            if (cells[i] < 0 || cells[i] >= k)
            {
                throw new ArgumentException($"Post-stratum code {cells[i]} at row {i} has no population count.");
            }

            sample[cells[i]] += oldWeights[i];
        }

        for (var c = 0; c < k; c++)
        {
            if (sample[c] == 0 && population[c] > 0)
            {
                throw new ArgumentException($"Post-stratum {c} is absent from the sample.");
            }

            if (sample[c] > 0 && population[c] == 0)
            {
                throw new ArgumentException($"Post-stratum {c} is in the sample but has no population.");
            }
        }

        var w = new double[oldWeights.Length];
        for (var i = 0; i < w.Length; i++)
        {
            var c = cells[i];
            w[i] = oldWeights[i] * population[c] / sample[c];
        }

        return (w, new PostStratumAdjustment(cells, k, w, oldWeights));
    }

    private static int Max(ReadOnlySpan<int> values)
    {
        var m = -1;
        foreach (var v in values)
        {
            m = Math.Max(m, v);
        }

        return m;
    }
}

/// <summary>R's ordinary post-stratification term in svyrecvar.</summary>
internal sealed class PostStratumAdjustment(int[] cells, int cellCount, double[] weights, double[] oldWeights) : VarianceAdjustment
{
    private ResidualStep? step;

    public int[] Cells => cells;

    public int CellCount => cellCount;

    public double[] Weights => weights;

    public override IEnumerable<ResidualStep> Steps => [step ??= BuildStep()];

    private ResidualStep BuildStep()
    {
        var n = cells.Length;
        var psw = new double[n];
        var multiplier = new double[n];
        var divisor = new double[cellCount];
        for (var i = 0; i < n; i++)
        {
            psw[i] = weights[i] == 0 && oldWeights[i] == 0 ? 1 : weights[i];
            multiplier[i] = oldWeights[i] / psw[i];
            divisor[cells[i]] += oldWeights[i];
        }

        return new CellMeanStep(new CellBasis(cells, cellCount, psw), cells, multiplier, divisor);
    }

    public override void Residualise(double[] z)
    {
        var num = new double[cellCount];
        var den = new double[cellCount];
        for (var i = 0; i < z.Length; i++)
        {
            var psw = weights[i] == 0 && oldWeights[i] == 0 ? 1 : weights[i];
            num[cells[i]] += z[i] * oldWeights[i] / psw;
            den[cells[i]] += oldWeights[i];
        }

        for (var i = 0; i < z.Length; i++)
        {
            var psw = weights[i] == 0 && oldWeights[i] == 0 ? 1 : weights[i];
            z[i] -= num[cells[i]] / den[cells[i]] * psw;
        }
    }
}

/// <summary>R's raking term: 10 rounds of z ← z − w_m · ave_c(z / w_m) over the margins of the last sweep.</summary>
internal sealed class RakingAdjustment(PostStratumAdjustment[] margins) : VarianceAdjustment
{
    private readonly int[] cellCounts = [.. margins.Select(m => m.Cells.Max() + 1)];
    private ResidualStep[]? marginSteps;

    public override IEnumerable<ResidualStep> Steps
    {
        get
        {
            marginSteps ??= [.. margins.Select((m, mi) => BuildStep(m, cellCounts[mi]))];
            for (var round = 0; round < 10; round++)
            {
                foreach (var st in marginSteps)
                {
                    yield return st;
                }
            }
        }
    }

    private static ResidualStep BuildStep(PostStratumAdjustment margin, int k)
    {
        var n = margin.Cells.Length;
        var multiplier = new double[n];
        var count = new double[k];
        for (var i = 0; i < n; i++)
        {
            multiplier[i] = 1 / margin.Weights[i];
            count[margin.Cells[i]]++;
        }

        return new CellMeanStep(new CellBasis(margin.Cells, k, margin.Weights), margin.Cells, multiplier, count);
    }

    public override void Residualise(double[] z)
    {
        for (var round = 0; round < 10; round++)
        {
            for (var mi = 0; mi < margins.Length; mi++)
            {
                var margin = margins[mi];
                var k = cellCounts[mi];
                var sum = new double[k];
                var count = new int[k];
                for (var i = 0; i < z.Length; i++)
                {
                    sum[margin.Cells[i]] += z[i] / margin.Weights[i];
                    count[margin.Cells[i]]++;
                }

                for (var i = 0; i < z.Length; i++)
                {
                    var c = margin.Cells[i];
                    z[i] -= margin.Weights[i] * sum[c] / count[c];
                }
            }
        }
    }
}

/// <summary>R's greg_calibration term: z ← qr.resid(X√w, z / w_cal) · w_cal with w_cal = g √w.</summary>
internal sealed class CalibrationAdjustment : VarianceAdjustment
{
    private readonly Matrix<double> xw;
    private readonly double[] calW;
    private readonly Lazy<MathNet.Numerics.LinearAlgebra.Factorization.QR<double>> qr;

    private ResidualStep? step;

    private readonly double[] xwData;
    private readonly int rows;

    public CalibrationAdjustment(Matrix<double> xw, double[] calW)
    {
        this.xw = xw;
        this.calW = calW;
        xwData = WeightAdjustment.ColumnMajor(xw);
        rows = xw.RowCount;
        // The dense reference path (Residualise) solves with a full QR; the fast path needs only R (TallSkinnyR).
        qr = new(() => xw.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin));
    }

    public override IEnumerable<ResidualStep> Steps => [step ??= new GregStep(this)];

    /// <summary>
    /// GREG residual as a linear step: β = (AᵀA)⁻¹ Σ_i a_i z_i / w_i with A = X√w₀ and w = g√w₀ (what qr.resid
    /// solves), basis u_k(i) = a_ik w_i = w*_i x_ik. (AᵀA)⁻¹ = R⁻¹R⁻ᵀ from the same QR factor.
    /// </summary>
    private sealed class GregStep : ResidualStep
    {
        private readonly CalibrationAdjustment owner;
        private readonly Matrix<double> rInverse;
        private readonly GregBasis basis;

        public GregStep(CalibrationAdjustment owner)
        {
            this.owner = owner;
            var r = TallSkinnyR(owner.xwData, owner.rows, owner.xw.ColumnCount);
            rInverse = r.Inverse();
            basis = new GregBasis(owner.xw, owner.calW);
        }

        public override ResidualBasis Basis => basis;

        public override void Functional(int[]? rows, double[] z, Span<double> result)
        {
            var p = owner.xw.ColumnCount;
            var sums = new double[p]; // a plain array: this loop runs over every row of a domain
            var count = rows?.Length ?? z.Length;
            for (var k = 0; k < count; k++)
            {
                var i = rows is null ? k : rows[k];
                var b = z[k] / owner.calW[i];
                if (b == 0)
                {
                    continue;
                }

                for (var a = 0; a < p; a++)
                {
                    sums[a] += owner.xwData[(a * owner.rows) + i] * b;
                }
            }

            var v = Vector<double>.Build.DenseOfArray(sums);

            // β = R⁻¹ (R⁻ᵀ v)
            var beta = rInverse * rInverse.TransposeThisAndMultiply(v);
            for (var a = 0; a < p; a++)
            {
                result[a] += beta[a];
            }
        }
    }

    private sealed class GregBasis(Matrix<double> xw, double[] calW) : ResidualBasis
    {
        private readonly double[] data = WeightAdjustment.ColumnMajor(xw);
        private readonly int rows = xw.RowCount;

        public override int Size => xw.ColumnCount;

        public override int NonZeros(int row, Span<int> index, Span<double> value)
        {
            for (var a = 0; a < xw.ColumnCount; a++)
            {
                index[a] = a;
                value[a] = data[(a * rows) + row] * calW[row];
            }

            return xw.ColumnCount;
        }
    }

    /// <summary>
    /// R of a Householder QR of a tall column-major n×p matrix (A = QR, R p×p upper triangular), computed in place on a
    /// copy: 2np² flops in plain loops, where MathNet's general QR takes seconds on a million rows. Only RᵀR = AᵀA is
    /// used (through R⁻¹R⁻ᵀ), so the signs of R's rows do not matter.
    /// </summary>
    internal static Matrix<double> TallSkinnyR(double[] columnMajor, int n, int p)
    {
        var a = (double[])columnMajor.Clone();
        var r = Matrix<double>.Build.Dense(p, p);
        for (var k = 0; k < p; k++)
        {
            var ok = k * n;
            var norm2 = 0.0;
            for (var i = k; i < n; i++)
            {
                norm2 += a[ok + i] * a[ok + i];
            }

            var norm = Math.Sqrt(norm2);
            var head = a[ok + k];
            var alpha = head > 0 ? -norm : norm;
            var v2 = norm2 - (head * head) + ((head - alpha) * (head - alpha)); // |v|² with v = a_k − α e_k
            a[ok + k] = head - alpha;
            r[k, k] = alpha;
            for (var j = k + 1; j < p; j++)
            {
                var oj = j * n;
                if (v2 > 0)
                {
                    var dot = 0.0;
                    for (var i = k; i < n; i++)
                    {
                        dot += a[ok + i] * a[oj + i];
                    }

                    var f = 2 * dot / v2;
                    for (var i = k; i < n; i++)
                    {
                        a[oj + i] -= f * a[ok + i];
                    }
                }

                r[k, j] = a[oj + k];
            }
        }

        return r;
    }

    public override void Residualise(double[] z)
    {
        var b = Vector<double>.Build.Dense(z.Length, i => z[i] / calW[i]);
        var coef = qr.Value.Solve(b);
        var fitted = xw * coef;
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = (b[i] - fitted[i]) * calW[i];
        }
    }
}
