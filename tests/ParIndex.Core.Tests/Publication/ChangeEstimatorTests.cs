using ParIndex.Core.Publication;

namespace ParIndex.Core.Tests.Publication;

/// <summary>The change-since-last-year estimator (docs/publication.md): share-weighted baseline of merged units, independent samples.</summary>
public sealed class ChangeEstimatorTests
{
    [Fact]
    public void A_merged_units_baseline_is_the_share_weighted_mean_with_squared_share_variances()
    {
        var baseline = ChangeEstimator.Combine([new MappedPart(0.6, 80, 2), new MappedPart(0.4, 70, 3)])!;

        Assert.Equal(0.6 * 80 + 0.4 * 70, baseline.Value, 12);
        Assert.Equal(Math.Sqrt(0.36 * 4 + 0.16 * 9), baseline.StandardError, 12);
        Assert.Equal(2, baseline.Parts);
    }

    [Fact]
    public void A_unit_that_kept_its_code_compares_with_itself()
    {
        var change = ChangeEstimator.Change(86, 1.5, ChangeEstimator.Combine([new MappedPart(1, 80, 2)]), 0.95)!;

        Assert.Equal(6, change.Difference, 12);
        Assert.Equal(2.5, change.StandardError, 12); // √(1,5² + 2²)
        Assert.Equal(6 - 1.959963984540054 * 2.5, change.Lower, 9);
        Assert.Equal(6 + 1.959963984540054 * 2.5, change.Upper, 9);
        Assert.True(change.Significant);
    }

    [Fact]
    public void A_change_whose_interval_holds_zero_is_not_significant()
    {
        var change = ChangeEstimator.Change(81, 1.5, ChangeEstimator.Combine([new MappedPart(1, 80, 2)]), 0.95)!;

        Assert.True(change.Lower < 0 && change.Upper > 0);
        Assert.False(change.Significant);
    }

    [Theory]
    [InlineData(double.NaN, 1.0)]   // a part withheld (no value) leaves the baseline undefined
    [InlineData(70.0, -1.0)]        // a negative standard error is not an estimate
    public void A_part_without_a_published_estimate_gives_no_baseline(double value, double se) =>
        Assert.Null(ChangeEstimator.Combine([new MappedPart(0.5, 80, 2), new MappedPart(0.5, value, se)]));

    [Fact]
    public void Shares_that_do_not_sum_to_one_give_no_baseline()
    {
        Assert.Null(ChangeEstimator.Combine([new MappedPart(0.6, 80, 2), new MappedPart(0.3, 70, 3)]));
        Assert.Null(ChangeEstimator.Combine([]));
        Assert.Null(ChangeEstimator.Change(80, 1, null, 0.95));
    }
}
