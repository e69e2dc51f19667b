using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>
/// <see cref="SurveyDesign.PopulationVariance"/> (R's <c>svyvar</c>), <see cref="SurveyDesign.Quantile"/> (R's
/// <c>svyquantile</c>, Woodruff interval) and the arcsine proportion interval (<c>svyciprop(method = "asin")</c>)
/// against survey 4.1.1 (tools/r/reference.R), 1e-9 relative.
/// </summary>
public sealed class QuantileAndVarianceTests
{
    private static readonly double[] Probabilities = [0.1, 0.25, 0.5, 0.75, 0.9];

    [Theory]
    [InlineData("strat")]
    [InlineData("clus1")]
    [InlineData("clus2")]
    public void Population_variance_matches_svyvar_overall_and_by_domain(string name)
    {
        var (d, t) = Design(name);
        var y = t.Numeric("api00");
        var v = d.PopulationVariance(y);
        AssertClose($"{name}.var.api00.est", v.Estimate);
        AssertClose($"{name}.var.api00.se", v.StandardError);
        var domains = SurveyDomain.ByGroup(t.Codes("stype").Codes, 3);
        for (var g = 0; g < 3; g++)
        {
            var e = d.PopulationVariance(y, domains[g]);
            AssertClose($"{name}.by_stype.var.api00.est.{g + 1}", e.Estimate);
            AssertClose($"{name}.by_stype.var.api00.se.{g + 1}", e.StandardError);
        }
    }

    [Theory]
    [InlineData("strat", QuantileRule.Math)]
    [InlineData("strat", QuantileRule.School)]
    [InlineData("clus1", QuantileRule.Math)]
    [InlineData("clus1", QuantileRule.School)]
    [InlineData("clus2", QuantileRule.Math)]
    [InlineData("clus2", QuantileRule.School)]
    public void Quantiles_with_the_Woodruff_interval_match_svyquantile(string name, QuantileRule rule)
    {
        var (d, t) = Design(name);
        var y = t.Numeric("api00");
        var key = $"{name}.quantile.{rule.ToString().ToLowerInvariant()}";
        for (var k = 0; k < Probabilities.Length; k++)
        {
            var q = d.Quantile(y, Probabilities[k], rule: rule);
            AssertClose($"{key}.est.{k + 1}", q.Estimate);
            AssertClose($"{key}.lo.{k + 1}", q.Interval.Lower);
            AssertClose($"{key}.hi.{k + 1}", q.Interval.Upper);
            AssertClose($"{key}.se.{k + 1}", q.StandardError);
        }

        var q90 = d.Quantile(y, 0.5, level: 0.9);
        AssertClose($"{name}.quantile90.median.1", q90.Estimate);
        AssertClose($"{name}.quantile90.median.2", q90.Interval.Lower);
        AssertClose($"{name}.quantile90.median.3", q90.Interval.Upper);
        AssertClose($"{name}.quantile90.median.4", q90.StandardError);
    }

    [Theory]
    [InlineData("strat")]
    [InlineData("clus1")]
    [InlineData("clus2")]
    public void Quantiles_in_a_domain_match_svyquantile_on_the_subset(string name)
    {
        var (d, t) = Design(name);
        var y = t.Numeric("api00");
        var (codes, levels) = t.Codes("stype");
        var domains = SurveyDomain.ByGroup(codes, levels.Length, levels);
        foreach (var domain in domains)
        {
            var key = $"{name}.sub_{domain.Label}.quantile";
            double[] ps = [0.25, 0.5, 0.75];
            for (var k = 0; k < ps.Length; k++)
            {
                var q = d.Quantile(y, ps[k], domain);
                AssertClose($"{key}.est.{k + 1}", q.Estimate);
                AssertClose($"{key}.lo.{k + 1}", q.Interval.Lower);
                AssertClose($"{key}.hi.{k + 1}", q.Interval.Upper);
                AssertClose($"{key}.se.{k + 1}", q.StandardError);
            }
        }
    }

    [Theory]
    [InlineData("strat")]
    [InlineData("clus1")]
    [InlineData("clus2")]
    public void Arcsine_proportion_interval_matches_svyciprop_asin(string name)
    {
        var (d, t) = Design(name);
        var yes = Is(t, "sch.wide", "Yes");
        var p = d.Proportion(yes);
        var ci = ConfidenceIntervals.Proportion(p, 0.95, ProportionIntervalMethod.ArcSine);
        AssertClose($"{name}.ciprop.asin.1", ci.Lower);
        AssertClose($"{name}.ciprop.asin.2", ci.Upper);
        var ci90 = ConfidenceIntervals.Proportion(p, 0.9, ProportionIntervalMethod.ArcSine);
        AssertClose($"{name}.ciprop90.asin.1", ci90.Lower);
        AssertClose($"{name}.ciprop90.asin.2", ci90.Upper);
        var (codes, levels) = t.Codes("stype");
        foreach (var domain in SurveyDomain.ByGroup(codes, levels.Length, levels))
        {
            var sub = ConfidenceIntervals.Proportion(d.Proportion(yes, domain), 0.95, ProportionIntervalMethod.ArcSine);
            AssertClose($"{name}.sub_{domain.Label}.ciprop.asin.1", sub.Lower);
            AssertClose($"{name}.sub_{domain.Label}.ciprop.asin.2", sub.Upper);
        }
    }
}
