namespace ParIndex.Core.Monitoring;

/// <summary>
/// The expected share of a cell's designed sample completed by a given time, for early warning. Fieldwork runs from
/// <see cref="Start"/> to <see cref="End"/>; the expected share rises linearly from 0 to <see cref="TargetShare"/>
/// (a plain, explainable curve: supervisors can check it by hand).
/// </summary>
public sealed record ProgressCurve(DateTime Start, DateTime End, double TargetShare = 1.0, double Tolerance = 0.8)
{
    /// <summary>Expected completed share at <paramref name="at"/>: TargetShare · clamp((at − Start)/(End − Start), 0, 1).</summary>
    public double ExpectedShare(DateTime at)
    {
        if (End <= Start) return at >= End ? TargetShare : 0;
        var f = (at - Start) / (End - Start);
        return TargetShare * Math.Clamp(f, 0, 1);
    }

    /// <summary>
    /// A cell lags when its completed share is below Tolerance × expected share. Cells without a designed sample never lag.
    /// </summary>
    public bool IsLagging(int completed, int designed, DateTime at) =>
        designed > 0 && (double)completed / designed < Tolerance * ExpectedShare(at);

    /// <summary>How many completes the cell should have at <paramref name="at"/> (rounded up).</summary>
    public int ExpectedCompletes(int designed, DateTime at) => (int)Math.Ceiling(designed * ExpectedShare(at) - 1e-9);
}
