namespace ParIndex.Core.Sampling;

/// <summary>
/// Selection algorithms. Each returns the selected positions (0-based, ascending) in the input.
/// Units with π ≥ 1 − ε are always taken and units with π ≤ ε never, with ε = 1e−6 as in R's
/// <c>sampling</c> package. References: Tillé (2006) <i>Sampling Algorithms</i>, Springer;
/// R package <c>sampling</c> (Tillé &amp; Matei).
/// </summary>
public static class Selection
{
    public const double Epsilon = 1e-6;

    /// <summary>Takes all N units.</summary>
    public static int[] Census(int populationSize) => Enumerable.Range(0, populationSize).ToArray();

    /// <summary>
    /// Simple random sampling without replacement by selection–rejection (Fan, Muller &amp; Rezucha 1962;
    /// Tillé 2006 Algorithm 4.3; Knuth Algorithm S): unit k is taken with probability
    /// (n − taken)/(N − k). One uniform per unit scanned; π_k = n/N.
    /// </summary>
    public static int[] Srs(int populationSize, int n, SamplingRandom rng)
    {
        CheckSize(populationSize, n);
        var result = new int[n];
        var taken = 0;
        for (var k = 0; k < populationSize && taken < n; k++)
        {
            if ((populationSize - k) * rng.NextDouble() < n - taken) result[taken++] = k;
        }
        return result;
    }

    /// <summary>
    /// Equal-probability systematic sampling with the fractional interval N/n and one random start
    /// (Tillé 2006 §3.10; Madow 1949): the πps systematic algorithm with every π_k = n/N.
    /// </summary>
    public static int[] Systematic(int populationSize, int n, SamplingRandom rng)
    {
        CheckSize(populationSize, n);
        if (n == populationSize) return Census(populationSize);
        var pik = new double[populationSize];
        Array.Fill(pik, (double)n / populationSize);
        return PpsSystematic(pik, rng);
    }

    /// <summary>
    /// Systematic πps sampling (Madow 1949; Tillé 2006 Algorithm 7.1), R <c>UPsystematic</c>:
    /// with V_k = Σ_{l≤k} π_l and u ~ U[0,1), unit k is selected when ⌊V_{k−1} − u⌋ ≠ ⌊V_k − u⌋,
    /// computed as (V_{k−1} − u) mod 1 &gt; (V_k − u) mod 1. Exact π_k, but many pairs have π_kl = 0.
    /// </summary>
    public static int[] PpsSystematic(ReadOnlySpan<double> pik, SamplingRandom rng) => PpsSystematic(pik, rng.NextDouble());

    /// <summary>Systematic πps with a given start u ∈ [0,1) (used to check against R with the same u).</summary>
    public static int[] PpsSystematic(ReadOnlySpan<double> pik, double u)
    {
        var result = new List<int>();
        double cumulative = 0;
        var previous = Mod1(0 - u);
        for (var k = 0; k < pik.Length; k++)
        {
            var p = pik[k];
            if (p >= 1 - Epsilon) { result.Add(k); continue; }
            if (p <= Epsilon) continue;
            cumulative += p;
            var current = Mod1(cumulative - u);
            if (previous > current) result.Add(k);
            previous = current;
        }
        return result.ToArray();
    }

    /// <summary>
    /// Brewer's method (Brewer 1975; Tillé 2006 Algorithm 6.9), R <c>UPbrewer</c>: n steps; at step i
    /// the unit k not yet selected is chosen with probability proportional to
    /// π_k (n − a − π_k) / (n − a − π_k (n − i + 1)), a = Σ π of the units already selected.
    /// Exact π_k and all π_kl &gt; 0. Cost O(n·N).
    /// </summary>
    public static int[] PpsBrewer(ReadOnlySpan<double> pik, SamplingRandom rng)
    {
        var (certain, index, p) = Split(pik);
        var n = (int)Math.Round(p.Sum());
        var selected = new bool[p.Length];
        var weights = new double[p.Length];
        double a = 0;
        for (var i = 1; i <= n; i++)
        {
            double total = 0;
            for (var k = 0; k < p.Length; k++)
            {
                double w = 0;
                if (!selected[k])
                {
                    var num = p[k] * (n - a - p[k]);
                    var den = n - a - p[k] * (n - i + 1);
                    w = num / den;
                    if (!(w > 0) || double.IsInfinity(w)) w = 0; // cannot happen for valid π; guards rounding

                }
                weights[k] = w;
                total += w;
            }
            var j = Pick(weights, total, rng.NextDouble());
            selected[j] = true;
            a += p[j];
        }
        return Merge(certain, index, selected);
    }

