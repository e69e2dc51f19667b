using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;
using ParIndex.Core.Tabular;
using Xunit;

namespace ParIndex.Core.Tests.Scoring;

public class ScoringEngineTests
{
    internal static QuestionnaireDefinition Definition() => new()
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
                    new Item { Id = "q2", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "1.1", Rule = ScoringRule.MeanRescaled } },
                    new Item { Id = "q3", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "1.2", Rule = ScoringRule.TopBox } },
                    new Item { Id = "a1", Type = ItemType.Likert5, DontKnow = true, Scoring = new ItemScoring { Target = "access", Rule = ScoringRule.TopBox } },
                    new Item { Id = "note", Type = ItemType.Text },
                ],
            },
        ],
    };

    internal static readonly ScoringCriterion[] Criteria =
    [
        new("T", "1", "Area", 15, ScoreComponent.Appraisal),
        new("T", "1.1", "C1", 8, ScoreComponent.Appraisal),
        new("T", "1.1.1", "C1 appraisal", 5, ScoreComponent.Appraisal),
        new("T", "1.1.2", "C1 survey", 3, ScoreComponent.Survey),
        new("T", "1.2", "C2", 7, ScoreComponent.Appraisal),
        new("T", "1.2.1", "C2 appraisal", 5, ScoreComponent.Appraisal),
        new("T", "1.2.2", "C2 survey", 2, ScoreComponent.Survey),
    ];

    private static ScoringResult ScoreTiny(ScoringConfiguration config, params (string q1, string q2, string q3)[] answers)
    {
        var unit = new ScoringUnit(1, "U1", "Unit 1", "T");
        var scorer = new ItemScorer(Definition(), config.SatisfiedThreshold);
        var builder = new ScoringDataBuilder([unit], config);
        for (var i = 0; i < answers.Length; i++)
        {
            var a = new Dictionary<string, string> { ["q1"] = answers[i].q1, ["q2"] = answers[i].q2, ["q3"] = answers[i].q3 };
            builder.Add("A", 1, null, null, $"r{i}", 1, null, scorer.Scores(a));
        }
        return ScoringEngine.Score(builder.Build(), Criteria, [], config);
    }

    internal static (string, string, string)[] Thrice(params (string, string, string)[] answers) => [.. answers, .. answers, .. answers];

    [Fact]
    public void Respondent_score_is_the_mean_of_answered_items_and_dont_know_is_excluded()
    {
        // y = mean((5−1)/4, (2−1)/4) = 0.625, (4−1)/4 = 0.75, and nothing for the all-"dk" respondent; each three times,
        // since a cell is published only from k = 5 respondents.
        var result = ScoreTiny(new ScoringConfiguration(), Thrice(("5", "2", "4"), ("4", "dk", "3"), ("dk", "dk", "dk")));
        var cell = result.Cells.Single(c => c.Target == "1.1");
        Assert.Equal(0.6875, cell.Share.Value!.Value, 12);
        Assert.Equal(6, cell.Share.Respondents);
        // One stratum, 9 PSUs (with replacement): z = ±0.0625/6 on the 6 rows of the domain and 0 on the 3 "dk" rows,
        // V = 9/8 · Σ z² = 9/8 · 6 · (0.0625/6)² = 0.000732421875.
        Assert.Equal(Math.Sqrt(0.000732421875), cell.Share.StandardError!.Value, 12);
        var unit = result.Units.Single();
        Assert.Equal(0.6875 * 3, unit.SurveyCriteria.Single(c => c.Criterion == "1.1.2").Points.Value!.Value, 12);
        Assert.Equal(0.5 * 2, unit.SurveyCriteria.Single(c => c.Criterion == "1.2.2").Points.Value!.Value, 12);
        Assert.Equal(0.6875 * 3 + 1.0, unit.SurveyPoints.Value!.Value, 12);
        Assert.Equal(6, unit.Respondents);
    }

    [Fact]
    public void Configured_satisfied_threshold_overrides_the_items_top_box()
    {
        var result = ScoreTiny(new ScoringConfiguration { SatisfiedThreshold = 3 }, Thrice(("5", "2", "4"), ("4", "dk", "3"), ("1", "1", "2")));
        Assert.Equal(2.0 / 3, result.Cells.Single(c => c.Target == "1.2").Share.Value!.Value, 12);
    }

    [Fact]
    public void Cells_below_k_respondents_carry_no_numbers_and_nothing_built_from_them_does_either()
    {
        // Was: "flagged but the unit score still counts them" — the unit's survey points were one or two people's answers.
        var result = ScoreTiny(new ScoringConfiguration(), ("5", "2", "4"), ("4", "dk", "3"), ("3", "3", "3"));
        Assert.All(result.Cells, c => Assert.Equal(Estimate.Withheld, c.Share));
        var unit = result.Units.Single();
        Assert.Equal(Estimate.Withheld, unit.SurveyPoints);
        Assert.All(unit.SurveyCriteria, c => { Assert.True(c.Share.Suppressed); Assert.Null(c.Points.Value); });
        Assert.Null(unit.Index);
        Assert.Contains(result.Warnings, w => w.Contains("dưới 5 người trả lời", StringComparison.Ordinal));
        // k is configurable upward only: a stored configuration with k = 3 still withholds cells of 3.
        var k3 = ScoreTiny(new ScoringConfiguration { MinCellSize = 3 }, ("5", "2", "4"), ("4", "dk", "3"), ("3", "3", "3"));
        Assert.All(k3.Cells, c => Assert.True(c.Share.Suppressed));
        Assert.Equal(5, k3.MinCellSize);
    }

    [Fact]
    public void Index_adds_final_round_appraisal_points_to_survey_points()
    {
        var config = new ScoringConfiguration { RankDraws = 0 };
        var unit = new ScoringUnit(1, "U1", "Unit 1", "T");
        var scorer = new ItemScorer(Definition(), null);
        var builder = new ScoringDataBuilder([unit], config);
        for (var i = 0; i < 5; i++)
            builder.Add("A", 1, null, null, $"r{i}", 1, null, scorer.Scores(new Dictionary<string, string> { ["q1"] = "5", ["q2"] = "5", ["q3"] = "5" }));
        var result = ScoringEngine.Score(builder.Build(), Criteria,
            [new("U1", "1.1.1", 1, 3m), new("U1", "1.1.1", 2, 4.5m), new("U1", "1.2.1", 1, 5m)], config);
        var u = result.Units.Single();
        Assert.Equal(9.5m, u.AppraisalPoints);
        Assert.Equal(9.5 + 3 + 2, u.Index!.Value, 12);
        Assert.Equal(1, u.Rank);
    }

    [Fact]
    public void Ranks_share_ties_and_intervals_cover_the_rank()
    {
        UnitScore U(string code, double index, double se) => new()
        {
            UnitCode = code, UnitName = code, UnitType = "T", SurveyPoints = Estimate.Missing, Index = index, IndexStandardError = se,
        };
        var ranked = Ranking.Rank([U("a", 90, 0), U("b", 85.004, 0), U("c", 84.996, 0), U("d", 80, 0)], new ScoringConfiguration());
        Assert.Equal([1, 2, 2, 4], ranked.Select(u => u.Rank!.Value));
        Assert.Equal([false, true, true, false], ranked.Select(u => u.Tied));
        Assert.Equal((1, 1), (ranked[0].RankLower, ranked[0].RankUpper));
        Assert.Equal((4, 4), (ranked[3].RankLower, ranked[3].RankUpper));

        var noisy = Ranking.Rank([U("a", 90, 0.1), U("b", 89.9, 3), U("c", 70, 0.1)], new ScoringConfiguration());
        Assert.Equal((1, 2), (noisy[0].RankLower, noisy[0].RankUpper));
        Assert.Equal((1, 2), (noisy[1].RankLower, noisy[1].RankUpper));
        Assert.Equal((3, 3), (noisy[2].RankLower, noisy[2].RankUpper));
    }

    [Fact]
    public void Configuration_round_trips_through_canonical_json()
    {
        var config = new ScoringConfiguration { GroupWeights = new() { ["B"] = 1, ["A"] = 2 }, SatisfiedThreshold = 4, SipasAggregation = SipasAggregation.ItemWeighted };
        var json = config.ToJson();
        Assert.True(json.IndexOf("\"A\"", StringComparison.Ordinal) < json.IndexOf("\"B\"", StringComparison.Ordinal));
        var back = ScoringConfiguration.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(2, back.GroupWeight("A"));
        Assert.Equal(1, back.GroupWeight("Z"));
        Assert.NotEmpty((config with { MinCellSize = 0 }).Validate());
        Assert.NotEmpty((config with { MinCellSize = 4 }).Validate());
        Assert.Empty((config with { MinCellSize = 5 }).Validate());
        Assert.Empty((config with { MinCellSize = 100 }).Validate());
    }

    [Fact]
    public void Appraisal_import_reports_every_bad_line_and_keeps_nothing()
    {
        var units = new[] { new ScoringUnit(1, "U1", "Unit 1", "T"), new ScoringUnit(2, "U2", "Unit 2", "T") };
        var file = TabularReader.Read(System.Text.Encoding.UTF8.GetBytes(
            "unit,criterion,appraisal_round,points\nU1,1.1.1,1,\"4,5\"\nU9,1.1.1,1,3\nU1,1.1.2,1,2\nU1,1.2.1,3,2\nU2,1.2.1,1,7\nU1,1.1.1,1,4\nU2,1.1.1,2,abc\n"), "a.csv");
        var (scores, errors) = AppraisalImport.Parse(file, units, Criteria);
        Assert.Empty(scores);
        Assert.Equal([3, 4, 5, 6, 7, 8], errors.Select(e => e.Line));
        Assert.Contains("trùng với dòng 2", errors.Single(e => e.Line == 7).Message);
        var good = TabularReader.Read(System.Text.Encoding.UTF8.GetBytes("mã đơn vị;tiêu chí;lần thẩm định;điểm\nU1;1.1.1;1;4,5\nU1;1.1.1;2;5\n"), "b.csv");
        var ok = AppraisalImport.Parse(good, units, Criteria);
        Assert.Empty(ok.Errors);
        Assert.Equal([4.5m, 5m], ok.Scores.Select(s => s.Points));
    }

    [Fact]
    public void Input_hash_depends_on_every_field_and_their_boundaries()
    {
        string H(params string[] parts) { using var h = new InputHash(); foreach (var p in parts) h.Add(p); return h.Finish(); }
        Assert.Equal(H("a", "b"), H("a", "b"));
        Assert.NotEqual(H("ab", ""), H("a", "b"));
        Assert.Equal(64, H("x").Length);
    }
}
