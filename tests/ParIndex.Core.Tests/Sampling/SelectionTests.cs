using ParIndex.Core.Sampling;

namespace ParIndex.Core.Tests.Sampling;

public class SelectionTests
{
    // 12 units, n = 4, one certainty unit (size 100): π from InclusionProbabilities.
    private static readonly double[] Sizes = [3, 7, 1, 12, 5, 100, 8, 2, 9, 4, 6, 10];
    private static double[] Pik => InclusionProbabilities.Compute(Sizes, 4);

    [Fact]
    public void Pps_systematic_matches_R_UPsystematic_for_the_same_start()
    {
        foreach (var draw in RFixture.Read("upsystematic.csv").GroupBy(r => r["seed"]))
        {
            var rows = draw.ToList();
            var pik = rows.Select(r => r.D("pik")).ToArray();
            var expected = rows.Select((r, k) => (r, k)).Where(x => x.r.D("s") == 1).Select(x => x.k);
            Assert.Equal(expected, Selection.PpsSystematic(pik, rows[0].D("u")));
        }
    }

    [Theory]
    [InlineData(SelectionMethod.Srs)]
    [InlineData(SelectionMethod.Systematic)]
    [InlineData(SelectionMethod.PpsSystematic)]
    [InlineData(SelectionMethod.PpsBrewer)]
    [InlineData(SelectionMethod.PpsSampford)]
    public void Every_draw_has_exactly_n_distinct_units_in_ascending_order(SelectionMethod method)
    {
        var rng = new SamplingRandom(7);
        var pik = method.UsesSize() ? Pik : Enumerable.Repeat(4.0 / 12, 12).ToArray();
        for (var i = 0; i < 200; i++)
        {
            var s = Selection.Select(method, pik, 4, rng);
            Assert.Equal(4, s.Length);
            Assert.Equal(s.Order(), s);
            Assert.Equal(4, s.Distinct().Count());
        }
    }

    /// <summary>
    /// Over R seeded draws the frequency f_k of each unit must lie within 4.5 binomial standard errors
    /// of π_k: |f_k − π_k| ≤ 4.5·√(π_k(1 − π_k)/R) + 1/R. With 12 units and 6 methods the chance of a
    /// false alarm is below 1e−4; the seeds are fixed so the test is deterministic.
    /// </summary>
    [Theory]
    [InlineData(SelectionMethod.Srs, 11)]
    [InlineData(SelectionMethod.Systematic, 12)]
    [InlineData(SelectionMethod.PpsSystematic, 13)]
    [InlineData(SelectionMethod.PpsBrewer, 14)]
    [InlineData(SelectionMethod.PpsSampford, 15)]
    [InlineData(SelectionMethod.Census, 16)]
    public void Empirical_inclusion_frequencies_match_pi_within_binomial_tolerance(SelectionMethod method, int seed)
    {
        const int R = 4000;
        var pik = method switch
        {
            SelectionMethod.Census => Enumerable.Repeat(1.0, 12).ToArray(),
            _ when method.UsesSize() => Pik,
            _ => Enumerable.Repeat(4.0 / 12, 12).ToArray(),
        };
        var counts = new int[pik.Length];
        var rng = new SamplingRandom(seed);
        for (var r = 0; r < R; r++)
            foreach (var k in Selection.Select(method, pik, 4, rng)) counts[k]++;
        for (var k = 0; k < pik.Length; k++)
        {
            var f = (double)counts[k] / R;
            var tolerance = 4.5 * Math.Sqrt(pik[k] * (1 - pik[k]) / R) + 1.0 / R;
            Assert.True(Math.Abs(f - pik[k]) <= tolerance, $"{method}: unit {k} f = {f:F4}, π = {pik[k]:F4}, tolerance {tolerance:F4}");
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_sample_and_another_seed_usually_not()
    {
        var a = Selection.PpsBrewer(Pik, new SamplingRandom(42));
        var b = Selection.PpsBrewer(Pik, new SamplingRandom(42));
        Assert.Equal(a, b);
        var differs = Enumerable.Range(43, 20).Any(s => !Selection.PpsBrewer(Pik, new SamplingRandom(s)).SequenceEqual(a));
        Assert.True(differs);
    }

    [Fact]
    public void Random_stream_is_the_reference_mt19937_for_the_seed()
    {
        // init_genrand(seed), genrand_int32()/2^32: the values of C++ std::mt19937 and of the
        // reference C code. If this fails, recorded draws can no longer be reproduced.
        var rng = new SamplingRandom(12345);
        Assert.Equal([0.9296160866506398, 0.8901547130662948, 0.31637556036002934], Enumerable.Range(0, 3).Select(_ => rng.NextDouble()));
        Assert.Equal(0.548813502304256, new SamplingRandom(0).NextDouble()); // 2357136044 / 2^32
        Assert.Equal("MT19937 (MathNet.Numerics.Random.MersenneTwister 5.0.0)", SamplingRandom.AlgorithmName);
    }

    [Fact]
    public void Negative_seeds_are_refused() => Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingRandom(-1));

    [Fact]
    public void Srs_refuses_more_units_than_the_population() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Selection.Srs(3, 4, new SamplingRandom(1)));
}
