using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>Proportion intervals against R's <c>svyciprop</c> (survey 4.1.1), 1e-9 relative.</summary>
public sealed class ConfidenceIntervalsTests
{
    public static TheoryData<string, string, ProportionIntervalMethod> Cases()
    {
        var data = new TheoryData<string, string, ProportionIntervalMethod>();
        foreach (var d in new[] { "strat", "stratwr", "clus1", "clus1wr", "clus2", "clus2wr" })
        {
            data.Add(d, "logit", ProportionIntervalMethod.Logit);
            data.Add(d, "xlogit", ProportionIntervalMethod.Logit);
            data.Add(d, "beta", ProportionIntervalMethod.KornGraubard);
            data.Add(d, "mean", ProportionIntervalMethod.Mean);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Proportion_interval_matches_svyciprop_at_95_and_90_percent(string design, string rMethod, ProportionIntervalMethod method)
    {
        var (d, t) = Design(design);
        var p = d.Proportion(Is(t, "sch.wide", "Yes"));
        var ci = ConfidenceIntervals.Proportion(p, 0.95, method);
        AssertClose($"{design}.ciprop.{rMethod}.lo", ci.Lower);
        AssertClose($"{design}.ciprop.{rMethod}.hi", ci.Upper);
        var ci90 = ConfidenceIntervals.Proportion(p, 0.90, method);
        AssertClose($"{design}.ciprop90.{rMethod}.lo", ci90.Lower);
        AssertClose($"{design}.ciprop90.{rMethod}.hi", ci90.Upper);
    }

    [Theory]
    [MemberData(nameof(SurveyDesignEstimatorTests.Designs), MemberType = typeof(SurveyDesignEstimatorTests))]
    public void Domain_proportion_intervals_use_the_domain_df_and_row_count_as_svyciprop_on_a_subset(string design)
    {
        var (d, t) = Design(design);
        var (codes, levels) = t.Codes("stype");
        var domains = SurveyDomain.ByGroup(codes, levels.Length, levels);
        var yes = Is(t, "sch.wide", "Yes");
        foreach (var domain in domains)
        {
            var p = d.Proportion(yes, domain);
            var beta = ConfidenceIntervals.Proportion(p, 0.95, ProportionIntervalMethod.KornGraubard);
            AssertClose($"{design}.sub_{domain.Label}.ciprop.beta.1", beta.Lower);
            AssertClose($"{design}.sub_{domain.Label}.ciprop.beta.2", beta.Upper);
            var logit = ConfidenceIntervals.Proportion(p, 0.95, ProportionIntervalMethod.Logit);
            AssertClose($"{design}.sub_{domain.Label}.ciprop.logit.1", logit.Lower);
            AssertClose($"{design}.sub_{domain.Label}.ciprop.logit.2", logit.Upper);
        }
    }

    [Fact]
    public void Wilson_reduces_to_the_textbook_score_interval_under_simple_random_sampling()
    {
        // 81 successes in 263 trials, Wilson 95% interval (Newcombe 1998 style, z = 1.959964): [0.2553, 0.3662].
        const double p = 81.0 / 263;
        const int df = 1_000_000;
        var ci = ConfidenceIntervals.Proportion(p, p * (1 - p) / 263, df, 263, 0.95, ProportionIntervalMethod.Wilson);
        var z = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, 0.975);
        var centre = (p + z * z / (2 * 263)) / (1 + z * z / 263);
        var half = z / (1 + z * z / 263) * Math.Sqrt(p * (1 - p) / 263 + z * z / (4.0 * 263 * 263));
        AssertClose(centre - half, ci.Lower, 1e-9, "lower");
        AssertClose(centre + half, ci.Upper, 1e-9, "upper");
        Assert.Equal(0.2553, ci.Lower, 4);
        Assert.Equal(0.3662, ci.Upper, 4);
    }

    [Fact]
    public void Korn_Graubard_interval_of_a_zero_proportion_starts_at_zero()
    {
        var ci = ConfidenceIntervals.Proportion(0.0, 0.0, 10, 50, 0.95, ProportionIntervalMethod.KornGraubard);
        Assert.Equal(0.0, ci.Lower);
        Assert.True(double.IsNaN(ci.Upper));
    }

    [Fact]
    public void T_interval_without_degrees_of_freedom_is_undefined()
    {
        var ci = ConfidenceIntervals.Wald(1, 1, 0);
        Assert.True(double.IsNaN(ci.Lower) && double.IsNaN(ci.Upper));
    }
}

/// <summary>Proportion intervals from replicate variances against R's svyciprop on a JK1 design, 1e-9 relative.</summary>
public sealed class ReplicateConfidenceIntervalsTests
{
    [Theory]
    [InlineData("beta", ProportionIntervalMethod.KornGraubard)]
    [InlineData("xlogit", ProportionIntervalMethod.Logit)]
    [InlineData("mean", ProportionIntervalMethod.Mean)]
    public void Proportion_interval_with_JK1_variance_matches_svyciprop(string rMethod, ProportionIntervalMethod method)
    {
        var (d, t) = Design("clus1");
        var rep = ReplicateDesign.JackknifeDeleteOne(d);
        var p = rep.Mean([.. Is(t, "sch.wide", "Yes").Select(b => b ? 1.0 : 0.0)]);
        var ci = ConfidenceIntervals.Proportion(p, 0.95, method);
        AssertClose($"rep.jk1.ciprop.{rMethod}.1", ci.Lower);
        AssertClose($"rep.jk1.ciprop.{rMethod}.2", ci.Upper);
    }

    [Fact]
    public void Logit_interval_refitted_in_each_replicate_matches_svyciprop_logit()
    {
        var (d, t) = Design("clus1");
        var rep = ReplicateDesign.JackknifeDeleteOne(d);
        var p = rep.Mean([.. Is(t, "sch.wide", "Yes").Select(b => b ? 1.0 : 0.0)]);
        var ci = rep.LogitInterval(p);

        // R fits each replicate's GLM by IRLS (convergence 1e-8 on the deviance), so agreement is 1e-8, not 1e-9.
        AssertClose("rep.jk1.ciprop.logit.1", ci.Lower, 1e-8);
        AssertClose("rep.jk1.ciprop.logit.2", ci.Upper, 1e-8);
    }
}
