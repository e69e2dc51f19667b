using ParIndex.Core.Sampling;

namespace ParIndex.Core.Tests.Sampling;

public class SampleSizeTests
{
    [Fact]
    public void Cochran_proportion_with_fpc_and_deff_matches_R_for_every_case()
    {
        foreach (var r in RFixture.Read("cochran_proportion.csv"))
        {
            var spec = new SampleSizeSpec(SampleSizeFormula.CochranProportion, (int)r.D("N"), r.D("e"),
                Confidence: r.D("conf"), Proportion: r.D("p"), DesignEffect: r.D("deff"));
            var result = SampleSize.Compute(spec);
            Assert.Equal(r.D("z"), result.Z, 1e-9);
            Assert.Equal(r.D("n0"), result.N0, 1e-6);
            Assert.Equal(r.D("required"), result.Required, 1e-6);
            Assert.Equal((int)r.D("completed"), result.Completed);
        }
    }

    [Fact]
    public void Yamane_matches_R_for_every_case()
    {
        foreach (var r in RFixture.Read("cochran_proportion.csv").Where(r => r.D("deff") == 1))
            Assert.Equal(r.D("yamane"), SampleSize.Yamane((int)r.D("N"), r.D("e")), 1e-9);
    }

    [Fact]
    public void Cochran_mean_matches_R_for_every_case()
    {
        foreach (var r in RFixture.Read("cochran_mean.csv"))
        {
            var result = SampleSize.Compute(new SampleSizeSpec(SampleSizeFormula.CochranMean, (int)r.D("N"), r.D("e"), StdDev: r.D("S")));
            Assert.Equal(r.D("n0"), result.N0, 1e-6);
            Assert.Equal(r.D("required"), result.Required, 1e-6);
        }
    }

    [Fact]
    public void Yamane_for_1000_at_5_percent_is_286_after_rounding_up()
    {
        var result = SampleSize.Compute(new SampleSizeSpec(SampleSizeFormula.Yamane, 1000, 0.05));
        Assert.Equal(285.714285714, result.Required, 1e-6);
        Assert.Equal(286, result.Completed);
    }

    [Fact]
    public void Response_rate_inflates_the_issued_size_and_caps_at_N()
    {
        var r = SampleSize.Compute(new SampleSizeSpec(SampleSizeFormula.CochranProportion, 100_000, 0.05, ResponseRate: 0.8));
        Assert.Equal(383, r.Completed); // 384.146/(1+383.146/100000) = 382.68
        Assert.Equal(479, r.Issued);    // 382.68/0.8 = 478.35
        var small = SampleSize.Compute(new SampleSizeSpec(SampleSizeFormula.CochranProportion, 60, 0.05, ResponseRate: 0.5));
        Assert.Equal(60, small.Issued);
        Assert.True(small.CappedAtPopulation);
    }

    [Fact]
    public void Rounding_up_ignores_floating_error() => Assert.Equal(100, SampleSize.RoundUp(100.0000000000001));

    [Fact]
    public void Table_computes_one_size_per_unit_and_group()
    {
        var table = SampleSize.Table([("S-TP", "SO-DAN", 2000), ("P-HK", "XA-DAN", 500)],
            new SampleSizeSpec(SampleSizeFormula.Yamane, 1, 0.05));
        Assert.Equal(334, table[0].Result.Completed); // 2000/6 = 333.33
        Assert.Equal(223, table[1].Result.Completed); // 500/2.25 = 222.2
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.05)]
    public void Rejects_a_non_positive_margin(double e) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleSize.Compute(new SampleSizeSpec(SampleSizeFormula.Yamane, 100, e)));
}
