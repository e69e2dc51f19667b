using ParIndex.Core.Sampling;

namespace ParIndex.Core.Tests.Sampling;

public class AllocationTests
{
    private static List<StratumSpec> ApipopStrata()
    {
        // S_h with the N−1 normaliser (R's sd), computed here from the committed apipop columns.
        return RFixture.Read("apipop_stype_api00.csv")
            .GroupBy(r => r["stype"]).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var x = g.Select(r => r.D("api00")).ToArray();
                return new StratumSpec(g.Key, x.Length, MathNet.Numerics.Statistics.Statistics.StandardDeviation(x));
            }).ToList();
    }

    [Theory]
    [InlineData(400)]
    [InlineData(1000)]
    [InlineData(37)]
    public void Neyman_allocation_of_apipop_by_stype_matches_R(int n)
    {
        var reference = RFixture.Read("neyman_apipop_stype.csv").Where(r => (int)r.D("n") == n).ToList();
        var result = Allocation.Allocate(ApipopStrata(), n, AllocationMethod.Neyman);
        for (var h = 0; h < 3; h++)
        {
            Assert.Equal(reference[h]["stype"], result[h].Key);
            Assert.Equal(reference[h].D("exact"), result[h].Exact, 1e-9);
            Assert.Equal((int)reference[h].D("rounded"), result[h].Size);
        }
        Assert.Equal(n, result.Sum(a => a.Size));
    }

    [Fact]
    public void Proportional_allocation_preserves_the_total_by_largest_remainder()
    {
        var r = Allocation.Allocate([new("A", 10), new("B", 10), new("C", 10)], 10, AllocationMethod.Proportional);
        // 3.33 each: the remainder goes to the first in input order (equal N_h).
        Assert.Equal([4, 3, 3], r.Select(a => a.Size));
    }

    [Fact]
    public void Ties_in_remainder_go_to_the_larger_stratum_first()
    {
        var r = Allocation.Allocate([new("A", 10), new("B", 30)], 3, AllocationMethod.Equal);
        Assert.Equal([1, 2], r.Select(a => a.Size));
    }

    [Fact]
    public void Equal_allocation_caps_at_N_h_and_gives_the_rest_to_others()
    {
        var r = Allocation.Allocate([new("small", 3), new("big1", 100), new("big2", 100)], 30, AllocationMethod.Equal);
        Assert.Equal([3, 14, 13], r.Select(a => a.Size));
        Assert.Equal(3, r[0].Exact);
    }

    [Fact]
    public void Minimum_per_stratum_is_honoured_and_taken_from_the_others()
    {
        var r = Allocation.Allocate([new("tiny", 20), new("huge", 10_000)], 100, AllocationMethod.Proportional, minimumPerStratum: 5);
        Assert.Equal([5, 95], r.Select(a => a.Size));
    }

    [Fact]
    public void Minimum_never_exceeds_the_stratum_population()
    {
        var r = Allocation.Allocate([new("two", 2), new("many", 1000)], 50, AllocationMethod.Proportional, minimumPerStratum: 5);
        Assert.Equal([2, 48], r.Select(a => a.Size));
    }

    [Fact]
    public void Optimal_allocation_divides_by_the_square_root_of_cost()
    {
        var r = Allocation.Allocate([new("cheap", 1000, 10, 1), new("dear", 1000, 10, 4)], 90, AllocationMethod.Optimal);
        Assert.Equal(60, r[0].Exact, 9); // weights 10000 and 5000
        Assert.Equal([60, 30], r.Select(a => a.Size));
    }

    [Fact]
    public void Rejects_a_total_above_the_population() =>
        Assert.Throws<ArgumentException>(() => Allocation.Allocate([new("A", 5)], 6, AllocationMethod.Equal));

    [Fact]
    public void Rejects_minimums_that_exceed_the_total() =>
        Assert.Throws<ArgumentException>(() => Allocation.Allocate([new("A", 50), new("B", 50)], 5, AllocationMethod.Equal, 3));
}
