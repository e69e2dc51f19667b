using ParIndex.Core.Sampling;

namespace ParIndex.Core.Tests.Sampling;

public class InclusionProbabilitiesTests
{
    [Theory]
    [InlineData("lognormal_n40")]
    [InlineData("apipop_enroll_n200")]
    [InlineData("small_n5")]
    public void Matches_R_inclusionprobabilities_to_1e_12(string caseName)
    {
        var rows = RFixture.Read("inclusionprobabilities.csv").Where(r => r["case"] == caseName).ToList();
        var a = rows.Select(r => r.D("a")).ToArray();
        var n = rows[0].D("n");
        var pik = InclusionProbabilities.Compute(a, n);
        for (var k = 0; k < a.Length; k++)
            Assert.True(Math.Abs(pik[k] - rows[k].D("pik")) < 1e-12, $"unit {k + 1}: {pik[k]} vs R {rows[k].D("pik")}");
        Assert.Equal(n, pik.Sum(), 9);
    }

    [Fact]
    public void Caps_large_units_at_one_and_rescales_the_rest_iteratively()
    {
        // 100 and 50 exceed 1 in the first pass; after rescaling 8 does not: two certain units.
        var pik = InclusionProbabilities.Compute([1, 2, 3, 50, 100, 4, 5, 6, 7, 8], 5);
        Assert.Equal(1, pik[3]);
        Assert.Equal(1, pik[4]);
        Assert.All(pik.Where((_, k) => k is not 3 and not 4), p => Assert.InRange(p, 0, 1 - 1e-9));
        Assert.Equal(5, pik.Sum(), 12);
    }

    [Fact]
    public void Gives_zero_to_zero_and_negative_sizes_like_R()
    {
        var pik = InclusionProbabilities.Compute([0, -3, 2, 2], 1);
        Assert.Equal([0, 0, 0.5, 0.5], pik);
    }

    [Fact]
    public void Rejects_non_finite_sizes() =>
        Assert.Throws<ArgumentException>(() => InclusionProbabilities.Compute([1, double.NaN], 1));
}
