using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;
using Xunit;

namespace ParIndex.Core.Tests.Scoring;

/// <summary>
/// Issue 21 items 5 and 6: SIPAS per service field and channel (and per sector) with intervals and k = 5, city-wide and per
/// unit, each figure against its configured target; city-wide means of the index; no figure from fewer than k people
/// by subtracting published ones.
/// </summary>
public sealed class SectorSipasTests
{
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
                    new Item { Id = "field", Type = ItemType.Single, ChoiceList = "field" },
                    new Item { Id = "channel", Type = ItemType.Single, ChoiceList = "channel" },
                    new Item { Id = "a1", Type = ItemType.Likert5, Scoring = new ItemScoring { Target = "access", Rule = ScoringRule.TopBox } },
                    new Item { Id = "p1", Type = ItemType.Likert5, Scoring = new ItemScoring { Target = "procedure", Rule = ScoringRule.TopBox } },
                ],
            },
        ],
    };

    private static readonly ScoringCriterion[] Criteria =
    [
        new("T", "3", "TTHC", 10, ScoreComponent.Appraisal),
        new("T", "3.1", "Công khai", 10, ScoreComponent.Appraisal),
        new("T", "3.1.1", "Công khai (thẩm định)", 4, ScoreComponent.Appraisal),
        new("T", "3.1.2", "Công khai (ĐTXHH)", 6, ScoreComponent.Survey),
    ];

    private static ScoringConfiguration Config(params IndexTarget[] targets) => new()
    {
        RankDraws = 0, SipasIndexElements = ["access", "procedure"],
        TargetMappings = [new() { From = "procedure", To = ["3.1"] }],
        SipasBreakdowns = [new() { Item = "field" }, new() { Item = "channel" }],
        SipasSectors = [new() { Code = "land-construction", Item = "field", Answers = ["land", "construction"] }],
        Targets = [.. targets],
    };

    /// <summary>One citizen: field, channel, and whether satisfied (5) or not (2) on both items.</summary>
    private sealed record Citizen(int Unit, string Field, string Channel, bool Satisfied);

    private static IEnumerable<Citizen> Many(int unit, string field, string channel, int satisfied, int dissatisfied) =>
        Enumerable.Repeat(new Citizen(unit, field, channel, true), satisfied).Concat(Enumerable.Repeat(new Citizen(unit, field, channel, false), dissatisfied));

    private static ScoringResult Score(IEnumerable<Citizen> citizens, ScoringConfiguration config, int? year = null, IReadOnlyList<AppraisalScore>? appraisals = null)
    {
        var units = new[] { new ScoringUnit(1, "U1", "Unit 1", "T"), new ScoringUnit(2, "U2", "Unit 2", "T") };
        var scorer = new ItemScorer(Citizens(), config);
        var builder = new ScoringDataBuilder(units, config);
        builder.Label("field:health", "Y tế");
        var i = 0;
        foreach (var c in citizens)
        {
            var answer = c.Satisfied ? "5" : "2";
            var json = $$"""{"field":"{{c.Field}}","channel":"{{c.Channel}}","a1":"{{answer}}","p1":"{{answer}}"}""";
            var row = scorer.NewRow();
            row.Add(json);
            // Each unit a stratum, each citizen a PSU: a stratified sample of citizens with replacement.
            builder.Add("DAN", c.Unit, $"U{c.Unit}", null, $"c{i++}", 10, null, row);
        }
        return ScoringEngine.Score(builder.Build(), Criteria, appraisals ?? [], config, null, year);
    }

    private static Estimate Unit(ScoringResult r, string unit, string code) => r.Units.Single(u => u.UnitCode == unit).SipasBreakdowns.Single(f => f.Code == code).Share;

    private static void AssertWithheld(Estimate e) => Assert.True(e.Suppressed && e.Value is null && e.Respondents == 0, $"{e} is not withheld");

    private static Estimate City(ScoringResult r, string code, string type = "T") => r.City.Single(c => c.UnitType == type && c.Code == code).Estimate;

    [Fact]
    public void Sipas_by_field_and_channel_is_the_sipas_of_those_citizens_with_its_interval()
    {
        var citizens = Many(1, "health", "counter", 16, 4).Concat(Many(1, "land", "online", 9, 6))
            .Concat(Many(2, "health", "online", 18, 2)).Concat(Many(2, "construction", "counter", 6, 4)).ToList();
        var r = Score(citizens, Config());
        // Unit 1's health citizens: 16 of 20 satisfied on both items, so both elements and their mean are 0.8.
        var health = Unit(r, "U1", "field:health");
        Assert.Equal(0.8, health.Value!.Value, 12);
        Assert.Equal(20, health.Respondents);
        Assert.True(health.Lower < 0.8 && health.Upper > 0.8 && health.Lower > 0 && health.Upper < 1);
        // Equal weights within a unit: the domain mean is the share; its SE is the linearised domain SE on the full design
        // (stratum U1 of 35 PSUs with replacement): z_i = (y_i − ȳ)/20 on the domain, 0 elsewhere in the stratum.
        var zs = Enumerable.Repeat(0.2 / 20, 16).Concat(Enumerable.Repeat(-0.8 / 20, 4)).Concat(Enumerable.Repeat(0.0, 15)).ToArray();
        var mean = zs.Average();
        Assert.Equal(Math.Sqrt(35.0 / 34 * zs.Sum(z => (z - mean) * (z - mean))), health.StandardError!.Value, 12);
        Assert.Equal(0.6, Unit(r, "U1", "channel:online").Value!.Value, 12);

        // City-wide (the type pools its units' citizens): health 34 of 40, construction 6 of 10, and the sector land+construction.
        Assert.Equal(34.0 / 40, City(r, "field:health").Value!.Value, 12);
        Assert.Equal(15.0 / 25, City(r, "sector:land-construction").Value!.Value, 12);
        Assert.Equal(27.0 / 35, City(r, "channel:online").Value!.Value, 12);
        Assert.Equal(City(r, "field:health").Value, City(r, "field:health", ScoringEngine.AllUnitTypes).Value);
        Assert.Equal("Y tế", r.Labels["field:health"]);
        Assert.Equal(49.0 / 65, City(r, "sipas").Value!.Value, 12);
    }

    [Fact]
    public void Fields_under_k_are_withheld_and_so_is_what_would_give_them_away_by_difference()
    {
        // Unit 1: 20 health, 10 land and 3 education citizens. The unit's SIPAS (33 people) minus health and land would be the
        // 3 education citizens: the smallest published field (land) is withheld too.
        var citizens = Many(1, "health", "counter", 16, 4).Concat(Many(1, "land", "counter", 7, 3)).Concat(Many(1, "education", "counter", 2, 1))
            .Concat(Many(2, "health", "counter", 10, 0)).ToList();
        var r = Score(citizens, Config());
        AssertWithheld(Unit(r, "U1", "field:education"));
        AssertWithheld(Unit(r, "U1", "field:land"));
        Assert.True(Unit(r, "U1", "field:health").HasValue);
        // The sector land+construction of unit 1 is its 10 land citizens; the unit's SIPAS less the sector less health would
        // again be the 3 education citizens, so the sector is withheld as well.
        AssertWithheld(Unit(r, "U1", "sector:land-construction"));
        // City-wide the same: education (3 people) withheld, so are land and the sector; health (30) is published, and the
        // city's health less U1's (20) and U2's (10) health figures leaves nobody.
        AssertWithheld(City(r, "field:education"));
        AssertWithheld(City(r, "field:land"));
        Assert.True(City(r, "field:health").HasValue);

        // Every published figure rests on at least k = 5 people, and no published container less its published parts
        // leaves 1–4 people.
        foreach (var u in r.Units)
            foreach (var f in u.SipasBreakdowns.Where(f => f.Share.HasValue)) Assert.True(f.Share.Respondents >= 5);
        foreach (var c in r.City.Where(c => c.Estimate.HasValue)) Assert.True(c.Estimate.Respondents >= 5);

        // Unit 2 has 10 health citizens out of 10 withholding nothing; across units, the city's health (30) less U1's (20)
        // and U2's (10) leaves nobody.
        Assert.True(Unit(r, "U2", "field:health").HasValue);
    }

    [Fact]
    public void A_city_figure_less_its_units_published_figures_never_leaves_fewer_than_k_people()
    {
        // Health: U1 20 people, U2 3 people. City health (23) − U1 health (20) = U2's 3: U1's health figure is withheld.
        var citizens = Many(1, "health", "counter", 16, 4).Concat(Many(1, "land", "counter", 20, 0)).Concat(Many(2, "health", "counter", 2, 1))
            .Concat(Many(2, "land", "counter", 8, 2)).ToList();
        var r = Score(citizens, Config());
        AssertWithheld(Unit(r, "U2", "field:health"));
        AssertWithheld(Unit(r, "U1", "field:health"));
        Assert.True(City(r, "field:health").HasValue);
    }

    [Fact]
    public void Each_unit_and_the_city_are_shown_against_the_targets_in_force_in_the_round_year()
    {
        // Health: U1 90 of 100 satisfied (interval around 0.9), U2 100 of 200 (interval far below 0.87).
        var citizens = Many(1, "health", "counter", 90, 10).Concat(Many(2, "health", "online", 100, 100)).Concat(Many(2, "land", "online", 199, 1)).ToList();
        var config = Config(
            new IndexTarget { Figure = "field:health", Value = 87, FromYear = 2026, ToYear = 2027, Source = "KH CCHC 2026–2030 §I.2.1" },
            new IndexTarget { Figure = "field:health", Value = 90, FromYear = 2028, ToYear = 2030 },
            new IndexTarget { Figure = "field:land", Value = 90, Scope = TargetScope.Units },
            new IndexTarget { Figure = "sipas", Value = 50, Scope = TargetScope.City },
            new IndexTarget { Figure = "index", Value = 90 });
        var r = Score(citizens, config, year: 2026, appraisals: [new("U1", "3.1.1", 2, 4m), new("U2", "3.1.1", 2, 3m)]);
        TargetCheck Check(string figure, string scope) => r.TargetChecks.Single(c => c.Figure == figure && c.Scope == scope && c.UnitType == "T");
        Assert.Equal(TargetStatus.Indistinguishable, Check("field:health", "U1").Status);
        Assert.Equal(TargetStatus.NotMet, Check("field:health", "U2").Status);
        Assert.Equal(87, Check("field:health", "U1").Target);
        Assert.Equal("KH CCHC 2026–2030 §I.2.1", Check("field:health", "U1").Source);
        // The 2028–2030 target is not in force in 2026.
        Assert.DoesNotContain(r.TargetChecks, c => c.Figure == "field:health" && c.Target == 90);
        // A unit-only target has no city check; a unit without land citizens gets none; a city-only target no unit checks.
        Assert.Equal(TargetStatus.Met, Check("field:land", "U2").Status);
        Assert.DoesNotContain(r.TargetChecks, c => c.Figure == "field:land" && (c.Scope == "U1" || c.Scope == TargetCheck.CityScope));
        Assert.Equal(TargetStatus.Met, Check("sipas", TargetCheck.CityScope).Status);
        Assert.DoesNotContain(r.TargetChecks, c => c.Figure == "sipas" && c.Scope != TargetCheck.CityScope);
        // The index: appraisal + survey points, its interval the survey part's; the city figure is the mean over units.
        var u1 = r.Units.Single(u => u.UnitCode == "U1");
        var index = Check("index", "U1");
        Assert.Equal(u1.Index!.Value, index.Estimate.Value!.Value, 12);
        Assert.Equal(4 + u1.SurveyPoints.Lower!.Value, index.Estimate.Lower!.Value, 12);
        Assert.Equal(TargetStatus.NotMet, index.Status);
        var cityIndex = City(r, "index");
        Assert.Equal(r.Units.Average(u => u.Index!.Value), cityIndex.Value!.Value, 12);
        Assert.True(cityIndex.StandardError > 0 && cityIndex.Lower < cityIndex.Value && cityIndex.Upper > cityIndex.Value);
        Assert.Equal(r.Units.Average(u => u.SurveyPoints.Value!.Value), City(r, "survey_points").Value!.Value, 12);

        // Without a year every configured target is checked.
        Assert.Contains(Score(citizens, config).TargetChecks, c => c.Figure == "field:health" && c.Target == 90);
    }

    [Theory]
    [InlineData(0.90, 0.88, 0.92, 87, TargetStatus.Met)]
    [InlineData(0.86, 0.84, 0.869, 87, TargetStatus.NotMet)]
    [InlineData(0.86, 0.84, 0.87, 87, TargetStatus.Indistinguishable)]
    [InlineData(0.8444, 0.844399999, 0.85, 84.44, TargetStatus.Met)]
    public void A_target_is_met_when_the_whole_interval_as_published_is_at_or_above_it(double value, double lower, double upper, double target, TargetStatus expected) =>
        Assert.Equal(expected, TargetCheck.Judge(new Estimate(value, 0.01, lower, upper, 100, false), target, percent: true));

    [Fact]
    public void The_default_targets_are_the_plans_with_their_years_and_sources()
    {
        var t = ScoringDefaults.Targets;
        Assert.Contains(t, x => x.Figure == "index" && x.Value == 96.5 && x.FromYear == 2026 && x.Source!.Contains("seeds/001", StringComparison.Ordinal) && x.Source.Contains("§I.3", StringComparison.Ordinal));
        Assert.Contains(t, x => x.Figure == "sipas" && x.Value == 87 && x.FromYear == 2026 && x.ToYear == 2026);
        Assert.Contains(t, x => x.Figure == "channel:online" && x.Value == 95 && x.ToYear == 2027 && x.Source!.Contains("§I.2.1", StringComparison.Ordinal));
        Assert.Contains(t, x => x.Figure == "field:health" && x.Value == 87 && x.ToYear == 2027);
        Assert.Contains(t, x => x.Figure == "field:education" && x.Value == 90 && x.FromYear == 2028);
        // Land, construction and investment: ≥ 90 % in 2028–2030 (§I.2.2), not before.
        Assert.Contains(t, x => x.Figure == "sector:land-construction-investment" && x.Value == 90 && x.FromYear == 2028 && x.Source!.Contains("§I.2.2", StringComparison.Ordinal));
        Assert.All(t, x => Assert.False(string.IsNullOrWhiteSpace(x.Source)));
        Assert.Empty(ScoringDefaults.Apply(new ScoringConfiguration()).Validate());
        Assert.Contains(new ScoringConfiguration { Targets = [new() { Figure = "field:health", Value = 87 }] }.Validate(), e => e.Contains("field:health", StringComparison.Ordinal));
        Assert.Contains(new ScoringConfiguration { Targets = [new() { Figure = "sipas", Value = 187 }] }.Validate(), e => e.Contains("0 đến 100", StringComparison.Ordinal));
    }
}
