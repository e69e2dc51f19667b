namespace ParIndex.Core.Estimation;

/// <summary>
/// A weight adjustment's effect on linearisation variance: replaces influence values by residuals,
/// as R's <c>svyrecvar</c> does with <c>design$postStrata</c>.
/// </summary>
internal abstract class VarianceAdjustment
{
    /// <summary>Overwrites <paramref name="z"/> (one value per row) by its residual.</summary>
    public abstract void Residualise(double[] z);
}
