namespace ParIndex.Core.Scoring;

/// <summary>
/// Ranks units within their unit type by index (two decimals, as published; ties share the better rank, "1, 2, 2, 4")
/// and simulates rank intervals: each draw perturbs every index by its standard error times an independent standard
/// normal, re-ranks, and the interval is the α/2 and 1−α/2 quantiles of the simulated ranks.
/// </summary>
public static class Ranking
{
    public static IReadOnlyList<UnitScore> Rank(IReadOnlyList<UnitScore> units, ScoringConfiguration configuration)
    {
        var result = units.ToList();
        foreach (var type in units.Select(u => u.UnitType).Distinct())
        {
            var ranked = result.Select((u, i) => (u, i)).Where(p => p.u.UnitType == type && p.u.Index is not null).ToList();
            if (ranked.Count == 0) continue;
            var published = ranked.Select(p => Math.Round(p.u.Index!.Value, 2, MidpointRounding.AwayFromZero)).ToArray();
            var intervals = Intervals(ranked.Select(p => p.u.Index!.Value).ToArray(),
                ranked.Select(p => p.u.IndexStandardError is { } s && double.IsFinite(s) ? s : 0).ToArray(), configuration);
            for (var k = 0; k < ranked.Count; k++)
            {
                var rank = 1 + published.Count(x => x > published[k]);
                var tied = published.Where((x, j) => j != k && x == published[k]).Any();
                result[ranked[k].i] = ranked[k].u with { Rank = rank, Tied = tied, RankLower = intervals?[k].Lower, RankUpper = intervals?[k].Upper };
            }
        }
        return result;
    }

    /// <summary>Simulated rank intervals (null when <see cref="ScoringConfiguration.RankDraws"/> is 0). Deterministic for a seed.</summary>
    public static (int Lower, int Upper)[]? Intervals(double[] index, double[] standardError, ScoringConfiguration configuration)
    {
        var draws = configuration.RankDraws;
        if (draws == 0) return null;
        var n = index.Length;
        var rng = new Random(configuration.Seed);
        var ranks = new int[n][];
        for (var k = 0; k < n; k++) ranks[k] = new int[draws];
        var sim = new double[n];
        for (var d = 0; d < draws; d++)
        {
            for (var k = 0; k < n; k++) sim[k] = index[k] + standardError[k] * StandardNormal(rng);
            for (var k = 0; k < n; k++)
            {
                var r = 1;
                for (var j = 0; j < n; j++) if (sim[j] > sim[k]) r++;
                ranks[k][d] = r;
            }
        }
        var alpha = 1 - configuration.ConfidenceLevel;
        var result = new (int, int)[n];
        for (var k = 0; k < n; k++)
        {
            Array.Sort(ranks[k]);
            result[k] = (Quantile(ranks[k], alpha / 2), Quantile(ranks[k], 1 - alpha / 2));
        }
        return result;
    }

    /// <summary>Nearest-rank quantile of sorted values: x_(⌈p·n⌉), at least the first.</summary>
    private static int Quantile(int[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Box–Muller from System.Random (deterministic for a seed).</summary>
    private static double StandardNormal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
