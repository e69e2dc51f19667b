namespace ParIndex.Core.Estimation;

/// <summary>
/// R's stopping rule for <c>rake</c>, shared by the linearised and the replicate designs: after each sweep over the
/// margins, the weighted joint table of all margin variables (R's <c>svytable(~a + b + …)</c>) is compared with the
/// previous sweep's; raking has converged when the largest change is below ε (ε &lt; 1 is a fraction of Σ w, as in R).
/// </summary>
internal sealed class RakingConvergence
{
    private readonly int[] jointCode;
    private readonly int jointCount;
    private readonly double epsilon;
    private double[] previous;

    /// <param name="margins">Each margin's cell of every row and its population counts.</param>
    /// <param name="weights">The weights before the first sweep.</param>
    /// <param name="epsilon">R's <c>control$epsilon</c>.</param>
    public RakingConvergence(IReadOnlyList<(int[] Cells, double[] PopulationCounts)> margins, double[] weights, double epsilon)
    {
        var joint = new long[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            long key = 0;
            foreach (var (cells, pop) in margins)
            {
                key = (key * (pop.Length + 1)) + cells[i];
            }

            joint[i] = key;
        }

        jointCode = Factor.Densify(joint, out jointCount);
        this.epsilon = epsilon < 1 ? epsilon * weights.Sum() : epsilon;
        previous = Table(weights);
    }

    /// <summary>Whether the sweep that produced <paramref name="weights"/> changed no joint cell by ε or more.</summary>
    public bool AfterSweep(double[] weights)
    {
        var table = Table(weights);
        var delta = 0.0;
        for (var c = 0; c < jointCount; c++)
        {
            delta = Math.Max(delta, Math.Abs(previous[c] - table[c]));
        }

        previous = table;
        return delta < epsilon;
    }

    private double[] Table(double[] weights)
    {
        var t = new double[jointCount];
        for (var i = 0; i < weights.Length; i++)
        {
            t[jointCode[i]] += weights[i];
        }

        return t;
    }
}
