using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>Replicate-weight designs against R's <c>as.svrepdesign</c> (survey 4.1.1), 1e-9 relative.</summary>
public sealed class ReplicateDesignTests
{
    [Fact]
    public void JK1_on_one_stage_cluster_sample_with_fpc_matches_R()
    {
        var (d, t) = Design("clus1");
        var rep = ReplicateDesign.JackknifeDeleteOne(d);
        AssertClose("rep.jk1.scale", rep.Scale);
        var m = rep.Mean(t.Numeric("api00"));
        AssertClose("rep.jk1.mean.api00.est", m.Estimate);
        AssertClose("rep.jk1.mean.api00.se", m.StandardError);
        AssertClose("rep.jk1.total.enroll.se", rep.Total(t.Numeric("enroll")).StandardError);
        var r = rep.Ratio(t.Numeric("api.stu"), t.Numeric("enroll"));
        AssertClose("rep.jk1.ratio.est", r.Estimate);
        AssertClose("rep.jk1.ratio.se", r.StandardError);
        var (codes, levels) = t.Codes("stype");
        var domains = SurveyDomain.ByGroup(codes, levels.Length);
        for (var g = 0; g < domains.Length; g++)
        {
            AssertClose($"rep.jk1.by_stype.se.{g + 1}", rep.Mean(t.Numeric("api00"), domains[g]).StandardError);
        }
    }

    [Fact]
    public void JK1_without_fpc_and_with_mse_centring_match_R()
    {
        var (wr, t) = Design("clus1wr");
        AssertClose("rep.jk1wr.mean.api00.se", ReplicateDesign.JackknifeDeleteOne(wr).Mean(t.Numeric("api00")).StandardError);
        var (d, _) = Design("clus1");
        var mse = ReplicateDesign.JackknifeDeleteOne(d).WithMse(true);
        AssertClose("rep.jk1mse.mean.api00.se", mse.Mean(t.Numeric("api00")).StandardError);
    }

    [Fact]
    public void JKn_on_stratified_sample_matches_R_rscales_and_variances()
    {
        var (d, t) = Design("strat");
        var rep = ReplicateDesign.JackknifeStratified(d);
        Assert.Equal(200, rep.ReplicateCount);
        // R orders strata by appearance, ParIndex by code: compare the rscales as sorted sets.
        var expected = Enumerable.Range(1, 200).Select(r => R($"rep.jkn.rscales.{r}")).Order().ToArray();
        var actual = rep.ReplicateScales.Order().ToArray();
        for (var r = 0; r < rep.ReplicateCount; r++)
        {
            AssertClose(expected[r], actual[r], Tolerance, "rscale");
        }

        AssertClose("rep.jkn.mean.api00.se", rep.Mean(t.Numeric("api00")).StandardError);
        AssertClose("rep.jkn.total.enroll.se", rep.Total(t.Numeric("enroll")).StandardError);
        var r2 = rep.Ratio(t.Numeric("api.stu"), t.Numeric("enroll"));
        AssertClose("rep.jkn.ratio.est", r2.Estimate);
        AssertClose("rep.jkn.ratio.se", r2.StandardError);
        var (wr, _) = Design("stratwr");
        AssertClose("rep.jknwr.mean.api00.se", ReplicateDesign.JackknifeStratified(wr).Mean(t.Numeric("api00")).StandardError);
    }

    [Fact]
    public void BRR_with_a_Sylvester_matrix_matches_R_given_the_same_matrix()
    {
        var t = Table("apiclus2_pairs");
        var d = SurveyDesign.Create(new SurveyDesignSpec
        {
            Strata = t.Codes("pair").Codes,
            Psu = t.Codes("dnum").Codes,
            Weights = t.Numeric("pw"),
        });
        var rep = ReplicateDesign.BalancedRepeated(d, hadamard: ReplicateDesign.Sylvester(21));
        Assert.Equal((int)R("rep.brr.nrep"), rep.ReplicateCount);
        var m = rep.Mean(t.Numeric("api00"));
        AssertClose("rep.brr.mean.api00.est", m.Estimate);
        AssertClose("rep.brr.mean.api00.se", m.StandardError);
        AssertClose("rep.brr.total.api00.se", rep.Total(t.Numeric("api00")).StandardError);
        var r = rep.Ratio(t.Numeric("api00"), t.Numeric("api99"));
        AssertClose("rep.brr.ratio.est", r.Estimate);
        AssertClose("rep.brr.ratio.se", r.StandardError);

        // For a total, any fully balanced set gives the with-replacement Taylor variance: R's default matrix agrees.
        AssertClose("rep.brrdefault.total.api00.se", rep.Total(t.Numeric("api00")).StandardError);
        AssertClose("pairs.total.api00.se", d.Total(t.Numeric("api00")).StandardError);
    }

