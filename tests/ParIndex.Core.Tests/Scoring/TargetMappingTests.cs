using System.Text.Json;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;
using Xunit;

namespace ParIndex.Core.Tests.Scoring;

/// <summary>
/// Issue 21 item 1: an answer can feed several targets by configuration — a citizen's SIPAS answers count in SIPAS and in
/// the PAR survey points of the sub-criterion they are mapped to, without touching the questionnaire.
/// </summary>
public sealed class TargetMappingTests
{
    /// <summary>Citizens (group DAN): two access items, one of them the online-service item, and a procedure item.</summary>
    private static QuestionnaireDefinition Citizens() => new()
    {
        Id = "DAN", UnitType = "T", RespondentGroup = "DAN",
        Sections =
        [
            new Section
            {
                Id = "s",
                Items =
                [
                    new Item { Id = "acc_info", Type = ItemType.Likert5, Scoring = new ItemScoring { Target = "access", Rule = ScoringRule.TopBox } },
                    new Item { Id = "acc_online", Type = ItemType.Likert5, Scoring = new ItemScoring { Target = "access", Rule = ScoringRule.TopBox } },
                    new Item { Id = "proc", Type = ItemType.Likert5, Scoring = new ItemScoring { Target = "procedure", Rule = ScoringRule.TopBox } },
                ],
            },
        ],
    };

    /// <summary>Officials (group HDND) rate the sub-criterion 3.2 directly.</summary>
    private static QuestionnaireDefinition Officials() => new()
    {
        Id = "HDND", UnitType = "T", RespondentGroup = "HDND",
        Sections = [new Section { Id = "s", Items = [new Item { Id = "o32", Type = ItemType.Likert5, Scoring = new ItemScoring { Target = "3.2", Rule = ScoringRule.MeanRescaled } }] }],
    };

    private static readonly ScoringCriterion[] Criteria =
    [
        new("T", "3", "TTHC", 10, ScoreComponent.Appraisal),
        new("T", "3.2", "Một cửa", 10, ScoreComponent.Appraisal),
        new("T", "3.2.1", "Một cửa (thẩm định)", 4, ScoreComponent.Appraisal),
        new("T", "3.2.2", "Một cửa (ĐTXHH)", 6, ScoreComponent.Survey),
    ];

    private static readonly string[] CitizenAccess = ["5", "4", "2", "5", "1", "4"];
    private static readonly string[] OfficialRating = ["5", "3", "4", "2", "5", "4"];

    private static ScoringResult Score(ScoringConfiguration config)
    {
        var unit = new ScoringUnit(1, "U1", "Unit 1", "T");
        var citizens = new ItemScorer(Citizens(), config);
        var officials = new ItemScorer(Officials(), config);
        var builder = new ScoringDataBuilder([unit], config);
        for (var i = 0; i < CitizenAccess.Length; i++)
            builder.Add("DAN", 1, null, null, $"c{i}", 1, null, citizens.Scores(new Dictionary<string, string> { ["acc_info"] = CitizenAccess[i], ["acc_online"] = "dk", ["proc"] = "4" }));
        for (var i = 0; i < OfficialRating.Length; i++)
            builder.Add("HDND", 1, null, null, $"o{i}", 1, null, officials.Scores(new Dictionary<string, string> { ["o32"] = OfficialRating[i] }));
        return ScoringEngine.Score(builder.Build(), Criteria, [], config);
    }

