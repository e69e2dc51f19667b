namespace ParIndex.Core.Estimation;

/// <summary>
/// Precomputed form of a design's residualisations (post-stratification, raking, calibration) so that the
/// residual of a domain's influence values costs O(domain rows + PSUs × basis size) instead of O(all rows):
/// residual = z − Σ_k c_k u_k, with the coefficients c found by replaying R's steps on (sparse z, c) and the
/// PSU (and SSU) totals of every basis vector u_k computed once.
/// </summary>
internal sealed class ResidualPlan
{
    private readonly List<ResidualStep> sequence;
    private readonly Dictionary<ResidualBasis, int> offset = [];
    private readonly Dictionary<ResidualStep, double[]> onBasis = []; // F_step(u_k): [k * size + j]
    private readonly int maxStepSize;

    public ResidualPlan(IReadOnlyList<VarianceAdjustment> adjustments, int rowCount, int[] psu, int psuCount, int[]? ssu, int ssuCount)
    {
        sequence = [.. adjustments.SelectMany(a => a.Steps)];
        var bases = new List<ResidualBasis>();
        foreach (var step in sequence)
        {
            if (!offset.ContainsKey(step.Basis))
            {
                offset[step.Basis] = BasisSize;
                bases.Add(step.Basis);
                BasisSize += step.Basis.Size;
            }
        }

        var k = BasisSize;
        PsuBasisTotals = new double[psuCount * k];
        SsuBasisTotals = ssu is null ? null : new double[ssuCount * k];
        var maxSize = bases.Count == 0 ? 1 : bases.Max(b => b.Size);
        maxStepSize = maxSize;
        Span<int> idx = new int[maxSize];
        Span<double> val = new double[maxSize];

        // Dense basis vectors, kept only while the functionals of the steps are evaluated on them.
        var dense = new double[k][];
        for (var j = 0; j < k; j++)
        {
            dense[j] = new double[rowCount];
        }

        foreach (var b in bases)
        {
            var off = offset[b];
            for (var i = 0; i < rowCount; i++)
            {
                var nz = b.NonZeros(i, idx, val);
                for (var t = 0; t < nz; t++)
                {
                    var col = off + idx[t];
                    dense[col][i] = val[t];
                    PsuBasisTotals[(psu[i] * k) + col] += val[t];
                    if (SsuBasisTotals is not null)
                    {
                        SsuBasisTotals[(ssu![i] * k) + col] += val[t];
                    }
                }
            }
        }

        foreach (var step in sequence.Distinct())
        {
            var size = step.Basis.Size;
            var m = new double[k * size];
            for (var j = 0; j < k; j++)
            {
                step.Functional(null, dense[j], m.AsSpan(j * size, size));
            }

            onBasis[step] = m;
        }
    }

    /// <summary>Number of basis vectors K.</summary>
    public int BasisSize { get; }

    /// <summary>Σ_{i∈PSU p} u_k(i) at [p * K + k].</summary>
    public double[] PsuBasisTotals { get; }

    /// <summary>Σ_{i∈SSU s} u_k(i) at [s * K + k], or null for one-stage variance.</summary>
    public double[]? SsuBasisTotals { get; }

    /// <summary>Coefficients c with residual(z) = z − Σ_k c_k u_k, for z aligned with <paramref name="rows"/>.</summary>
    public double[] Coefficients(int[]? rows, double[] z)
    {
        var c = new double[BasisSize];
        var buffer = new double[maxStepSize];
        foreach (var step in sequence)
        {
            var size = step.Basis.Size;
            var f = buffer.AsSpan(0, size);
            f.Clear();
            step.Functional(rows, z, f);
            var m = onBasis[step];
            for (var k = 0; k < c.Length; k++)
            {
                if (c[k] == 0)
                {
                    continue;
                }

                // F(z − Σ c u) = F(z) − Σ c F(u)
                for (var j = 0; j < size; j++)
                {
                    f[j] -= c[k] * m[(k * size) + j];
                }
            }

            var off = offset[step.Basis];
            for (var j = 0; j < size; j++)
            {
                c[off + j] += f[j];
            }
        }

        return c;
    }
}
