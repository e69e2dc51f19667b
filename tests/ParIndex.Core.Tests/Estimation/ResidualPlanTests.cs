using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>
/// The sparse residual plan (domain rows + per-PSU basis totals) gives the same variance as residualising every
/// row the way R does, for chained adjustments and two-stage designs (1e-10 relative).
/// </summary>
public sealed class ResidualPlanTests
{
    private static readonly double[] PopTypes = [4421, 755, 1018];
    private static readonly double[] PopSchoolWide = [1072, 5122];

    public static TheoryData<string> Cases => ["ps", "rake", "cal", "ps+cal", "clus2 ps+cal", "clus2 rake", "bounded"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sparse_domain_residuals_equal_dense_residuals(string name)
    {
        var (design, t) = Build(name);
        var y = t.Numeric("api00");
        var (codes, levels) = t.Codes("sch.wide");
        var domains = SurveyDomain.ByGroup(codes, levels.Length).Append(SurveyDomain.Where([.. t.Text("stype").Select(s => s == "M")]));
        foreach (var domain in domains)
        {
            var rows = domain.Rows;
            double sw = 0, swy = 0;
            foreach (var i in rows)
            {
                sw += design.Weights[i];
                swy += design.Weights[i] * y[i];
            }

            var z = rows.Select(i => design.Weights[i] * (y[i] - (swy / sw)) / sw).ToArray();
            var fast = design.LinearisedVariance(z, rows);
            var dense = design.LinearisedVarianceDense(z, rows);
            AssertClose(dense, fast, 1e-10, $"{name} domain of {rows.Length}");
        }
    }

    private static (SurveyDesign, SurveyTable) Build(string name)
    {
        var two = name.StartsWith("clus2", StringComparison.Ordinal);
        var (d, t) = Design(two ? "clus2" : "clus1");
        var stype = t.Codes("stype").Codes;
        var wide = t.Codes("sch.wide").Codes;
        double[][] model =
        [
            [.. stype.Select(_ => 1.0)],
            [.. stype.Select(s => s == 1 ? 1.0 : 0.0)],
            t.Numeric("api99"),
        ];
        var total = d.WeightTotal();
        var api99 = d.Total(t.Numeric("api99")).Estimate * 1.02;
        var h = d.Total([.. stype.Select(s => s == 1 ? 1.0 : 0.0)]).Estimate * 0.95;
        return name switch
        {
            "ps" => (d.PostStratify(stype, PopTypes), t),
            "rake" => (d.Rake([(stype, PopTypes), (wide, PopSchoolWide)]).Design, t),
            "cal" => (d.Calibrate(model, [total, h, api99]), t),
            "ps+cal" => (d.PostStratify(stype, PopTypes).Calibrate(model, [6194, 755, api99]), t),
            "clus2 ps+cal" => (d.PostStratify(wide, [total * 0.2, total * 0.8]).Calibrate(model, [total, h, api99]), t),
            "clus2 rake" => (d.Rake([(stype, [total * 0.7, total * 0.1, total * 0.2]), (wide, [total * 0.2, total * 0.8])]).Design, t),
            _ => (d.Calibrate(model, [total, h, api99], lower: 0.7, upper: 1.3), t),
        };
    }
}
