using MathNet.Numerics.Random;

namespace ParIndex.Core.Sampling;

/// <summary>
/// The one random stream of a draw: MT19937 (Matsumoto &amp; Nishimura 1998) as implemented by
/// MathNet.Numerics 5.0.0: the reference <c>init_genrand(seed)</c> and u = genrand_int32() / 2³²,
/// i.e. C++ <c>std::mt19937(seed)()</c> / 2³² (seed 0 gives 0.548813502304256 first). The sequence
/// depends only on the seed, never on the machine, the runtime or the thread, so a draw can be
/// re-run from its record, in any language.
/// </summary>
public sealed class SamplingRandom
{
    /// <summary>Recorded in every <see cref="SampleDraw"/> so a draw names the generator that made it.</summary>
    public const string AlgorithmName = "MT19937 (MathNet.Numerics.Random.MersenneTwister 5.0.0)";

    private readonly MersenneTwister _mt;

    /// <param name="seed">0 … 2³¹ − 1.</param>
    public SamplingRandom(int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seed);
        Seed = seed;
        _mt = new MersenneTwister(seed, threadSafe: false);
    }

    public int Seed { get; }

    /// <summary>Uniform on [0, 1).</summary>
    public double NextDouble() => _mt.NextDouble();

    /// <summary>Uniform integer on [0, maxExclusive), by floor(u · max); the bias is below 2⁻³² · max.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var k = (int)(NextDouble() * maxExclusive);
        return k >= maxExclusive ? maxExclusive - 1 : k;
    }

    /// <summary>Fisher–Yates shuffle in place (Knuth 1998, Algorithm P), last position first.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
