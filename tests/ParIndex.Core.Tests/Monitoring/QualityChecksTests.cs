using ParIndex.Core.Monitoring;

namespace ParIndex.Core.Tests.Monitoring;

public sealed class QualityChecksTests
{
    private static readonly QualityThresholds T = new();

    private static ResponseFacts R(long id, double seconds = 600, Dictionary<int, Dictionary<string, string>>? units = null,
        Dictionary<string, string>? answers = null, bool publicLink = false, string? staff = null, DateTime? at = null) =>
        new(id, 1, TimeSpan.FromSeconds(seconds),
            (units ?? []).ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, string>)kv.Value),
            answers ?? [], publicLink, staff, at ?? new DateTime(2026, 11, 23, 10, 0, 0));

    private static Dictionary<string, string> Block(params string[] values) => values.Select((v, i) => (K: $"q{i + 1}", V: v)).ToDictionary(p => p.K, p => p.V);

    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), QualityChecks.Median([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)]));
        Assert.Equal(TimeSpan.FromSeconds(2.5), QualityChecks.Median([TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)]));
        Assert.Null(QualityChecks.Median([]));
    }

    [Fact]
    public void A_response_faster_than_the_share_of_the_median_is_a_speeder()
    {
        var durations = Enumerable.Range(0, 11).Select(i => TimeSpan.FromSeconds(500 + i * 20)).ToList(); // median 600 s
        var fast = QualityChecks.Speeder(R(1, seconds: 170), durations, T); // 170/600 = 0.283 < 0.3
        Assert.NotNull(fast);
        Assert.Equal(170.0 / 600, fast!.Measure, 9);
        Assert.Null(QualityChecks.Speeder(R(2, seconds: 190), durations, T)); // 0.317
        Assert.Null(QualityChecks.Speeder(R(3, seconds: 10), durations.Take(5).ToList(), T)); // too few completes to judge
        Assert.NotNull(QualityChecks.Speeder(R(4, seconds: 190), durations, T with { SpeederShare = 0.5 }));
    }

    [Fact]
    public void One_answer_throughout_a_unit_grid_block_is_straight_lining()
    {
        var flat = R(1, units: new() { [10] = Block("4", "4", "4", "4", "4", "4"), [11] = Block("5", "3", "4", "2", "4", "5") });
        var f = QualityChecks.StraightLining(flat, T);
        Assert.NotNull(f);
        Assert.Equal(0.5, f!.Measure);
        Assert.Null(QualityChecks.StraightLining(R(2, units: new() { [10] = Block("5", "3", "4", "2", "4", "5") }), T));
        // Too few items to judge; "don't know" ignored.
        Assert.Null(QualityChecks.StraightLining(R(3, units: new() { [10] = Block("4", "4", "4", "99", "99") }), T));
    }

    [Fact]
    public void Identical_blocks_across_three_or_more_units_are_straight_lining()
    {
        var same = Block("5", "3", "4", "2", "4", "5");
        var f = QualityChecks.StraightLining(R(1, units: new() { [10] = same, [11] = new(same), [12] = new(same) }), T);
        Assert.NotNull(f);
        Assert.Equal(1, f!.Measure);
        Assert.Contains("identically", f.Detail);
    }

    [Fact]
    public void Public_link_responses_with_the_same_or_almost_the_same_answers_are_duplicates()
    {
        var answers = Enumerable.Range(1, 20).ToDictionary(i => $"q{i}", i => (i % 5 + 1).ToString());
        var first = R(1, answers: answers, publicLink: true);
        var copy = R(2, answers: new(answers), publicLink: true);
        var near = new Dictionary<string, string>(answers) { ["q1"] = "1" }; // 19 of 20 equal = 0.95
        var dup = QualityChecks.Duplicate(copy, [first], T);
        Assert.Equal(1, dup!.Measure);
        Assert.Equal(1, dup.RelatedResponseId);
        Assert.Equal(0.95, QualityChecks.Duplicate(R(3, answers: near, publicLink: true), [first], T)!.Measure, 9);
        var different = new Dictionary<string, string>(answers) { ["q1"] = "1", ["q2"] = "1" }; // 18/20
        Assert.Null(QualityChecks.Duplicate(R(4, answers: different, publicLink: true), [first], T));
        // Personal-link responses are not compared (a sample member answers once by construction).
        Assert.Null(QualityChecks.Duplicate(R(5, answers: new(answers)), [first], T));
    }

    [Fact]
    public void Similarity_counts_equal_answers_over_the_union_of_answered_items()
    {
        var a = R(1, answers: new() { ["a"] = "1", ["b"] = "2" });
        var b = R(2, answers: new() { ["a"] = "1", ["c"] = "3" });
        Assert.Equal(1.0 / 3, QualityChecks.Similarity(a, b), 12);
    }

    [Fact]
    public void Five_keyed_responses_by_one_staff_member_at_night_within_an_hour_are_a_burst()
    {
        var night = new DateTime(2026, 11, 23, 22, 0, 0);
        var responses = Enumerable.Range(0, 5).Select(i => R(i + 1, staff: "fs1", at: night.AddMinutes(i * 10)))
            .Append(R(6, staff: "fs1", at: night.AddHours(5)))                            // later, alone
            .Concat(Enumerable.Range(0, 5).Select(i => R(10 + i, staff: "fs2", at: night.AddMinutes(i * 20)))) // 80 min span: window of 60 holds 4
            .Concat(Enumerable.Range(0, 6).Select(i => R(20 + i, staff: "fs3", at: new DateTime(2026, 11, 23, 10, i, 0)))) // office hours
            .ToList();
        var flags = QualityChecks.OutOfHoursBursts(responses, T);
        Assert.Equal([1L, 2, 3, 4, 5], flags.Select(f => f.ResponseId));
        Assert.All(flags, f => Assert.Equal(5, f.Measure));
        Assert.Empty(QualityChecks.OutOfHoursBursts(responses.Where(r => r.FieldStaffId != "fs1"), T));
    }

    [Fact]
    public void Sunday_is_out_of_hours()
    {
        Assert.True(QualityChecks.IsOutOfHours(new DateTime(2026, 11, 22, 10, 0, 0), T));
        Assert.False(QualityChecks.IsOutOfHours(new DateTime(2026, 11, 23, 10, 0, 0), T));
        Assert.True(QualityChecks.IsOutOfHours(new DateTime(2026, 11, 23, 6, 59, 0), T));
        Assert.True(QualityChecks.IsOutOfHours(new DateTime(2026, 11, 23, 20, 0, 0), T));
    }
}

public sealed class ProgressCurveTests
{
    private static readonly ProgressCurve Curve = new(new DateTime(2026, 11, 1), new DateTime(2026, 12, 1), TargetShare: 0.9, Tolerance: 0.8);

    [Fact]
    public void Expected_share_rises_linearly_to_the_target()
    {
        Assert.Equal(0, Curve.ExpectedShare(new DateTime(2026, 10, 1)));
        Assert.Equal(0.45, Curve.ExpectedShare(new DateTime(2026, 11, 16)), 12);
        Assert.Equal(0.9, Curve.ExpectedShare(new DateTime(2027, 1, 1)));
        Assert.Equal(9, Curve.ExpectedCompletes(20, new DateTime(2026, 11, 16)));
    }

    [Fact]
    public void A_cell_lags_below_tolerance_times_expected()
    {
        var mid = new DateTime(2026, 11, 16); // expected 45 %, alert below 36 %
        Assert.True(Curve.IsLagging(7, 20, mid));   // 35 %
        Assert.False(Curve.IsLagging(8, 20, mid));  // 40 %
        Assert.False(Curve.IsLagging(0, 0, mid));
    }
}
