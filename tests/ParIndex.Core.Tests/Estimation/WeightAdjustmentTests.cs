using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>
/// Weight adjustments on the one-stage cluster design (apiclus1, fpc) against R survey 4.1.1:
/// closed-form methods (post-stratification, unbounded linear calibration) at 1e-9 relative,
/// iterative ones (raking, bounded calibration) at 1e-6 relative.
/// </summary>
public sealed class WeightAdjustmentTests
{
    private const double IterativeTolerance = 1e-6;

    private static readonly double[] PopTypes = [4421, 755, 1018];    // E, H, M
    private static readonly double[] PopSchoolWide = [1072, 5122];    // No, Yes

    [Fact]
    public void Post_stratification_matches_postStratify_weights_and_residual_variance()
    {
        var (d, t) = Design("clus1");
        var ps = d.PostStratify(t.Codes("stype").Codes, PopTypes);
        for (var i = 0; i < 5; i++)
        {
            AssertClose($"ps.weights.{i + 1}", ps.Weights[i]);
        }

        Check("ps", ps, t, Tolerance);
        var (codes, levels) = t.Codes("sch.wide");
        var domains = SurveyDomain.ByGroup(codes, levels.Length);
        for (var g = 0; g < domains.Length; g++)
        {
            var m = ps.Mean(t.Numeric("api00"), domains[g]);
            AssertClose($"ps.by_schwide.est.{g + 1}", m.Estimate);
            AssertClose($"ps.by_schwide.se.{g + 1}", m.StandardError);
        }
    }

    [Fact]
    public void Raking_with_R_default_control_matches_rake()
    {
        var (d, t) = Design("clus1");
        var (rk, _) = d.Rake([(t.Codes("stype").Codes, PopTypes), (t.Codes("sch.wide").Codes, PopSchoolWide)]);
        for (var i = 0; i < 5; i++)
        {
            AssertClose($"rake.weights.{i + 1}", rk.Weights[i], IterativeTolerance);
        }

        Check("rake", rk, t, IterativeTolerance);
    }

    [Fact]
    public void Raking_to_convergence_hits_both_margins_and_matches_tight_rake()
    {
        var (d, t) = Design("clus1");
        var stype = t.Codes("stype").Codes;
        var (rk, converged) = d.Rake([(stype, PopTypes), (t.Codes("sch.wide").Codes, PopSchoolWide)], maxIterations: 100, epsilon: 1e-10);
        Assert.True(converged);
        for (var i = 0; i < 5; i++)
        {
            AssertClose($"rake_tight.weights.{i + 1}", rk.Weights[i], IterativeTolerance);
        }

        AssertClose("rake_tight.mean.api00.est", rk.Mean(t.Numeric("api00")).Estimate, IterativeTolerance);
        AssertClose("rake_tight.mean.api00.se", rk.Mean(t.Numeric("api00")).StandardError, IterativeTolerance);
        var hTotal = rk.Total([.. stype.Select(c => c == 1 ? 1.0 : 0.0)]).Estimate;
        AssertClose(755, hTotal, 1e-6, "raked H total");
    }

    [Fact]
    public void Linear_calibration_matches_calibrate_and_reproduces_the_totals()
    {
        var (d, t) = Design("clus1");
        var cal = d.Calibrate(Model(t), [6194, 755, 1018, 3914069]);
        for (var i = 0; i < 5; i++)
        {
            AssertClose($"cal.weights.{i + 1}", cal.Weights[i]);
        }

        Check("cal", cal, t, Tolerance);
        AssertClose(3914069, cal.Total(t.Numeric("api99")).Estimate, 1e-12, "api99 total");
        Assert.True(cal.Total(t.Numeric("api99")).StandardError < 1e-6, "a calibrated total has no variance");
        var (codes, levels) = t.Codes("sch.wide");
        var domains = SurveyDomain.ByGroup(codes, levels.Length);
        for (var g = 0; g < domains.Length; g++)
        {
            var m = cal.Mean(t.Numeric("api00"), domains[g]);
            AssertClose($"cal.by_schwide.est.{g + 1}", m.Estimate);
            AssertClose($"cal.by_schwide.se.{g + 1}", m.StandardError);
        }
    }

    [Fact]
    public void Bounded_linear_calibration_matches_calibrate_with_bounds()
    {
        var (d, t) = Design("clus1");
        var cal = d.Calibrate(Model(t), [6194, 755, 1018, 3914069], lower: 0.6, upper: 1.6);
        for (var i = 0; i < 5; i++)
        {
            AssertClose($"calb.weights.{i + 1}", cal.Weights[i], IterativeTolerance);
        }

        Check("calb", cal, t, IterativeTolerance);
        var w0 = d.Weights.ToArray();
        var g = cal.Weights.ToArray().Select((w, i) => w / w0[i]).ToArray();
        AssertClose("calb.grange.1", g.Min(), IterativeTolerance);
        AssertClose("calb.grange.2", g.Max(), IterativeTolerance);
    }

    [Fact]
    public void Calibration_of_a_stratified_design_matches_R()
    {
        var (d, t) = Design("strat");
        var cal = d.Calibrate([Enumerable.Repeat(1.0, d.RowCount).ToArray(), t.Numeric("api99")], [6194, 3914069]);
        AssertClose("calstrat.mean.api00.est", cal.Mean(t.Numeric("api00")).Estimate);
        AssertClose("calstrat.mean.api00.se", cal.Mean(t.Numeric("api00")).StandardError);
    }

    [Fact]
    public void Nonresponse_adjustment_moves_nonrespondent_weight_to_respondents_of_the_same_cell()
    {
        var d = SurveyDesign.Create(new SurveyDesignSpec { Weights = [10, 10, 20, 5, 5, 5], Psu = [0, 1, 2, 3, 4, 5] });
        bool[] responded = [true, false, true, true, true, false];
        int[] cells = [0, 0, 0, 1, 1, 1];
        var adj = d.AdjustForNonresponse(responded, cells);
        Assert.Equal([40.0 / 30 * 10, 0, 40.0 / 30 * 20, 7.5, 7.5, 0], adj.Weights.ToArray(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(d.WeightTotal(), adj.WeightTotal(), 12);
        Assert.Equal(3, adj.DegreesOfFreedom); // 4 responding PSUs − 1 stratum
    }

    [Fact]
    public void Post_stratification_refuses_an_empty_sample_cell()
    {
        var d = SurveyDesign.Create(new SurveyDesignSpec { Weights = [1, 1, 1], Psu = [0, 1, 2] });
        Assert.Throws<ArgumentException>(() => d.PostStratify([0, 0, 0], [10, 5]));
    }

    private static double[][] Model(SurveyTable t)
    {
        var stype = t.Text("stype");
        return
        [
            [.. stype.Select(_ => 1.0)],
            [.. stype.Select(s => s == "H" ? 1.0 : 0.0)],
            [.. stype.Select(s => s == "M" ? 1.0 : 0.0)],
            t.Numeric("api99"),
        ];
    }

    private static void Check(string key, SurveyDesign d, SurveyTable t, double tol)
    {
        var m = d.Mean(t.Numeric("api00"));
        AssertClose($"{key}.mean.api00.est", m.Estimate, tol);
        AssertClose($"{key}.mean.api00.se", m.StandardError, tol);
        var tot = d.Total(t.Numeric("enroll"));
        AssertClose($"{key}.total.enroll.est", tot.Estimate, tol);
        AssertClose($"{key}.total.enroll.se", tot.StandardError, tol);
    }
}
