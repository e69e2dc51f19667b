namespace ParIndex.Core.Sampling;

/// <summary>How a total sample size is spread over strata. See docs/sampling.md § Allocation.</summary>
public enum AllocationMethod
{
    /// <summary>n_h ∝ 1.</summary>
    Equal,
    /// <summary>n_h ∝ N_h.</summary>
    Proportional,
    /// <summary>Neyman (1934): n_h ∝ N_h·S_h.</summary>
    Neyman,
    /// <summary>Optimal with costs (Cochran 1977 §5.5): n_h ∝ N_h·S_h/√c_h.</summary>
    Optimal,
}

/// <summary>A stratum as the allocation sees it.</summary>
/// <param name="Key">Stratum key (e.g. "SO-DAN | SO-TP").</param>
/// <param name="PopulationSize">N_h: units available; the allocation never exceeds it.</param>
/// <param name="StdDev">S_h (Neyman, optimal); the N−1 normaliser is customary but the caller decides.</param>
/// <param name="Cost">c_h &gt; 0, cost per interview (optimal only).</param>
public sealed record StratumSpec(string Key, int PopulationSize, double StdDev = 0, double Cost = 1);

/// <summary>Allocation result: the unrounded target after bounds, and the integer sizes.</summary>
public sealed record StratumAllocation(string Key, int PopulationSize, double Exact, int Size);

/// <summary>
/// Allocation of n over strata with a minimum per stratum and a cap at N_h, rounded to integers
/// that add up exactly to n.
/// <para>Bounds: x_h = n·w_h/Σw. Any stratum below m_h = min(minimum, N_h) is fixed at m_h and any
/// above N_h at N_h; the remaining n is spread over the free strata by the same weights; repeated
/// until no bound is violated (each pass fixes at least one stratum, so at most H passes).</para>
/// <para>Rounding: largest remainder (Hamilton): ⌊x_h⌋ first, then one more unit to the strata with
/// the largest fractional parts until the total is n, skipping strata at N_h. Ties: larger N_h first,
/// then the stratum that comes first in the input order.</para>
/// </summary>
public static class Allocation
{
    public static IReadOnlyList<StratumAllocation> Allocate(
        IReadOnlyList<StratumSpec> strata, int total, AllocationMethod method, int minimumPerStratum = 0)
    {
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumPerStratum);
        var H = strata.Count;
        if (H == 0) return [];
        long populationTotal = strata.Sum(s => (long)s.PopulationSize);
        if (total > populationTotal)
            throw new ArgumentException($"Total n = {total} exceeds the population size {populationTotal}.", nameof(total));
        var minimum = strata.Select(s => Math.Min(minimumPerStratum, s.PopulationSize)).ToArray();
        if (minimum.Sum() > total)
            throw new ArgumentException($"The minimum per stratum needs {minimum.Sum()} units, more than the total n = {total}.", nameof(minimumPerStratum));

        var weight = strata.Select(s => Weight(s, method)).ToArray();
        var exact = new double[H];
        var fixedAt = new bool[H];
        while (true)
        {
            double remaining = total, freeWeight = 0;
            for (var h = 0; h < H; h++)
            {
                if (fixedAt[h]) remaining -= exact[h];
                else freeWeight += weight[h];
            }
            var freeCount = fixedAt.Count(f => !f);
            for (var h = 0; h < H; h++)
            {
                if (fixedAt[h]) continue;
                // All free weights zero (e.g. every S_h = 0): spread the rest evenly.
                exact[h] = freeWeight > 0 ? remaining * weight[h] / freeWeight : remaining / freeCount;
            }
            var changed = false;
            for (var h = 0; h < H; h++)
            {
                if (fixedAt[h]) continue;
                if (exact[h] < minimum[h] - 1e-12) { exact[h] = minimum[h]; fixedAt[h] = changed = true; }
                else if (exact[h] > strata[h].PopulationSize + 1e-12) { exact[h] = strata[h].PopulationSize; fixedAt[h] = changed = true; }
            }
            if (!changed) break;
        }

        var size = RoundPreservingTotal(exact, total, strata.Select(s => s.PopulationSize).ToArray());
        return strata.Select((s, h) => new StratumAllocation(s.Key, s.PopulationSize, exact[h], size[h])).ToList();
    }

    /// <summary>Largest-remainder rounding, see the class remarks for the tie-break.</summary>
    public static int[] RoundPreservingTotal(IReadOnlyList<double> exact, int total, IReadOnlyList<int> caps)
    {
        var H = exact.Count;
        var size = new int[H];
        for (var h = 0; h < H; h++) size[h] = Math.Min((int)Math.Floor(exact[h] + 1e-9), caps[h]);
        var short_ = total - size.Sum();
        var order = Enumerable.Range(0, H)
            .OrderByDescending(h => Math.Round(exact[h] - Math.Floor(exact[h] + 1e-9), 9))
            .ThenByDescending(h => caps[h])
            .ThenBy(h => h)
            .ToList();
        while (short_ > 0)
        {
            var progressed = false;
            foreach (var h in order)
            {
                if (short_ == 0) break;
                if (size[h] >= caps[h]) continue;
                size[h]++; short_--; progressed = true;
            }
            if (!progressed) throw new InvalidOperationException("Cannot place the total within the stratum sizes.");
        }
        return size;
    }

    private static double Weight(StratumSpec s, AllocationMethod method)
    {
        if (s.PopulationSize < 0) throw new ArgumentException($"Stratum '{s.Key}': N_h < 0.");
        return method switch
        {
            AllocationMethod.Equal => s.PopulationSize > 0 ? 1 : 0,
            AllocationMethod.Proportional => s.PopulationSize,
            AllocationMethod.Neyman => s.PopulationSize * CheckSd(s),
            AllocationMethod.Optimal => s.PopulationSize * CheckSd(s) / Math.Sqrt(CheckCost(s)),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
    }

    private static double CheckSd(StratumSpec s) =>
        s.StdDev >= 0 && double.IsFinite(s.StdDev) ? s.StdDev : throw new ArgumentException($"Stratum '{s.Key}': S_h must be ≥ 0.");

    private static double CheckCost(StratumSpec s) =>
        s.Cost > 0 && double.IsFinite(s.Cost) ? s.Cost : throw new ArgumentException($"Stratum '{s.Key}': cost must be > 0.");

    public static AllocationMethod ParseMethod(string text) => text.Trim().ToLowerInvariant() switch
    {
        "equal" => AllocationMethod.Equal,
        "proportional" or "prop" => AllocationMethod.Proportional,
        "neyman" => AllocationMethod.Neyman,
        "optimal" or "optimum" => AllocationMethod.Optimal,
        _ => throw new FormatException($"Unknown allocation '{text}'. Use equal, proportional, neyman or optimal."),
    };
}