    [Fact]
    public void BRR_by_default_keeps_the_same_half_of_each_pair_as_R_so_ratio_and_mean_SEs_match()
    {
        var t = Table("apiclus2_pairs");
        var d = SurveyDesign.Create(new SurveyDesignSpec { Strata = t.Codes("pair").Codes, Psu = t.Codes("dnum").Codes, Weights = t.Numeric("pw") });
        var rep = ReplicateDesign.BalancedRepeated(d);
        Assert.Equal((int)R("rep.brrdefault.nrep"), rep.ReplicateCount);
        AssertClose("rep.brrdefault.mean.api00.se", rep.Mean(t.Numeric("api00")).StandardError);
        var r = rep.Ratio(t.Numeric("api00"), t.Numeric("api99"));
        AssertClose("rep.brrdefault.ratio.est", r.Estimate);
        AssertClose("rep.brrdefault.ratio.se", r.StandardError);
        AssertClose("rep.brrdefault.total.api00.se", rep.Total(t.Numeric("api00")).StandardError);
        AssertClose("rep.faydefault.mean.api00.se", ReplicateDesign.BalancedRepeated(d, fayRho: 0.5).Mean(t.Numeric("api00")).StandardError);
        AssertClose("rep.faydefault.ratio.se", ReplicateDesign.BalancedRepeated(d, fayRho: 0.5).Ratio(t.Numeric("api00"), t.Numeric("api99")).StandardError);
        AssertClose("rep.brrmse.mean.api00.se", rep.WithMse(true).Mean(t.Numeric("api00")).StandardError);
    }

    [Fact]
    public void BRR_reproduces_the_Levy_Lemeshow_cardiac_arrest_ratio_and_its_published_half_samples()
    {
        // Levy & Lemeshow, Sampling of Populations: 3 emergency service areas × 2 ambulances; the book's four half-samples.
        var t = Table("scd");
        var d = SurveyDesign.Create(new SurveyDesignSpec { Strata = t.Codes("ESA").Codes, Psu = t.Codes("ambulance").Codes, Nest = true });
        var rep = ReplicateDesign.BalancedRepeated(d);
        var r = rep.Ratio(t.Numeric("alive"), t.Numeric("arrests"));
        AssertClose("scd.ll.ratio.est", r.Estimate);
        AssertClose("scd.ll.ratio.se", r.StandardError);
        AssertClose("scd.brr.ratio.se", r.StandardError);
        // R's default replicates (weights(as.svrepdesign(..., type = "BRR"), "replication")), in R's order: the book's four
        // half-samples, which keep the first ambulance of every area in replicate 1.
        double[][] rDefault = [[2, 0, 2, 0, 2, 0], [0, 2, 2, 0, 0, 2], [2, 0, 0, 2, 0, 2], [0, 2, 0, 2, 2, 0]];
        double[][] book = [[2, 0, 2, 0, 2, 0], [2, 0, 0, 2, 0, 2], [0, 2, 2, 0, 0, 2], [0, 2, 0, 2, 2, 0]];
        Assert.Equal(book.Select(c => string.Join(",", c)).Order(), rDefault.Select(c => string.Join(",", c)).Order());
        for (var k = 0; k < 4; k++)
        {
            for (var row = 0; row < 6; row++)
            {
                Assert.Equal(rDefault[k][row], rep.ReplicateFactor(d.PsuOfRow[row], k));
            }
        }
    }

