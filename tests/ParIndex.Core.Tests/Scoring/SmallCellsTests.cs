using System.Text.Json;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;
using Xunit;

namespace ParIndex.Core.Tests.Scoring;

/// <summary>
/// k = 5 decided where results are produced: no figure of a <see cref="ScoringResult"/> rests on fewer than k respondents,
/// a cell under k enters no other figure, and every share's interval stays within [0, 1].
/// </summary>
public class SmallCellsTests
{
    private static QuestionnaireDefinition Definition() => new()
    {
        Id = "T", UnitType = "T", RespondentGroup = "A",
        Sections =
        [
            new Section
            {
                Id = "s",
                Items =
                [
                    new Item { Id = "q1", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "1.1", Rule = ScoringRule.MeanRescaled } },
                    new Item { Id = "q3", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "1.2", Rule = ScoringRule.TopBox } },
                    new Item { Id = "a1", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "access", Rule = ScoringRule.TopBox } },
                    new Item { Id = "p1", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "procedure", Rule = ScoringRule.TopBox } },
                    new Item { Id = "f1", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "feedback", Rule = ScoringRule.TopBox } },
                ],
            },
        ],
    };

    private sealed record Row(string Group, int Unit, string Respondent, Dictionary<string, string> Answers, double Weight = 1, string? Stratum = null);

    private static ScoringResult Score(IEnumerable<Row> rows, ScoringConfiguration? config = null, IReadOnlyList<AppraisalScore>? appraisals = null, int units = 2)
    {
        config ??= new ScoringConfiguration { RankDraws = 0 };
        var list = Enumerable.Range(1, units).Select(i => new ScoringUnit(i, $"U{i}", $"Unit {i}", "T")).ToList();
        var scorer = new ItemScorer(Definition(), config.SatisfiedThreshold);
        var builder = new ScoringDataBuilder(list, config);
        foreach (var r in rows) builder.Add(r.Group, r.Unit, r.Stratum, null, r.Respondent, r.Weight, null, scorer.Scores(r.Answers));
        return ScoringEngine.Score(builder.Build(), ScoringEngineTests.Criteria, appraisals ?? [], config);
    }

    private static IEnumerable<Row> People(string group, int unit, int n, Func<int, Dictionary<string, string>> answers, string prefix = "") =>
        Enumerable.Range(0, n).Select(i => new Row(group, unit, $"{prefix}{group}-{unit}-{i}", answers(i)));

    private static Dictionary<string, string> A(params (string Item, string Answer)[] answers) => answers.ToDictionary(a => a.Item, a => a.Answer);

    private static Dictionary<string, string> Likert(int i) => A(("q1", (1 + i % 5).ToString()), ("q3", (1 + (i + 2) % 5).ToString()), ("a1", (1 + (i + 3) % 5).ToString()),
        ("p1", (1 + (i + 1) % 5).ToString()), ("f1", (1 + (i + 4) % 5).ToString()));

    [Theory]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    [InlineData(6, false)]
    public void A_cell_under_k_is_made_without_numbers_and_from_k_on_with_them(int n, bool withheld)
    {
        var result = Score(People("A", 1, n, Likert));
        foreach (var cell in result.Cells)
        {
            if (withheld)
            {
                Assert.Equal(Estimate.Withheld, cell.Share);
                Assert.Equal((null, null, null, null, 0), (cell.Share.Value, cell.Share.StandardError, cell.Share.Lower, cell.Share.Upper, cell.Share.Respondents));
            }
            else
            {
                Assert.False(cell.Share.Suppressed);
                Assert.NotNull(cell.Share.Value);
                Assert.Equal(n, cell.Share.Respondents);
            }
        }
        var unit = result.Units.Single(u => u.UnitCode == "U1");
        Assert.Equal(withheld, unit.SurveyPoints.Suppressed);
        Assert.All(unit.Sipas, s => Assert.Equal(withheld, s.Share.Suppressed));
    }

    [Fact]
    public void A_group_under_k_is_left_out_of_the_units_combined_figure_and_named()
    {
        var rows = People("A", 1, 6, Likert).Concat(People("B", 1, 3, i => A(("q1", "1"), ("q3", "1"), ("a1", "1")))).ToList();
        var result = Score(rows);
        var a = result.Cells.Single(c => c.Group == "A" && c.Target == "1.1").Share;
        Assert.True(result.Cells.Single(c => c.Group == "B" && c.Target == "1.1").Share.Suppressed);
        var combined = result.Units.Single(u => u.UnitCode == "U1").SurveyCriteria.Single(c => c.Criterion == "1.1.2").Share;
        // Exactly group A's share: B's three answers (all 1 = 0 on the share scale) would have pulled it down.
        Assert.Equal(a.Value!.Value, combined.Value!.Value, 12);
        Assert.Equal(6, combined.Respondents);
        Assert.Equal(["B"], combined.Excludes!);
        // The same answers from five people in B are published and counted.
        var five = Score(People("A", 1, 6, Likert).Concat(People("B", 1, 5, i => A(("q1", "1"), ("q3", "1"), ("a1", "1")))));
        var both = five.Units.Single(u => u.UnitCode == "U1").SurveyCriteria.Single(c => c.Criterion == "1.1.2").Share;
        Assert.Null(both.Excludes);
        Assert.Equal(11, both.Respondents);
        Assert.True(both.Value < a.Value);
    }

    [Fact]
    public void A_survey_criterion_under_k_withholds_the_units_survey_points_index_and_rank()
    {
        var rows = People("A", 1, 4, Likert).Concat(People("A", 2, 7, Likert, "x")).ToList();
        var appraisals = new AppraisalScore[] { new("U1", "1.1.1", 1, 4m), new("U1", "1.2.1", 1, 4m), new("U2", "1.1.1", 1, 4m), new("U2", "1.2.1", 1, 4m) };
        var result = Score(rows, new ScoringConfiguration { RankDraws = 200 }, appraisals);
        var u1 = result.Units.Single(u => u.UnitCode == "U1");
        Assert.Equal(Estimate.Withheld, u1.SurveyPoints);
        Assert.Null(u1.Index);
        Assert.Null(u1.IndexStandardError);
        Assert.Null(u1.Rank);
        Assert.Null(u1.RankLower);
        Assert.Equal(8m, u1.AppraisalPoints); // appraised points rest on no respondent
        var u2 = result.Units.Single(u => u.UnitCode == "U2");
        Assert.Equal(1, u2.Rank);
        Assert.Equal((1, 1), (u2.RankLower, u2.RankUpper));
        Assert.Contains(result.Warnings, w => w.StartsWith("U1: 2 tiêu chí điều tra có dưới 5 người trả lời", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sipas_field_leaves_out_withheld_elements_and_says_so()
    {
        // Six answer access and procedure; only three have made a complaint (feedback).
        var rows = People("C", 1, 6, i => i < 3 ? A(("a1", "5"), ("p1", "4"), ("f1", "2")) : A(("a1", "4"), ("p1", "2"))).ToList();
        var sipas = Score(rows).Units.Single(u => u.UnitCode == "U1").Sipas.ToDictionary(s => s.Code, s => s.Share);
        Assert.True(sipas["feedback"].Suppressed);
        Assert.Null(sipas["feedback"].Value);
        Assert.Equal((sipas["access"].Value!.Value + sipas["procedure"].Value!.Value) / 2, sipas["service"].Value!.Value, 12);
        Assert.Equal(["feedback"], sipas["service"].Excludes!);
        Assert.Equal(["feedback"], sipas["sipas"].Excludes!);

        var none = Score(People("C", 1, 3, i => A(("a1", "5"), ("p1", "4")))).Units.Single(u => u.UnitCode == "U1").Sipas.ToDictionary(s => s.Code, s => s.Share);
        Assert.True(none["service"].Suppressed);
        Assert.Equal(["access", "procedure"], none["service"].Excludes!);
        Assert.All(none.Values, s => Assert.Null(s.Value));
    }

    [Fact]
    public void The_unit_types_sipas_pools_only_cells_that_reach_k()
    {
        var rows = People("C", 1, 6, i => A(("a1", i % 2 == 0 ? "5" : "2"))).Concat(People("C", 2, 3, i => A(("a1", "1")))).ToList();
        var result = Score(rows);
        var unit1 = result.Units.Single(u => u.UnitCode == "U1").Sipas.Single(s => s.Code == "access").Share;
        var type = result.SipasByUnitType["T"].Single(s => s.Code == "access").Share;
        Assert.Equal(unit1.Value!.Value, type.Value!.Value, 12);
        Assert.Equal(6, type.Respondents);
        Assert.Equal(["C"], type.Excludes!);
        Assert.True(result.Units.Single(u => u.UnitCode == "U2").Sipas.Single(s => s.Code == "access").Share.Suppressed);
    }

    [Fact]
    public void An_official_rating_several_units_counts_once_in_the_unit_types_figure()
    {
        // Five officials each rate both units: ten rows, five people.
        var rows = Enumerable.Range(0, 5).SelectMany(i => new[] { 1, 2 }.Select(u => new Row("O", u, $"official-{i}", A(("a1", (1 + (i + u) % 5).ToString()))))).ToList();
        var type = Score(rows).SipasByUnitType["T"].Single(s => s.Code == "access").Share;
        Assert.Equal(5, type.Respondents);
        Assert.False(type.Suppressed);
    }

    [Fact]
    public void k_cannot_be_configured_below_five()
    {
        Assert.Equal(5, ScoringConfiguration.MinimumCellSize);
        Assert.Equal(5, new ScoringConfiguration { MinCellSize = 1 }.EffectiveMinCellSize);
        Assert.Equal(8, new ScoringConfiguration { MinCellSize = 8 }.EffectiveMinCellSize);
        Assert.Contains(new ScoringConfiguration { MinCellSize = 4 }.Validate(), e => e.Contains("từ 5 đến 100", StringComparison.Ordinal));
        // A higher k withholds more: seven respondents under k = 8.
        var result = Score(People("A", 1, 7, Likert), new ScoringConfiguration { MinCellSize = 8, RankDraws = 0 });
        Assert.All(result.Cells, c => Assert.True(c.Share.Suppressed));
        Assert.Equal(8, result.MinCellSize);
    }

    /// <summary>
    /// The property, over many random rounds: no estimate object anywhere in a result (cells, criteria, points, SIPAS
    /// elements, fields, index, unit types) holds a number unless it rests on at least k respondents, and every interval
    /// lies within [0, 1] for shares and [0, max] for points, around its value.
    /// </summary>
    [Fact]
    public void No_figure_of_any_result_rests_on_fewer_than_k_respondents_and_every_interval_stays_in_range()
    {
        var rng = new Random(19);
        for (var round = 0; round < 60; round++)
        {
            var rows = new List<Row>();
            foreach (var unit in new[] { 1, 2, 3 })
            foreach (var group in new[] { "A", "B", "C" })
            {
                var n = rng.Next(0, 9);
                var skew = rng.NextDouble();
                rows.AddRange(Enumerable.Range(0, n).Select(i => new Row(group, unit, $"{round}-{unit}-{group}-{i}",
                    new[] { "q1", "q3", "a1", "p1", "f1" }.Where(_ => rng.NextDouble() < 0.8)
                        .ToDictionary(q => q, _ => rng.NextDouble() < 0.05 ? "dk" : rng.NextDouble() < skew ? "5" : rng.Next(1, 6).ToString()),
                    Weight: 1 + rng.Next(0, 20), Stratum: $"{group}{unit % 2}")));
            }
            // Officials rating every unit.
            for (var i = 0; i < rng.Next(0, 7); i++)
                rows.AddRange(new[] { 1, 2, 3 }.Select(u => new Row("O", u, $"{round}-official-{i}", A(("q1", rng.Next(1, 6).ToString()), ("a1", rng.Next(4, 6).ToString())), Stratum: "O")));
            var config = new ScoringConfiguration
            {
                RankDraws = 50, SipasAggregation = rng.NextDouble() < 0.5 ? SipasAggregation.ElementMean : SipasAggregation.ItemWeighted,
                GroupWeights = new() { ["B"] = rng.Next(0, 3) },
            };
            var result = Score(rows, config, [new("U1", "1.1.1", 1, 3m), new("U2", "1.1.1", 1, 3m), new("U3", "1.2.1", 1, 2m)], units: 3);
            var json = JsonDocument.Parse(JsonSerializer.Serialize(result, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
            var estimates = 0;
            Walk(json.RootElement, "", (path, e) =>
            {
                estimates++;
                var respondents = e.GetProperty("Respondents").GetInt32();
                var numbers = new[] { "Value", "StandardError", "Lower", "Upper" }.Where(p => e.GetProperty(p).ValueKind == JsonValueKind.Number).ToList();
                Assert.True(numbers.Count == 0 || respondents >= 5, $"round {round}: {path} has {string.Join(",", numbers)} from {respondents} respondents");
                Assert.True(!e.GetProperty("Suppressed").GetBoolean() || (numbers.Count == 0 && respondents == 0), $"round {round}: {path} is withheld but has numbers");
                if (e.GetProperty("Lower").ValueKind != JsonValueKind.Number) return;
                var max = path.Contains("Points", StringComparison.Ordinal) ? 5.0 : 1.0; // points of one criterion ≤ 3, total ≤ 5
                // City-wide means of points: survey points ≤ 5, the index (appraisal + survey points) ≤ 100.
                if (path.StartsWith(".City[", StringComparison.Ordinal))
                    max = result.City[int.Parse(path[6..path.IndexOf(']', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)].Code switch { "survey_points" => 5.0, "index" => 100.0, _ => 1.0 };
                var (lo, v, hi) = (e.GetProperty("Lower").GetDouble(), e.GetProperty("Value").GetDouble(), e.GetProperty("Upper").GetDouble());
                Assert.True(lo >= 0 && hi <= max + 1e-12 && lo <= v + 1e-12 && v <= hi + 1e-12, $"round {round}: {path} interval [{lo}, {hi}] around {v}");
            });
            Assert.True(estimates > 10);
            foreach (var u in result.Units.Where(u => u.Index is not null)) Assert.False(u.SurveyPoints.Suppressed);
            foreach (var u in result.Units.Where(u => u.SurveyPoints.Suppressed)) Assert.Null(u.Rank);
        }
    }

    private static void Walk(JsonElement e, string path, Action<string, JsonElement> estimate)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (e.TryGetProperty("Suppressed", out _) && e.TryGetProperty("Respondents", out _)) estimate(path, e);
                foreach (var p in e.EnumerateObject()) Walk(p.Value, $"{path}.{p.Name}", estimate);
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var x in e.EnumerateArray()) Walk(x, $"{path}[{i++}]", estimate);
                break;
        }
    }

    [Fact]
    public void A_result_of_an_older_engine_is_served_with_every_survey_figure_withheld()
    {
        var current = Score(People("A", 1, 7, Likert).Concat(People("A", 2, 2, Likert, "y")), appraisals: [new("U1", "1.1.1", 1, 3m)]);
        Assert.Same(current, SmallCells.WithholdLegacy(current));
        var legacy = SmallCells.WithholdLegacy(current with { Engine = "parindex-scoring/1.0" });
        Assert.Equal(SmallCells.LegacyWarning, legacy.Warnings[0]);
        Assert.All(legacy.Cells, c => Assert.Null(c.Share.Value));
        Assert.All(legacy.Units, u =>
        {
            Assert.Null(u.SurveyPoints.Value);
            Assert.Null(u.Index);
            Assert.Null(u.Rank);
            Assert.All(u.Sipas, s => Assert.Null(s.Share.Value));
            Assert.All(u.SurveyCriteria, c => Assert.Null(c.Points.Value));
        });
        Assert.All(legacy.SipasByUnitType.Values.SelectMany(f => f), s => Assert.Null(s.Share.Value));
        Assert.Equal(3m, legacy.Units.Single(u => u.UnitCode == "U1").AppraisalPoints);
    }

    [Theory]
    [InlineData(0.999, 0.01, 3)]
    [InlineData(0.001, 0.01, 3)]
    [InlineData(0.5, 0.4, 0)]
    [InlineData(0.95, 0.2, 1)]
    [InlineData(1.0, 0.0, 10)]
    [InlineData(0.0, 0.0, 10)]
    public void A_share_interval_never_leaves_zero_to_one(double share, double se, int df)
    {
        var (lower, upper) = ShareInterval.Of(share, se, df, 0.95);
        Assert.InRange(lower!.Value, 0, share);
        Assert.InRange(upper!.Value, share, 1);
    }
}