    private static readonly double CitizensSatisfied = CitizenAccess.Count(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture) >= 4) / 6.0;
    private static readonly double OfficialsMean = OfficialRating.Average(a => (int.Parse(a, System.Globalization.CultureInfo.InvariantCulture) - 1) / 4.0);

    [Fact]
    public void A_citizens_answer_counts_in_SIPAS_and_in_the_PAR_sub_criterion_it_is_mapped_to()
    {
        var mapped = Score(new ScoringConfiguration { RankDraws = 0, TargetMappings = [new() { From = "access", To = ["3.2"] }] });
        var unit = mapped.Units.Single();
        // SIPAS: the citizens' access element, as without any mapping.
        Assert.Equal(CitizensSatisfied, unit.Sipas.Single(f => f.Code == "access").Share.Value!.Value, 12);
        // The same answers make the citizens' cell of sub-criterion 3.2 …
        Assert.Equal(CitizensSatisfied, mapped.Cells.Single(c => c.Group == "DAN" && c.Target == "3.2").Share.Value!.Value, 12);
        // … and the survey points of 3.2.2 combine officials and citizens with equal group weights.
        var share = unit.SurveyCriteria.Single(c => c.Criterion == "3.2.2").Share.Value!.Value;
        Assert.Equal((CitizensSatisfied + OfficialsMean) / 2, share, 12);
        Assert.Equal(6 * (CitizensSatisfied + OfficialsMean) / 2, unit.SurveyPoints.Value!.Value, 12);

        // Without the mapping the citizens' answers reach SIPAS only.
        var plain = Score(new ScoringConfiguration { RankDraws = 0 });
        Assert.DoesNotContain(plain.Cells, c => c.Group == "DAN" && c.Target == "3.2");
        Assert.Equal(OfficialsMean, plain.Units.Single().SurveyCriteria.Single(c => c.Criterion == "3.2.2").Share.Value!.Value, 12);
        Assert.Equal(CitizensSatisfied, plain.Units.Single().Sipas.Single(f => f.Code == "access").Share.Value!.Value, 12);
    }

    [Fact]
    public void A_mapping_applies_only_to_its_groups_and_one_item_can_be_mapped_by_id()
    {
        var otherGroup = Score(new ScoringConfiguration { RankDraws = 0, TargetMappings = [new() { From = "access", To = ["3.2"], Groups = ["HDND"] }] });
        Assert.DoesNotContain(otherGroup.Cells, c => c.Group == "DAN" && c.Target == "3.2");

        // Only acc_online maps; every citizen answered it "dk", so there is nothing for 3.2 from citizens.
        var byItem = Score(new ScoringConfiguration { RankDraws = 0, TargetMappings = [new() { From = "item:acc_online", To = ["3.2"] }] });
        Assert.DoesNotContain(byItem.Cells, c => c.Group == "DAN" && c.Target == "3.2");
        var scorer = new ItemScorer(Citizens(), new ScoringConfiguration { TargetMappings = [new() { From = "item:acc_online", To = ["7.1"] }] });
        Assert.Equal([("access", 1.0), ("7.1", 1.0)], scorer.Scores(new Dictionary<string, string> { ["acc_online"] = "5" }).Select(s => (s.Target, s.Score)));
    }

    [Fact]
    public void Answers_read_from_json_feed_the_same_targets_as_answers_read_into_a_dictionary()
    {
        var config = new ScoringConfiguration { TargetMappings = [new() { From = "access", To = ["3.2", "7.1"] }, new() { From = "procedure", To = ["3.1"] }] };
        var scorer = new ItemScorer(Citizens(), config);
        var json = """{"acc_info":"4","acc_online":"2","proc":"5"}""";
        var row = scorer.NewRow();
        row.Add(json);
        var slow = scorer.Scores(JsonSerializer.Deserialize<Dictionary<string, string>>(json)!).ToList();
        Assert.Equal(slow, row.Scores().ToList());
        Assert.Equal(["access", "3.2", "7.1", "access", "3.2", "7.1", "procedure", "3.1"], slow.Select(s => s.Target));

        // The pooled SIPAS items count each answer once: the item-weighted index is the same with and without mappings.
        ScoringResult Pooled(ScoringConfiguration c)
        {
            var s = new ItemScorer(Citizens(), c);
            var b = new ScoringDataBuilder([new ScoringUnit(1, "U1", "U", "T")], c);
            for (var i = 0; i < 6; i++)
            {
                var r = s.NewRow();
                r.Add($$"""{"acc_info":"{{CitizenAccess[i]}}","acc_online":"{{OfficialRating[i]}}","proc":"4"}""");
                b.Add("DAN", 1, null, null, $"c{i}", 1, null, r);
            }
            return ScoringEngine.Score(b.Build(), Criteria, [], c);
        }
        var item = new ScoringConfiguration { RankDraws = 0, SipasAggregation = SipasAggregation.ItemWeighted, SipasIndexElements = ["access", "procedure"] };
        Assert.Equal(Pooled(item).Units.Single().Sipas.Single(f => f.Code == "sipas").Share.Value!.Value,
            Pooled(item with { TargetMappings = config.TargetMappings }).Units.Single().Sipas.Single(f => f.Code == "sipas").Share.Value!.Value, 12);
    }

    [Fact]
    public void A_mapping_into_a_SIPAS_index_element_or_without_targets_is_refused_with_a_message()
    {
        Assert.Contains(new ScoringConfiguration { TargetMappings = [new() { From = "3.2", To = ["access"] }] }.Validate(), e => e.Contains("yếu tố của chỉ số SIPAS", StringComparison.Ordinal));
        Assert.Contains(new ScoringConfiguration { TargetMappings = [new() { From = "access", To = [] }] }.Validate(), e => e.Contains("ít nhất một mục tiêu", StringComparison.Ordinal));
        Assert.Contains(new ScoringConfiguration { TargetMappings = [new() { From = "access", To = ["access"] }] }.Validate(), e => e.Contains("chính nó", StringComparison.Ordinal));
        Assert.Empty(ScoringDefaults.Apply(new ScoringConfiguration()).Validate());
    }

    [Fact]
    public void The_default_mappings_send_the_citizens_service_elements_into_PAR_sub_criteria_and_say_where_from()
    {
        var defaults = ScoringDefaults.Apply(new ScoringConfiguration());
        Assert.Equal(["3.2"], defaults.TargetMappings.Single(m => m.From == "access").To);
        Assert.All(defaults.TargetMappings, m => Assert.Contains("seeds/000", m.Source, StringComparison.Ordinal));
        // Every mapped code is a sub-criterion of the default tree (ScoringTargets), and every source a SIPAS element or an item.
        var criteria = ScoringTargets.Criteria.Select(c => c.Code).ToHashSet();
        Assert.All(defaults.TargetMappings.SelectMany(m => m.To), t => Assert.Contains(t, criteria));
        Assert.All(defaults.TargetMappings, m => Assert.True(m.From.StartsWith("item:", StringComparison.Ordinal) || ScoringTargets.SipasElements.Any(e => e.Code == m.From)));
        // A configuration stored without mappings keeps none: defaults apply only where nothing was saved.
        Assert.Empty(ScoringConfiguration.FromJson("""{"minCellSize":5}""").TargetMappings);
        Assert.Equal(defaults.ToJson(), ScoringConfiguration.FromJson(defaults.ToJson()).ToJson());
    }
}
