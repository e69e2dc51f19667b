using ParIndex.Core.Sampling;

namespace ParIndex.Benchmarks;

/// <summary>
/// A generated frame held as columns: 10,000,000 rows by default over 126 strata (Hanoi's 126
/// xã/phường since 2025), stratum sizes varying about ±50 %, size measure log-normal-like
/// (households per row, 1…~400). Deterministic for a seed.
/// </summary>
public sealed class LargeFrame
{
    public required double[] Sizes { get; init; }
    public required int[] Stratum { get; init; }
    public required int[] SampleSizes { get; init; }

    public static LargeFrame Generate(int rows = 10_000_000, int strata = 126, int perStratum = 100, int seed = 1)
    {
        var rng = new SamplingRandom(seed);
        var weights = Enumerable.Range(0, strata).Select(_ => 0.5 + rng.NextDouble()).ToArray();
        var total = weights.Sum();
        var stratum = new int[rows];
        var sizes = new double[rows];
        var start = 0;
        for (var h = 0; h < strata; h++)
        {
            var count = h == strata - 1 ? rows - start : (int)(rows * weights[h] / total);
            Array.Fill(stratum, h, start, count);
            start += count;
        }
        for (var i = 0; i < rows; i++)
        {
            // exp of a sum of uniforms: a cheap log-normal-like skewed size measure
            var z = rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5;
            sizes[i] = Math.Round(Math.Exp(2 + 2 * z)) + 1;
        }
        return new LargeFrame { Sizes = sizes, Stratum = stratum, SampleSizes = Enumerable.Repeat(perStratum, strata).ToArray() };
    }
}
