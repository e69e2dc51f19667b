using ParIndex.Core.Sampling;
using Xunit;

namespace ParIndex.Core.Tests.Sampling;

/// <summary>Issue 21 item 9: the matrix assignment is balanced, seeded, and every unit has the same chance m/U with every member.</summary>
public sealed class MatrixAssignmentTests
{
    private static readonly string[] Members = [.. Enumerable.Range(1, 95).Select(i => $"D{i:000}")];
    private static readonly string[] Units = [.. Enumerable.Range(1, 24).Select(i => $"SO{i:00}")];

    [Fact]
    public void Each_member_rates_m_distinct_units_and_each_unit_gets_a_balanced_number_of_raters()
    {
        var r = MatrixAssignment.Assign(Members, Units, 6, seed: 20261001);
        Assert.All(r.Assignments.GroupBy(a => a.Member), g => Assert.Equal(6, g.Select(a => a.Unit).Distinct().Count()));
        Assert.Equal(Members.Length, r.Assignments.Select(a => a.Member).Distinct().Count());
        // 95 × 6 = 570 ratings over 24 units: 23 or 24 raters each.
        Assert.Equal(570, r.RatersPerUnit.Values.Sum());
        Assert.True(r.RatersPerUnit.Values.Max() - r.RatersPerUnit.Values.Min() <= 1, string.Join(",", r.RatersPerUnit.Values));
        Assert.All(r.Assignments, a => Assert.Equal(6.0 / 24, a.Probability, 15));
    }

    [Fact]
    public void The_same_seed_draws_the_same_assignment_and_another_seed_another()
    {
        var a = MatrixAssignment.Assign(Members, Units, 6, 7).Assignments;
        Assert.Equal(a, MatrixAssignment.Assign(Members, Units, 6, 7).Assignments);
        Assert.NotEqual(a, MatrixAssignment.Assign(Members, Units, 6, 8).Assignments);
    }

    [Fact]
    public void Over_many_seeds_every_member_unit_pair_is_drawn_with_probability_m_over_U()
    {
        // 10 members, 5 units, m = 2: π = 0.4 for each of the 50 pairs. 4,000 draws: SE of a frequency ≈ 0.0077; ±0.035 is > 4.5 SE.
        var members = Enumerable.Range(0, 10).Select(i => $"M{i}").ToArray();
        var units = Enumerable.Range(0, 5).Select(i => $"U{i}").ToArray();
        var counts = new Dictionary<(string, string), int>();
        const int draws = 4000;
        for (var s = 0; s < draws; s++)
            foreach (var x in MatrixAssignment.Assign(members, units, 2, s).Assignments)
                counts[(x.Member, x.Unit)] = counts.GetValueOrDefault((x.Member, x.Unit)) + 1;
        Assert.Equal(50, counts.Count);
        Assert.All(counts, c => Assert.InRange(c.Value / (double)draws, 0.4 - 0.035, 0.4 + 0.035));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    public void Units_per_member_outside_one_to_U_is_refused(int m) =>
        Assert.Throws<ArgumentException>(() => MatrixAssignment.Assign(Members, Units, m, 1));
}
