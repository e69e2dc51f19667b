namespace ParIndex.Core.Estimation;

/// <summary>
/// A weight adjustment's effect on linearisation variance: replaces influence values by residuals,
/// as R's <c>svyrecvar</c> does with <c>design$postStrata</c>.
/// </summary>
/// <remarks>
/// Every residualisation R uses is linear: z ← z − Σ_k a_k(z) u_k for fixed vectors u_k (a basis) and
/// coefficients a(z) that are linear functionals of z. <see cref="Steps"/> exposes that form so a domain's
/// residual can be computed from the domain's rows and per-PSU sums of the basis (see <see cref="ResidualPlan"/>)
/// instead of a pass over every row; <see cref="Residualise"/> is the dense reference.
/// </remarks>
internal abstract class VarianceAdjustment
{
    /// <summary>Overwrites <paramref name="z"/> (one value per row) by its residual.</summary>
    public abstract void Residualise(double[] z);

    /// <summary>The residualisation as a sequence of linear steps, in the order R applies them.</summary>
    public abstract IEnumerable<ResidualStep> Steps { get; }
}

/// <summary>Fixed vectors u_0..u_{Size−1} (one value per row) that a residualisation subtracts multiples of.</summary>
internal abstract class ResidualBasis
{
    public abstract int Size { get; }

    /// <summary>Writes the non-zero u_k(row) into <paramref name="index"/>/<paramref name="value"/>; returns how many.</summary>
    public abstract int NonZeros(int row, Span<int> index, Span<double> value);
}

/// <summary>One step z ← z − Σ_j F_j(z) u_j of a residualisation, with F linear.</summary>
internal abstract class ResidualStep
{
    public abstract ResidualBasis Basis { get; }

    /// <summary>
    /// F(z) for z aligned with <paramref name="rows"/> (or one value per row when null), added into <paramref name="result"/>.
    /// </summary>
    public abstract void Functional(int[]? rows, double[] z, Span<double> result);
}

/// <summary>Basis psw_i·[cell(i) = c], c = 0..cells−1 (post-strata and raking margins).</summary>
internal sealed class CellBasis(int[] cells, int cellCount, double[] psw) : ResidualBasis
{
    public override int Size => cellCount;

    public override int NonZeros(int row, Span<int> index, Span<double> value)
    {
        index[0] = cells[row];
        value[0] = psw[row];
        return 1;
    }
}

/// <summary>F_c(z) = Σ_{i∈c} z_i m_i / d_c: the cell-mean functional of post-stratification (m = oldw/psw, d = Σ oldw) and raking (m = 1/psw, d = count).</summary>
internal sealed class CellMeanStep(CellBasis basis, int[] cells, double[] multiplier, double[] divisor) : ResidualStep
{
    public override ResidualBasis Basis => basis;

    public override void Functional(int[]? rows, double[] z, Span<double> result)
    {
        var count = rows?.Length ?? z.Length;
        for (var k = 0; k < count; k++)
        {
            var i = rows is null ? k : rows[k];
            result[cells[i]] += z[k] * multiplier[i] / divisor[cells[i]];
        }
    }
}
