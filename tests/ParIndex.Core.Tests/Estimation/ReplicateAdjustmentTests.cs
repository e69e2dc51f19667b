using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>
/// Post-stratification, raking and calibration of a JK1 replicate design (each replicate adjusted separately)
/// against R survey 4.1.1: closed forms at 1e-9, iterative methods at 1e-6 relative.
/// </summary>
public sealed class ReplicateAdjustmentTests
{
    private static readonly double[] PopTypes = [4421, 755, 1018];
    private static readonly double[] PopSchoolWide = [1072, 5122];

    private static (ReplicateDesign Rep, SurveyTable Data) Jk1()
    {
        var (d, t) = Design("clus1");
        return (ReplicateDesign.JackknifeDeleteOne(d), t);
    }

    private static void Check(string key, ReplicateDesign rep, SurveyTable t, double tol)
    {
        var m = rep.Mean(t.Numeric("api00"));
        AssertClose($"{key}.mean.api00.est", m.Estimate, tol);
        AssertClose($"{key}.mean.api00.se", m.StandardError, tol);
        var tot = rep.Total(t.Numeric("enroll"));
        AssertClose($"{key}.total.enroll.est", tot.Estimate, tol);
        AssertClose($"{key}.total.enroll.se", tot.StandardError, tol);
    }

    [Fact]
    public void Post_stratifying_every_replicate_matches_R()
    {
        var (rep, t) = Jk1();
        Check("rep.ps", rep.PostStratify(t.Codes("stype").Codes, PopTypes), t, Tolerance);
    }

    [Fact]
    public void Raking_every_replicate_matches_R()
    {
        var (rep, t) = Jk1();
        var (raked, _) = rep.Rake([(t.Codes("stype").Codes, PopTypes), (t.Codes("sch.wide").Codes, PopSchoolWide)]);
        Check("rep.rake", raked, t, 1e-6);
    }

    [Fact]
    public void Linear_calibration_of_every_replicate_matches_R()
    {
        var (rep, t) = Jk1();
        Check("rep.cal", rep.Calibrate(Model(t), [6194, 755, 1018, 3914069]), t, Tolerance);
    }

    [Fact]
    public void Bounded_calibration_of_every_replicate_matches_R()
    {
        var (rep, t) = Jk1();
        Check("rep.calb", rep.Calibrate(Model(t), [6194, 755, 1018, 3914069], lower: 0.6, upper: 1.6), t, 1e-6);
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
}

/// <summary>Guards on building replicates.</summary>
public sealed class ReplicateConstructionGuardTests
{
    [Fact]
    public void Replicates_of_an_already_calibrated_design_are_refused()
    {
        var (d, t) = Design("clus1");
        var ps = d.PostStratify(t.Codes("stype").Codes, [4421, 755, 1018]);
        Assert.Throws<ArgumentException>(() => ReplicateDesign.JackknifeDeleteOne(ps));
    }
}
