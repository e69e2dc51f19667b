using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>
/// Lonely PSUs on apistrat with a single school in stratum M (tools/r/reference.R), against R's
/// <c>options(survey.lonely.psu = ...)</c>, 1e-9 relative.
/// </summary>
public sealed class LonelyPsuTests
{
    public static TheoryData<string, LonelyPsu, string> Cases()
    {
        var data = new TheoryData<string, LonelyPsu, string>();
        foreach (var (rule, r) in new[] { (LonelyPsu.Certainty, "certainty"), (LonelyPsu.Adjust, "adjust"), (LonelyPsu.Average, "average") })
        {
            data.Add("lonely.fpc", rule, r);
            data.Add("lonely.nofpc", rule, r);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lonely_stratum_is_handled_as_R_does_for_means_totals_and_domains(string design, LonelyPsu rule, string r)
    {
        var (d, t) = Design(design, rule);
        var fpc = design.EndsWith("nofpc", StringComparison.Ordinal) ? "nofpc" : "fpc";
        var key = $"lonely.{r}.{fpc}";
        var y = t.Numeric("api00");
        var m = d.Mean(y);
        AssertClose($"{key}.mean.api00.est", m.Estimate);
        AssertClose($"{key}.mean.api00.se", m.StandardError);
        var tot = d.Total(y);
        AssertClose($"{key}.total.api00.se", tot.StandardError);
        var (codes, levels) = t.Codes("sch.wide");
        var domains = SurveyDomain.ByGroup(codes, levels.Length);
        for (var g = 0; g < domains.Length; g++)
        {
            AssertClose($"{key}.by_schwide.mean.api00.se.{g + 1}", d.Mean(y, domains[g]).StandardError);
        }
    }

    [Fact]
    public void Fail_rule_throws_on_a_lonely_stratum()
    {
        var (d, t) = Design("lonely.fpc", LonelyPsu.Fail);
        var ex = Assert.Throws<LonelyPsuException>(() => d.Mean(t.Numeric("api00")));
        Assert.Contains("only one PSU", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Degrees_of_freedom_count_the_lonely_stratum()
    {
        var (d, _) = Design("lonely.fpc", LonelyPsu.Certainty);
        Assert.Equal(d.RowCount - 3, d.DegreesOfFreedom);
    }
}

/// <summary>A lonely unit at the second stage (one sampled school in a district of several), against R.</summary>
public sealed class LonelySecondStageTests
{
    private static (SurveyDesign Design, SurveyTable Data) Design(LonelyPsu rule)
    {
        var t = Table("apiclus2_lonely");
        return (SurveyDesign.Create(new SurveyDesignSpec
        {
            Psu = t.Codes("dnum").Codes,
            Ssu = t.Codes("snum").Codes,
            Fpc1 = t.Numeric("fpc1"),
            Fpc2 = t.Numeric("fpc2"),
            LonelyPsu = rule,
        }), t);
    }

    [Theory]
    [InlineData(LonelyPsu.Certainty, "certainty")]
    [InlineData(LonelyPsu.Adjust, "adjust")]
    [InlineData(LonelyPsu.Average, "average")]
    public void Lonely_second_stage_unit_is_handled_as_R_does(LonelyPsu rule, string r)
    {
        var (d, t) = Design(rule);
        var y = t.Numeric("api00");
        var m = d.Mean(y);
        AssertClose($"lonely2.{r}.mean.api00.est", m.Estimate);
        AssertClose($"lonely2.{r}.mean.api00.se", m.StandardError); // NaN for Average, as R
        AssertClose($"lonely2.{r}.total.api00.est", d.Total(y).Estimate);
        AssertClose($"lonely2.{r}.total.api00.se", d.Total(y).StandardError);
    }

    [Fact]
    public void Fail_rule_throws_at_the_second_stage()
    {
        var (d, t) = Design(LonelyPsu.Fail);
        var ex = Assert.Throws<LonelyPsuException>(() => d.Mean(t.Numeric("api00")));
        Assert.Contains("stage 2", ex.Message, StringComparison.Ordinal);
    }
}
