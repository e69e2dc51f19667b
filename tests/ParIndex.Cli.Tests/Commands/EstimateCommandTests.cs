using System.Text.Json;
using ParIndex.Core.Estimation;
using static ParIndex.Core.Tests.Estimation.ReferenceData;

namespace ParIndex.Core.Tests.Estimation;

/// <summary>
/// <c>parindex estimate</c> (the Cli's EstimateCommand delegates to <see cref="EstimateCommandLine"/>) on the
/// api CSV fixtures, checked against the same R numbers as the estimators (1e-9 relative).
/// </summary>
public sealed class EstimateCommandLineTests
{
    private static (int Code, JsonElement Json, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = EstimateCommandLine.Run(args, stdout, stderr);
        var json = code == 0 ? JsonDocument.Parse(stdout.ToString()).RootElement : default;
        return (code, json, stderr.ToString());
    }

    private static string Strat => FixturePath("api", "apistrat.csv");

    [Fact]
    public void Stratified_mean_prints_estimate_se_t_interval_deff_and_df_of_R()
    {
        var (code, json, _) = Run("--data", Strat, "--strata", "stype", "--weights", "pw", "--fpc", "fpc", "--mean", "api00");
        Assert.Equal(0, code);
        var e = json.GetProperty("estimates")[0];
        AssertClose("strat.mean.api00.est", e.GetProperty("estimate").GetDouble());
        AssertClose("strat.mean.api00.se", e.GetProperty("se").GetDouble());
        AssertClose("strat.mean.api00.ci_t.1", e.GetProperty("ci")[0].GetDouble());
        AssertClose("strat.mean.api00.ci_t.2", e.GetProperty("ci")[1].GetDouble());
        AssertClose("strat.mean.api00.deff", e.GetProperty("deff").GetDouble());
        Assert.Equal(197, e.GetProperty("df").GetInt32());
        Assert.Equal(197, json.GetProperty("design").GetProperty("df").GetInt32());
    }

    [Fact]
    public void Proportion_of_a_level_with_Korn_Graubard_interval_matches_svyciprop_beta()
    {
        var (code, json, _) = Run("--data", Strat, "--strata", "stype", "--weights", "pw", "--fpc", "fpc", "--prop", "sch.wide=Yes", "--ci", "kg");
        Assert.Equal(0, code);
        var e = json.GetProperty("estimates")[0];
        AssertClose("strat.prop.schwide.est", e.GetProperty("estimate").GetDouble());
        AssertClose("strat.ciprop.beta.lo", e.GetProperty("ci")[0].GetDouble());
        AssertClose("strat.ciprop.beta.hi", e.GetProperty("ci")[1].GetDouble());
    }

    [Fact]
    public void By_option_gives_svyby_domain_means_for_a_two_stage_design()
    {
        var path = FixturePath("api", "apiclus2.csv");
        var (code, json, _) = Run("--data", path, "--cluster", "dnum,snum", "--fpc", "fpc1,fpc2", "--mean", "api00", "--by", "stype");
        Assert.Equal(0, code);
        var rows = json.GetProperty("estimates");
        Assert.Equal(3, rows.GetArrayLength());
        for (var g = 0; g < 3; g++)
        {
            AssertClose($"clus2.by_stype.mean.api00.est.{g + 1}", rows[g].GetProperty("estimate").GetDouble());
            AssertClose($"clus2.by_stype.mean.api00.se.{g + 1}", rows[g].GetProperty("se").GetDouble());
        }
    }

    [Fact]
    public void Ratio_and_jackknife_replicates_match_R()
    {
        var path = FixturePath("api", "apiclus1.csv");
        var (code, json, _) = Run("--data", path, "--cluster", "dnum", "--weights", "pw", "--fpc", "fpc", "--ratio", "api.stu/enroll", "--replicates", "jk1");
        Assert.Equal(0, code);
        var e = json.GetProperty("estimates")[0];
        AssertClose("rep.jk1.ratio.est", e.GetProperty("estimate").GetDouble());
        AssertClose("rep.jk1.ratio.se", e.GetProperty("se").GetDouble());
    }

    [Fact]
    public void Proportion_with_jackknife_replicates_gives_the_replicate_logit_interval_of_R()
    {
        var path = FixturePath("api", "apiclus1.csv");
        var (code, json, _) = Run("--data", path, "--cluster", "dnum", "--weights", "pw", "--fpc", "fpc", "--prop", "sch.wide=Yes", "--replicates", "jk1");
        Assert.Equal(0, code);
        var ci = json.GetProperty("estimates")[0].GetProperty("ci");
        AssertClose("rep.jk1.ciprop.logit.1", ci[0].GetDouble(), 1e-8);
        AssertClose("rep.jk1.ciprop.logit.2", ci[1].GetDouble(), 1e-8);
    }

    [Fact]
    public void Lonely_option_is_applied()
    {
        var path = FixturePath("api", "apistrat_lonely.csv");
        var (fail, _, err) = Run("--data", path, "--strata", "stype", "--weights", "pw", "--mean", "api00");
        Assert.Equal(1, fail);
        Assert.Contains("only one PSU", err, StringComparison.Ordinal);
        var (ok, json, _) = Run("--data", path, "--strata", "stype", "--weights", "pw", "--mean", "api00", "--lonely", "adjust");
        Assert.Equal(0, ok);
        AssertClose("lonely.adjust.nofpc.mean.api00.se", json.GetProperty("estimates")[0].GetProperty("se").GetDouble());
    }

    [Theory]
    [InlineData("--mean", "api00")]
    [InlineData("--data")]
    [InlineData("--data", "x.csv", "--mean", "a", "--total", "b")]
    [InlineData("--data", "x.csv", "--bogus", "1", "--mean", "a")]
    public void Usage_errors_return_2(params string[] args)
    {
        var (code, _, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains("usage", err, StringComparison.Ordinal);
    }
}
