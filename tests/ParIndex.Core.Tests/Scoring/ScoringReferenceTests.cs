using System.Globalization;
using ParIndex.Core.Estimation;
using ParIndex.Core.Scoring;
using Xunit;

namespace ParIndex.Core.Tests.Scoring;

/// <summary>
/// The engine against R survey 4.1 on a two-group, two-unit design (officials rating both units and sharing PSUs,
/// citizens stratified by unit, fpc at both): tools/r/scoring_reference.R wrote the data and the reference numbers,
/// estimates and SEs to 1e-9, logit intervals (R's svyciprop, or the delta-method logit interval of svycontrast) to 1e-6.
/// </summary>
public class ScoringReferenceTests
{
    private static readonly Lazy<(ScoringResult Result, Dictionary<string, double> R)> Run = new(() =>
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Fixtures", "scoring");
        var table = SurveyTable.ReadCsv(Path.Combine(dir, "scoring_data.csv"));
        var units = new[] { new ScoringUnit(1, "U1", "Unit 1", "T"), new ScoringUnit(2, "U2", "Unit 2", "T") };
        var config = new ScoringConfiguration { GroupWeights = new() { ["A"] = 2, ["B"] = 1 }, RankDraws = 0 };
        var scorer = new ItemScorer(ScoringEngineTests.Definition(), null);
        var builder = new ScoringDataBuilder(units, config);
        var w = table.Numeric("w");
        var n = table.Numeric("N");
        string[] T(string c) => table.Text(c).Select(s => s ?? "").ToArray();
        var (group, unit, stratum, psu, id) = (T("group"), T("unit"), T("stratum"), T("psu"), T("id"));
        var (q1, q2, q3, a1) = (T("q1"), T("q2"), T("q3"), T("a1"));
        for (var i = 0; i < table.RowCount; i++)
        {
            var answers = new Dictionary<string, string> { ["q1"] = q1[i], ["q2"] = q2[i], ["q3"] = q3[i], ["a1"] = a1[i] };
            // Weights as R held them (the CSV keeps 15 digits of 40/12).
            var weight = group[i] == "A" ? 40.0 / 12 : w[i];
            builder.Add(group[i], unit[i] == "U1" ? 1 : 2, stratum[i], psu[i], id[i], weight, n[i], scorer.Scores(answers));
        }
        var result = ScoringEngine.Score(builder.Build(), ScoringEngineTests.Criteria, [], config);
        var r = File.ReadAllLines(Path.Combine(dir, "scoring_reference.csv")).Skip(1).Select(l => l.Split(','))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        return (result, r);
    });

    private static void Close(double expected, double? actual, double tol = 1e-9)
    {
        Assert.True(actual is not null, $"expected {expected:R}, got no value");
        Assert.True(Math.Abs(expected - actual!.Value) <= tol * Math.Max(1e-12, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
    }

    [Theory]
    [InlineData("U1", "A")]
    [InlineData("U1", "B")]
    [InlineData("U2", "A")]
    [InlineData("U2", "B")]
    public void Cell_shares_and_standard_errors_match_svyby(string unit, string group)
    {
        var (result, r) = Run.Value;
        foreach (var (target, v) in new[] { ("1.1", "y1"), ("1.2", "y2") })
        {
            var cell = result.Cells.Single(c => c.UnitCode == unit && c.Group == group && c.Target == target).Share;
            Close(r[$"cell.{unit}.{group}:{v}.mean"], cell.Value);
            Close(r[$"cell.{unit}.{group}:{v}.se"], cell.StandardError);
        }
    }

    [Theory]
    [InlineData("U1")]
    [InlineData("U2")]
    public void Group_combination_and_survey_points_match_svycontrast(string unit)
    {
        var (result, r) = Run.Value;
        var u = result.Units.Single(x => x.UnitCode == unit);
        var c1 = u.SurveyCriteria.Single(c => c.Criterion == "1.1.2");
        var c2 = u.SurveyCriteria.Single(c => c.Criterion == "1.2.2");
        Close(r[$"comb.{unit}.y1.mean"], c1.Share.Value);
        Close(r[$"comb.{unit}.y1.se"], c1.Share.StandardError);
        Close(r[$"comb.{unit}.y2.mean"], c2.Share.Value);
        Close(r[$"comb.{unit}.y2.se"], c2.Share.StandardError);
        Close(r[$"total.{unit}.mean"], u.SurveyPoints.Value);
        Close(r[$"total.{unit}.se"], u.SurveyPoints.StandardError);
    }

    [Theory]
    [InlineData("U1")]
    [InlineData("U2")]
    public void Sipas_element_share_and_logit_interval_match_svyciprop(string unit)
    {
        var (result, r) = Run.Value;
        var access = result.Units.Single(x => x.UnitCode == unit).Sipas.Single(s => s.Code == "access").Share;
        Close(r[$"access.{unit}.mean"], access.Value, 1e-9);
        Close(r[$"access.{unit}.se"], access.StandardError, 1e-9);
        Close(r[$"access.{unit}.lower"], access.Lower, 1e-6);
        Close(r[$"access.{unit}.upper"], access.Upper, 1e-6);
        // One element in the index here: the index equals it.
        Close(access.Value!.Value, result.Units.Single(x => x.UnitCode == unit).Sipas.Single(s => s.Code == "sipas").Share.Value, 1e-12);
    }

    [Theory]
    [InlineData("U1")]
    [InlineData("U2")]
    public void Intervals_of_mean_scores_combinations_and_points_are_the_logit_intervals_R_gives(string unit)
    {
        var (result, r) = Run.Value;
        foreach (var group in new[] { "A", "B" })
        {
            var cell = result.Cells.Single(c => c.UnitCode == unit && c.Group == group && c.Target == "1.1").Share;
            Close(r[$"ci.{unit}.{group}.y1.lower"], cell.Lower, 1e-6);
            Close(r[$"ci.{unit}.{group}.y1.upper"], cell.Upper, 1e-6);
        }
        var u = result.Units.Single(x => x.UnitCode == unit);
        var combined = u.SurveyCriteria.Single(c => c.Criterion == "1.1.2").Share;
        Close(r[$"ci.comb.{unit}.y1.lower"], combined.Lower, 1e-6);
        Close(r[$"ci.comb.{unit}.y1.upper"], combined.Upper, 1e-6);
        // Survey points out of 3 + 2: the logit interval of points/5, scaled back.
        Close(r[$"ci.total.{unit}.lower"], u.SurveyPoints.Lower / 5, 1e-6);
        Close(r[$"ci.total.{unit}.upper"], u.SurveyPoints.Upper / 5, 1e-6);
    }
}
