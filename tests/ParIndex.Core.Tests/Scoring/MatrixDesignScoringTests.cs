using ParIndex.Core.Domain;
using ParIndex.Core.Sampling;
using ParIndex.Core.Scoring;
using Xunit;
using Xunit.Abstractions;

namespace ParIndex.Core.Tests.Scoring;

/// <summary>
/// Issue 21 item 9: under matrix sampling each sampled delegate rates m of the U units; the engine weights a rating by
/// w_i/π_{u|i} and estimates each unit's variance as an SRS of its raters from the delegates' population
/// (docs/methodology.md § 12). Checked by simulation over both phases (the sample of delegates and the assignment):
/// no bias, and 95% intervals that cover the population value 95% of the time.
/// </summary>
public sealed class MatrixDesignScoringTests(ITestOutputHelper output)
{
    private const int Population = 200, Sampled = 60, UnitCount = 12, PerMember = 4; // 60 × 4 / 12 = 20 raters per unit

    private static readonly ScoringCriterion[] Criteria =
    [
        new("SO", "3", "TTHC", 10, ScoreComponent.Appraisal),
        new("SO", "3.1", "Công khai", 10, ScoreComponent.Appraisal),
        new("SO", "3.1.1", "Công khai (ĐTXHH)", 10, ScoreComponent.Survey),
    ];

    private static readonly ScoringConfiguration Config = new() { RankDraws = 0 };

    /// <summary>
    /// A fixed population: every delegate's score (0–1) for every unit — a delegate effect (some rate everyone higher), a
    /// unit effect and noise, on a 0–1 scale, so ratings of one delegate are correlated across units.
    /// </summary>
    private static double[,] Ratings()
    {
        var rng = new Random(2026);
        double Normal(double sd) => sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var unitEffect = Enumerable.Range(0, UnitCount).Select(_ => Normal(0.1)).ToArray();
        var y = new double[Population, UnitCount];
        for (var i = 0; i < Population; i++)
        {
            var delegateEffect = Normal(0.1);
            for (var u = 0; u < UnitCount; u++) y[i, u] = Math.Clamp(0.65 + delegateEffect + unitEffect[u] + Normal(0.15), 0, 1);
        }
        return y;
    }

    private sealed record Replicate(double[] Value, double[] Lower, double[] Upper);

    /// <summary>One survey: an SRS of delegates, the matrix assignment, the engine's cell estimate of each unit.</summary>
    private static Replicate Survey(double[,] y, int seed)
    {
        var units = Enumerable.Range(0, UnitCount).Select(u => new ScoringUnit(u + 1, $"SO{u + 1:00}", $"Sở {u + 1}", "SO")).ToArray();
        var rng = new SamplingRandom(seed);
        var all = Enumerable.Range(0, Population).ToList();
        rng.Shuffle(all);
        var sample = all.Take(Sampled).OrderBy(i => i).ToList();
        var assignment = MatrixAssignment.Assign(sample.Select(i => $"D{i:000}").ToList(), units.Select(u => u.Code).ToList(), PerMember, seed + 1);

        var builder = new ScoringDataBuilder(units, Config);
        foreach (var a in assignment.Assignments) builder.Assign(a.Member, int.Parse(a.Unit[2..], System.Globalization.CultureInfo.InvariantCulture), a.Probability);
        foreach (var a in assignment.Assignments)
        {
            var (i, u) = (int.Parse(a.Member[1..], System.Globalization.CultureInfo.InvariantCulture), int.Parse(a.Unit[2..], System.Globalization.CultureInfo.InvariantCulture) - 1);
            builder.Add("HDND", u + 1, "HDND", null, a.Member, (double)Population / Sampled, Population, [new TargetScore("3.1", y[i, u], 1)]);
        }
        var result = ScoringEngine.Score(builder.Build(), Criteria, [], Config, null);
        var cells = units.Select(u => result.Cells.Single(c => c.UnitCode == u.Code && c.Target == "3.1").Share).ToArray();
        return new Replicate(cells.Select(c => c.Value!.Value).ToArray(), cells.Select(c => c.Lower!.Value).ToArray(), cells.Select(c => c.Upper!.Value).ToArray());
    }

    /// <summary>
    /// 1,000 replicates in the default suite (a few seconds); PARINDEX_LONG_SIMULATIONS=1 runs 10,000. Tolerances: the mean
    /// error of each unit within 4 Monte-Carlo SEs of 0; coverage over the 12 units × replicates in [93%, 97%] (1,000) or
    /// [94%, 96%] (10,000) — the Monte-Carlo SE of a 95% coverage from 12,000 intervals is 0.2 points if they were independent.
    /// </summary>
    [Fact]
    public void Matrix_sampled_unit_scores_are_unbiased_and_their_95_percent_intervals_cover_95_percent()
    {
        var replicates = Environment.GetEnvironmentVariable("PARINDEX_LONG_SIMULATIONS") == "1" ? 10_000 : 1_000;
        var y = Ratings();
        var truth = Enumerable.Range(0, UnitCount).Select(u => Enumerable.Range(0, Population).Average(i => y[i, u])).ToArray();
        var errors = new double[UnitCount][];
        for (var u = 0; u < UnitCount; u++) errors[u] = new double[replicates];
        var covered = 0;
        for (var r = 0; r < replicates; r++)
        {
            var rep = Survey(y, 1000 + 2 * r);
            for (var u = 0; u < UnitCount; u++)
            {
                errors[u][r] = rep.Value[u] - truth[u];
                if (rep.Lower[u] <= truth[u] && truth[u] <= rep.Upper[u]) covered++;
            }
        }
        for (var u = 0; u < UnitCount; u++)
        {
            var mean = errors[u].Average();
            var mcSe = Math.Sqrt(errors[u].Sum(e => (e - mean) * (e - mean)) / (replicates - 1) / replicates);
            Assert.True(Math.Abs(mean) < 4 * mcSe, $"unit {u + 1}: mean error {mean:F5}, Monte-Carlo SE {mcSe:F5}");
        }
        var coverage = covered / (double)(replicates * UnitCount);
        output.WriteLine(FormattableString.Invariant($"{replicates} replicates: coverage {coverage:P2}, largest |mean error| {errors.Max(e => Math.Abs(e.Average())):F5}"));
        var (low, high) = replicates >= 10_000 ? (0.94, 0.96) : (0.93, 0.97);
        Assert.InRange(coverage, low, high);
    }

    [Fact]
    public void A_rating_of_a_unit_the_member_was_not_assigned_scores_no_unit_and_is_counted()
    {
        var units = new[] { new ScoringUnit(1, "SO01", "Sở 1", "SO"), new ScoringUnit(2, "SO02", "Sở 2", "SO") };
        var builder = new ScoringDataBuilder(units, Config);
        for (var i = 0; i < 6; i++) builder.Assign($"D{i}", 1, 0.5);
        for (var i = 0; i < 6; i++)
        {
            builder.Add("HDND", 1, "HDND", null, $"D{i}", 1, 12, [new TargetScore("3.1", 1, 1)]);
            builder.Add("HDND", 2, "HDND", null, $"D{i}", 1, 12, [new TargetScore("3.1", 0, 1)]);
        }
        Assert.Equal(6, builder.UnassignedRows);
        var result = ScoringEngine.Score(builder.Build(), Criteria, [], Config, null);
        Assert.Equal(1.0, result.Cells.Single(c => c.UnitCode == "SO01" && c.Target == "3.1").Share.Value);
        Assert.DoesNotContain(result.Cells, c => c.UnitCode == "SO02" && c.Share.HasValue);
    }
}
