using MathNet.Numerics.LinearAlgebra;

namespace ParIndex.Core.Estimation;

/// <summary>
/// Weight adjustment of a replicate design: the full sample and every replicate are adjusted separately to the
/// same population figures, so replicate variances include the adjustment (R's <c>postStratify</c>, <c>rake</c>
/// and <c>calibrate</c> methods for <c>svyrep.design</c>).
/// </summary>
public sealed partial class ReplicateDesign
{
    /// <summary>
    /// Post-stratification of the full sample and of each replicate r: w_ri ← w_ri N_c / Σ_{j∈c} w_rj.
    /// A replicate with no weight in a cell leaves that cell's weights at 0 (R produces NaN and drops the replicate).
    /// </summary>
    public ReplicateDesign PostStratify(ReadOnlySpan<int> cells, ReadOnlySpan<double> populationCounts)
    {
        var adj = new CellAdjustment(cells.ToArray(), populationCounts.Length, ReplicateCount);
        adj.Rescale(this, [], populationCounts.ToArray());
        return With(adj);
    }

    /// <summary>
    /// Raking of the full sample and of each replicate by iterative proportional fitting (same sweeps for all,
    /// stopped by the full sample's convergence as R's <c>rake</c>: largest change in the joint table &lt; ε, ε &lt; 1
    /// relative to Σ w; R's defaults maxIterations = 10, ε = 1).
    /// </summary>
    public (ReplicateDesign Design, bool Converged) Rake(IReadOnlyList<(int[] Cells, double[] PopulationCounts)> margins, int maxIterations = 10, double epsilon = 1)
    {
        ArgumentNullException.ThrowIfNull(margins);
        var n = weights.Length;
        var adjs = margins.Select(m => new CellAdjustment(m.Cells, m.PopulationCounts.Length, ReplicateCount)).ToArray();
        var full = new double[n];
        for (var i = 0; i < n; i++)
        {
            full[i] = FullWeight(i);
        }

        var convergence = new RakingConvergence(margins, full, epsilon);
        var converged = false;
        for (var iter = 0; iter < maxIterations && !converged; iter++)
        {
            for (var m = 0; m < adjs.Length; m++)
            {
                adjs[m].Rescale(this, adjs, margins[m].PopulationCounts);
            }

            for (var i = 0; i < n; i++)
            {
                full[i] = FullWeight(i);
                foreach (var a in adjs)
                {
                    full[i] *= a.Full(i);
                }
            }

            converged = convergence.AfterSweep(full);
        }

        return (With(adjs), converged);
    }

    /// <summary>
    /// Linear calibration of the full sample and of each replicate to the same totals (R's <c>calibrate</c> for
    /// replicate designs): g_ri = 1 + x_iᵀλ_r, or truncated to [lower, upper] and solved by Newton steps; see
    /// <see cref="WeightAdjustment.Calibrate"/>. Throws when the full-sample bounded calibration fails to converge;
    /// a replicate that fails keeps its last Newton iterate, as R does (with a warning there).
    /// </summary>
    public ReplicateDesign Calibrate(IReadOnlyList<double[]> columns, ReadOnlySpan<double> populationTotals, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity, int maxIterations = 50, double epsilon = 1e-7)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var n = weights.Length;
        var x = Matrix<double>.Build.DenseOfColumnArrays(columns);
        var population = Vector<double>.Build.DenseOfArray(populationTotals.ToArray());
        var ww = new double[n];
        for (var i = 0; i < n; i++)
        {
            ww[i] = FullWeight(i);
        }

        var full = WeightAdjustment.SolveLinearCalibration(x, ww, population, lower, upper, maxIterations, epsilon);
        var reps = new (Vector<double> Eta, double Scale)[ReplicateCount];
        for (var r = 0; r < ReplicateCount; r++)
        {
            for (var i = 0; i < n; i++)
            {
                ww[i] = ReplicateWeight(i, r);
            }

            reps[r] = WeightAdjustment.SolveLinearCalibration(x, ww, population, lower, upper, maxIterations, epsilon, throwOnFailure: false);
        }