    [Fact]
    public void Population_variance_with_jackknife_replicates_matches_svyvar_overall_and_by_domain()
    {
        var (d, t) = Design("clus1");
        var rep = ReplicateDesign.JackknifeDeleteOne(d);
        var y = t.Numeric("api00");
        var v = rep.PopulationVariance(y);
        AssertClose("rep.jk1.var.api00.est", v.Estimate);
        AssertClose("rep.jk1.var.api00.se", v.StandardError);
        var (codes, _) = t.Codes("stype");
        var domains = SurveyDomain.ByGroup(codes, 3);
        for (var g = 0; g < 3; g++)
        {
            var e = rep.PopulationVariance(y, domains[g]);
            AssertClose($"rep.jk1.by_stype.var.api00.est.{g + 1}", e.Estimate);
            AssertClose($"rep.jk1.by_stype.var.api00.se.{g + 1}", e.StandardError);
        }
    }

    [Fact]
    public void Fay_BRR_total_variance_equals_BRR_for_a_linear_statistic()
    {
        var t = Table("apiclus2_pairs");
        var d = SurveyDesign.Create(new SurveyDesignSpec { Strata = t.Codes("pair").Codes, Psu = t.Codes("dnum").Codes, Weights = t.Numeric("pw") });
        var y = t.Numeric("api00");
        var fay = ReplicateDesign.BalancedRepeated(d, fayRho: 0.5).Total(y);
        AssertClose("rep.brr.total.api00.se", fay.StandardError);
    }

    [Fact]
    public void BRR_refuses_strata_without_exactly_two_PSUs()
    {
        var (d, _) = Design("strat");
        Assert.Throws<ArgumentException>(() => ReplicateDesign.BalancedRepeated(d));
    }

    [Fact]
    public void Bootstrap_is_reproducible_for_a_seed_and_close_to_the_linearisation_variance()
    {
        var (d, t) = Design("clus1wr");
        var y = t.Numeric("api00");
        var a = ReplicateDesign.Bootstrap(d, 2000, seed: 20261123).Mean(y);
        var b = ReplicateDesign.Bootstrap(d, 2000, seed: 20261123).Mean(y);
        Assert.Equal(a.StandardError, b.StandardError);
        var taylor = d.Mean(y).StandardError;
        Assert.InRange(a.StandardError / taylor, 0.9, 1.1);
    }

    [Fact]
    public void Rao_Wu_factors_average_one_within_each_stratum_replicate()
    {
        var (d, _) = Design("strat");
        var rep = ReplicateDesign.Bootstrap(d, 5, seed: 1);
        // Without fpc each stratum's factors sum to n_h in every replicate; with fpc the rescaling keeps that sum.
        for (var r = 0; r < rep.ReplicateCount; r++)
        {
            var sum = 0.0;
            for (var p = 0; p < rep.PsuCount; p++)
            {
                sum += rep.ReplicateFactor(p, r);
            }

            AssertClose(rep.PsuCount, sum, 1e-12, "sum of factors");
        }
    }
}

/// <summary>Replicate designs from supplied weights and with lonely strata, against R.</summary>
public sealed class ReplicateDesignInputTests
{
    [Theory]
    [InlineData(LonelyPsu.Certainty, "certainty")]
    [InlineData(LonelyPsu.Adjust, "adjust")]
    [InlineData(LonelyPsu.Average, "average")]
    public void JKn_handles_a_lonely_stratum_as_jknweights(LonelyPsu rule, string r)
    {
        var (d, t) = Design("lonely.nofpc", rule);
        var rep = ReplicateDesign.JackknifeStratified(d);
        AssertClose($"rep.jkn.lonely.{r}.scale", rep.Scale);
        var m = rep.Mean(t.Numeric("api00"));
        AssertClose($"rep.jkn.lonely.{r}.mean.api00.est", m.Estimate);
        AssertClose($"rep.jkn.lonely.{r}.mean.api00.se", m.StandardError);
    }

    [Fact]
    public void Supplied_replicate_weight_columns_match_svrepdesign()
    {
        var t = Table("apiclus1_jk1weights");
        var columns = Enumerable.Range(1, 15).Select(r => t.Numeric($"rw{r}")).ToArray();
        var rep = ReplicateDesign.FromWeights(ReplicateKind.JK1, t.Numeric("pw"), columns, R("rep.jk1.scale"));
        var m = rep.Mean(t.Numeric("api00"));
        AssertClose("svrep.jk1.mean.api00.est", m.Estimate);
        AssertClose("svrep.jk1.mean.api00.se", m.StandardError);
        Assert.Equal(14, rep.DegreesOfFreedom);
    }
}
