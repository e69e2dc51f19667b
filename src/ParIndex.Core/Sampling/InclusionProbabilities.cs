namespace ParIndex.Core.Sampling;

/// <summary>Inclusion probabilities proportional to a size measure.</summary>
public static class InclusionProbabilities
{
    /// <summary>
    /// π_k = n·a_k / Σa, with every π_k ≥ 1 set to 1 and the remaining n − L probabilities
    /// recomputed proportionally to a_k among the others, repeated until no new unit reaches 1
    /// (Tillé 2006, §2.10; the algorithm of R <c>sampling::inclusionprobabilities</c>, reproduced
    /// step by step, so results agree with R to rounding error). Negative sizes are shifted to 0
    /// as in R; units of size 0 get π = 0. All sizes 0 gives all π = 0.
    /// </summary>
    /// <param name="sizes">Size measures a_k (non-negative, finite).</param>
    /// <param name="n">Expected sample size; need not be an integer.</param>
    public static double[] Compute(ReadOnlySpan<double> sizes, double n)
    {
        var pik = new double[sizes.Length];
        Compute(sizes, n, pik);
        return pik;
    }

    /// <summary>Same as <see cref="Compute(ReadOnlySpan{double}, double)"/> into a caller-owned buffer (no allocation).</summary>
    public static void Compute(ReadOnlySpan<double> sizes, double n, Span<double> pik)
    {
        if (pik.Length != sizes.Length) throw new ArgumentException("Buffer length must equal the number of sizes.", nameof(pik));
        if (double.IsNaN(n) || n < 0) throw new ArgumentOutOfRangeException(nameof(n), "n must be ≥ 0.");
        double total = 0;
        for (var k = 0; k < sizes.Length; k++)
        {
            var a = sizes[k];
            if (double.IsNaN(a) || double.IsInfinity(a)) throw new ArgumentException($"Size at position {k} is not finite.", nameof(sizes));
            if (a > 0) total += a;
        }
        if (total <= 0) { pik.Clear(); return; }

        for (var k = 0; k < sizes.Length; k++) pik[k] = sizes[k] > 0 ? n * sizes[k] / total : 0;

        var certain = 0;
        for (var k = 0; k < pik.Length; k++) if (pik[k] >= 1) certain++;
        var previous = 0;
        while (certain != previous)
        {
            // Rescale the units below 1 so that they add up to n − L (R: x/sum(x)*(n−l)).
            double rest = 0;
            for (var k = 0; k < pik.Length; k++) if (pik[k] > 0 && pik[k] < 1) rest += pik[k];
            for (var k = 0; k < pik.Length; k++)
            {
                if (pik[k] >= 1) pik[k] = 1;
                else if (pik[k] > 0) pik[k] = (n - certain) * pik[k] / rest;
            }
            previous = certain;
            certain = 0;
            for (var k = 0; k < pik.Length; k++) if (pik[k] >= 1) certain++;
        }
    }
}