        return With(new CalibrationReplicateAdjustment(x, full, reps, lower, upper));
    }

    private ReplicateDesign With(params ReplicateWeightAdjustment[] more) =>
        new(Kind, weights, psu, PsuCount, factors, ReplicateCount, Scale, [.. ReplicateScales], DegreesOfFreedom, Mse, [.. replicateAdjustments, .. more]);

    /// <summary>Full-sample weight of row i after the adjustments so far.</summary>
    internal double FullWeight(int i)
    {
        var w = weights[i];
        foreach (var a in replicateAdjustments)
        {
            w *= a.Full(i);
        }

        return w;
    }

    /// <summary>Weight of row i in replicate r after the adjustments so far.</summary>
    internal double ReplicateWeight(int i, int r)
    {
        var w = weights[i] * factors[(psu[i] * ReplicateCount) + r];
        foreach (var a in replicateAdjustments)
        {
            w *= a.Replicate(i, r);
        }

        return w;
    }
}

/// <summary>Multiplier of a row's full-sample and replicate weights.</summary>
internal abstract class ReplicateWeightAdjustment
{
    public abstract double Full(int row);

    public abstract double Replicate(int row, int replicate);
}

/// <summary>Per-cell multipliers (post-stratification, one raking margin), accumulated over sweeps.</summary>
internal sealed class CellAdjustment : ReplicateWeightAdjustment
{
    private readonly int[] cells;
    private readonly int cellCount;
    private readonly int replicates;
    private readonly double[] full;
    private readonly double[] rep;

    public CellAdjustment(int[] cells, int cellCount, int replicates)
    {
        this.cells = cells;
        this.cellCount = cellCount;
        this.replicates = replicates;
        full = Enumerable.Repeat(1.0, cellCount).ToArray();
        rep = Enumerable.Repeat(1.0, cellCount * replicates).ToArray();
    }

    public override double Full(int row) => full[cells[row]];

    public override double Replicate(int row, int replicate) => rep[(cells[row] * replicates) + replicate];

    /// <summary>Multiplies this cell's factors so the current weights (design × <paramref name="pending"/> adjustments) hit the counts.</summary>
    public void Rescale(ReplicateDesign design, CellAdjustment[] pending, double[] population)
    {
        var n = cells.Length;
        var tf = new double[cellCount];
        var tr = new double[cellCount * replicates];
        for (var i = 0; i < n; i++)
        {
            var c = cells[i];
            if (c < 0 || c >= cellCount)
            {
                throw new ArgumentException($"Post-stratum code {c} at row {i} has no population count.");
            }

            var wf = design.FullWeight(i);
            foreach (var a in pending)
            {
                wf *= a.Full(i);
            }

            tf[c] += wf;
            for (var r = 0; r < replicates; r++)
            {
                var wr = design.ReplicateWeight(i, r);
                foreach (var a in pending)
                {
                    wr *= a.Replicate(i, r);
                }

                tr[(c * replicates) + r] += wr;
            }
        }

        for (var c = 0; c < cellCount; c++)
        {
            if (tf[c] == 0 && population[c] > 0)
            {
                throw new ArgumentException($"Post-stratum {c} is absent from the sample.");
            }

            if (tf[c] > 0 && population[c] == 0)
            {
                throw new ArgumentException($"Post-stratum {c} is in the sample but has no population.");
            }

            full[c] *= tf[c] == 0 ? 1 : population[c] / tf[c];
            for (var r = 0; r < replicates; r++)
            {
                var t = tr[(c * replicates) + r];
                rep[(c * replicates) + r] *= t == 0 ? 1 : population[c] / t;
            }
        }
    }
}

/// <summary>Linear calibration factors g = 1 + xᵀλ (or truncated) with one λ per replicate.</summary>
internal sealed class CalibrationReplicateAdjustment(Matrix<double> x, (Vector<double> Eta, double Scale) full, (Vector<double> Eta, double Scale)[] reps, double lower, double upper) : ReplicateWeightAdjustment
{
    private readonly bool bounded = !double.IsNegativeInfinity(lower) || !double.IsPositiveInfinity(upper);

    public override double Full(int row) => G(row, full);

    public override double Replicate(int row, int replicate) => G(row, reps[replicate]);

    private double G(int row, (Vector<double> Eta, double Scale) solution)
    {
        var u = 0.0;
        for (var a = 0; a < x.ColumnCount; a++)
        {
            u += x[row, a] * solution.Eta[a];
        }

        return WeightAdjustment.CalibrationG(u, bounded, lower, upper, solution.Scale);
    }
}
