using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>
/// Taylor-linearisation estimators against R survey 4.1.1 on the api data, 1e-9 relative
/// (<see cref="ReferenceData.Tolerance"/>). Designs: stratified with fpc (strat) and without (stratwr),
/// one-stage cluster with fpc (clus1) and with replacement (clus1wr), two-stage with fpc1/fpc2 (clus2)
/// and two-stage ultimate-cluster with replacement (clus2wr).
/// </summary>
public sealed class SurveyDesignEstimatorTests
{
    public static TheoryData<string> Designs => ["strat", "stratwr", "clus1", "clus1wr", "clus2", "clus2wr"];

    public static TheoryData<string> DesignsWithEnroll => ["strat", "stratwr", "clus1", "clus1wr"];

    [Theory]
    [MemberData(nameof(Designs))]
    public void Degrees_of_freedom_and_weight_total_match_R(string name)
    {
        var (d, _) = Design(name);
        Assert.Equal((int)R($"{name}.degf"), d.DegreesOfFreedom);
        AssertClose($"{name}.sumw", d.WeightTotal());
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Mean_its_SE_and_both_design_effects_match_svymean(string name)
    {
        var (d, t) = Design(name);
        var m = d.Mean(t.Numeric("api00"));
        AssertClose($"{name}.mean.api00.est", m.Estimate);
        AssertClose($"{name}.mean.api00.se", m.StandardError);
        AssertClose($"{name}.mean.api00.deff", m.DesignEffect);
        AssertClose($"{name}.meanwr.api00.deff", m.DesignEffectWithReplacement);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Total_matches_svytotal(string name)
    {
        var (d, t) = Design(name);
        var m = d.Total(t.Numeric("api00"));
        AssertClose($"{name}.total.api00.est", m.Estimate);
        AssertClose($"{name}.total.api00.se", m.StandardError);
        AssertClose($"{name}.total.api00.deff", m.DesignEffect);
    }

    [Theory]
    [MemberData(nameof(DesignsWithEnroll))]
    public void Enrolment_total_mean_and_students_per_enrolment_ratio_match_R(string name)
    {
        var (d, t) = Design(name);
        var total = d.Total(t.Numeric("enroll"));
        AssertClose($"{name}.total.enroll.est", total.Estimate);
        AssertClose($"{name}.total.enroll.se", total.StandardError);
        AssertClose($"{name}.total.enroll.deff", total.DesignEffect);
        var mean = d.Mean(t.Numeric("enroll"));
        AssertClose($"{name}.mean.enroll.se", mean.StandardError);
        AssertClose($"{name}.mean.enroll.deff", mean.DesignEffect);
        var ratio = d.Ratio(t.Numeric("api.stu"), t.Numeric("enroll"));
        AssertClose($"{name}.ratio.apistu_enroll.est", ratio.Estimate);
        AssertClose($"{name}.ratio.apistu_enroll.se", ratio.StandardError);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Ratio_of_api00_to_api99_matches_svyratio(string name)
    {
        var (d, t) = Design(name);
        var r = d.Ratio(t.Numeric("api00"), t.Numeric("api99"));
        AssertClose($"{name}.ratio.api00_api99.est", r.Estimate);
        AssertClose($"{name}.ratio.api00_api99.se", r.StandardError);
        AssertClose($"{name}.ratio.api00_api99.deff", r.DesignEffect);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Proportion_of_a_condition_matches_svymean_of_the_indicator(string name)
    {
        var (d, t) = Design(name);
        var p = d.Proportion(Is(t, "sch.wide", "Yes"));
        AssertClose($"{name}.prop.schwide.est", p.Estimate);
        AssertClose($"{name}.prop.schwide.se", p.StandardError);
        AssertClose($"{name}.prop.schwide.deff", p.DesignEffect);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Category_proportions_match_svymean_of_a_factor(string name)
    {
        var (d, t) = Design(name);
        var (codes, levels) = t.Codes("stype");
        var ps = d.CategoryProportions(codes, levels.Length);
        for (var c = 0; c < levels.Length; c++)
        {
            AssertClose($"{name}.mean.stype.est.{c + 1}", ps[c].Estimate);
            AssertClose($"{name}.mean.stype.se.{c + 1}", ps[c].StandardError);
            AssertClose($"{name}.mean.stype.deff.{c + 1}", ps[c].DesignEffect);
        }
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Domain_means_totals_and_ratios_match_svyby(string name)
    {
        var (d, t) = Design(name);
        var (codes, levels) = t.Codes("stype");
        var domains = SurveyDomain.ByGroup(codes, levels.Length, levels);
        var y = t.Numeric("api00");
        var x = t.Numeric("api99");
        for (var g = 0; g < domains.Length; g++)
        {
            var m = d.Mean(y, domains[g]);
            AssertClose($"{name}.by_stype.mean.api00.est.{g + 1}", m.Estimate);
            AssertClose($"{name}.by_stype.mean.api00.se.{g + 1}", m.StandardError);
            AssertClose($"{name}.by_stype.mean.api00.deff.{g + 1}", m.DesignEffect);
            var tot = d.Total(y, domains[g]);
            AssertClose($"{name}.by_stype.total.api00.est.{g + 1}", tot.Estimate);
            AssertClose($"{name}.by_stype.total.api00.se.{g + 1}", tot.StandardError);
            var r = d.Ratio(y, x, domains[g]);
            AssertClose($"{name}.by_stype.ratio.est.{g + 1}", r.Estimate);
            AssertClose($"{name}.by_stype.ratio.se.{g + 1}", r.StandardError);
            Assert.Equal((int)R($"{name}.sub_{levels[g]}.degf"), m.DegreesOfFreedom);
        }

        var (wcodes, wlevels) = t.Codes("sch.wide");
        var wide = SurveyDomain.ByGroup(wcodes, wlevels.Length);
        for (var g = 0; g < wide.Length; g++)
        {
            var m = d.Mean(y, wide[g]);
            AssertClose($"{name}.by_schwide.mean.api00.est.{g + 1}", m.Estimate);
            AssertClose($"{name}.by_schwide.mean.api00.se.{g + 1}", m.StandardError);
        }
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Mean_intervals_match_confint_with_design_df_and_normal(string name)
    {
        var (d, t) = Design(name);
        var m = d.Mean(t.Numeric("api00"));
        var ct = m.ConfidenceInterval(0.95, IntervalMethod.T);
        AssertClose($"{name}.mean.api00.ci_t.1", ct.Lower);
        AssertClose($"{name}.mean.api00.ci_t.2", ct.Upper);
        var cn = m.ConfidenceInterval(0.95, IntervalMethod.Normal);
        AssertClose($"{name}.mean.api00.ci_normal.1", cn.Lower);
        AssertClose($"{name}.mean.api00.ci_normal.2", cn.Upper);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void Kish_design_effect_is_one_plus_squared_cv_of_weights(string name)
    {
        var (d, _) = Design(name);
        var w = d.Weights.ToArray();
        var mean = w.Average();
        var cv2 = w.Sum(v => (v - mean) * (v - mean)) / w.Length / (mean * mean);
        AssertClose(1 + cv2, d.KishDesignEffect(), 1e-12, "Kish");
    }
}