    /// <summary>
    /// Sampford's rejective method (Sampford 1967; Tillé 2006 Algorithm 7.3), R <c>UPsampford</c>:
    /// draw one unit with probability π_k/n and n − 1 more with replacement with probability
    /// ∝ π_k/(1 − π_k); accept when all n are distinct, else start again. Exact π_k.
    /// Throws after <paramref name="maxIterations"/> rejections (R's default is 500; large π make
    /// rejection frequent, prefer Brewer then).
    /// </summary>
    public static int[] PpsSampford(ReadOnlySpan<double> pik, SamplingRandom rng, int maxIterations = 10_000)
    {
        var (certain, index, p) = Split(pik);
        var sum = p.Sum();
        var n = (int)Math.Round(sum);
        var first = new double[p.Length];
        var rest = new double[p.Length];
        double restTotal = 0;
        for (var k = 0; k < p.Length; k++) { first[k] = p[k]; rest[k] = p[k] / (1 - p[k]); restTotal += rest[k]; }
        var selected = new bool[p.Length];
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            Array.Clear(selected);
            var ok = true;
            for (var draw = 0; draw < n && ok; draw++)
            {
                var j = draw == 0 ? Pick(first, sum, rng.NextDouble()) : Pick(rest, restTotal, rng.NextDouble());
                if (selected[j]) ok = false; else selected[j] = true;
            }
            if (ok) return Merge(certain, index, selected);
        }
        throw new InvalidOperationException($"Sampford: no distinct sample after {maxIterations} tries; use pps-brewer for these probabilities.");
    }

    /// <summary>Dispatches on <paramref name="method"/>; for PPS methods <paramref name="pik"/> must already be inclusion probabilities.</summary>
    public static int[] Select(SelectionMethod method, ReadOnlySpan<double> pik, int n, SamplingRandom rng) => method switch
    {
        SelectionMethod.Census => Census(pik.Length),
        SelectionMethod.Srs => Srs(pik.Length, n, rng),
        SelectionMethod.Systematic => Systematic(pik.Length, n, rng),
        SelectionMethod.PpsSystematic => PpsSystematic(pik, rng),
        SelectionMethod.PpsBrewer => PpsBrewer(pik, rng),
        SelectionMethod.PpsSampford => PpsSampford(pik, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    private static double Mod1(double x) => x - Math.Floor(x);

    private static void CheckSize(int populationSize, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n > populationSize) throw new ArgumentOutOfRangeException(nameof(n), $"Cannot draw {n} units from {populationSize} without replacement.");
    }

    private static int Pick(double[] weights, double total, double u)
    {
        var target = u * total;
        double c = 0;
        var last = -1;
        for (var k = 0; k < weights.Length; k++)
        {
            if (weights[k] <= 0) continue;
            c += weights[k];
            last = k;
            if (target < c) return k;
        }
        return last;
    }

    private static (List<int> Certain, int[] Index, double[] P) Split(ReadOnlySpan<double> pik)
    {
        var certain = new List<int>();
        var index = new List<int>();
        var p = new List<double>();
        for (var k = 0; k < pik.Length; k++)
        {
            if (pik[k] >= 1 - Epsilon) certain.Add(k);
            else if (pik[k] > Epsilon) { index.Add(k); p.Add(pik[k]); }
        }
        return (certain, index.ToArray(), p.ToArray());
    }

    private static int[] Merge(List<int> certain, int[] index, bool[] selected)
    {
        var all = new List<int>(certain);
        for (var k = 0; k < index.Length; k++) if (selected[k]) all.Add(index[k]);
        all.Sort();
        return all.ToArray();
    }
}
