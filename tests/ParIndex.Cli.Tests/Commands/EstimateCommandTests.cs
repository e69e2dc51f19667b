using System.Text.Json;
using ParIndex.Cli.Commands;
using static ParIndex.Cli.Tests.Commands.ReferenceValues;

namespace ParIndex.Cli.Tests.Commands;

/// <summary>
/// <c>parindex estimate</c> on the api CSV fixtures, checked against the same R numbers as the estimators
/// (1e-9 relative; 1e-6 for iterative methods).
/// </summary>
public sealed class EstimateCommandTests
{
    private static (int Code, JsonElement Json, string Error) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = EstimateCommand.Run(args, stdout, stderr);
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

    private static string Clus1 => FixturePath("api", "apiclus1.csv");

    private static readonly string[] Clus1Design = ["--cluster", "dnum", "--weights", "pw", "--fpc", "fpc"];

    private static readonly string[] StratDesign = ["--strata", "stype", "--weights", "pw", "--fpc", "fpc"];

    private static JsonElement Ok(params string[] args)
    {
        var (code, json, err) = Run(args);
        Assert.True(code == 0, err);
        return json;
    }

    // null in the JSON is R's NaN (e.g. a Woodruff bound past the end of the distribution).
    private static double Number(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    private static double Field(JsonElement json, string name, int row = 0) => Number(json.GetProperty("estimates")[row].GetProperty(name));

    private static double Ci(JsonElement json, int bound, int row = 0) => Number(json.GetProperty("estimates")[row].GetProperty("ci")[bound]);

    private static string[] With(string[] design, params string[] rest) => [.. design, .. rest];

    /// <summary>Every option that reads numbers, given a text column: a clear error naming the option and column, exit 1.</summary>
    [Theory]
    [InlineData("--mean", "name")]
    [InlineData("--total", "name")]
    [InlineData("--var", "name")]
    [InlineData("--quantile", "name")]
    [InlineData("--ratio", "name/api99")]
    [InlineData("--ratio", "api00/name")]
    [InlineData("--weights", "name", "--mean", "api00")]
    [InlineData("--fpc", "name", "--mean", "api00")]
    public void A_text_column_where_numbers_are_needed_stops_with_a_clear_error_and_exit_1(string option, string column, params string[] rest)
    {
        string[] args = option is "--weights" or "--fpc"
            ? ["--data", Strat, "--strata", "stype", option, column, .. rest]
            : ["--data", Strat, "--strata", "stype", "--weights", "pw", option, column];
        var (code, _, err) = Run(args);
        Assert.Equal(1, code);
        Assert.Contains("'name' is not numeric", err, StringComparison.Ordinal);
        Assert.Contains("line ", err, StringComparison.Ordinal);
    }

    [Fact]
    public void BRR_replicates_are_Rs_default_ones_for_a_ratio_a_mean_Fay_and_mse()
    {
        var pairs = FixturePath("api", "apiclus2_pairs.csv");
        string[] design = ["--data", pairs, "--strata", "pair", "--cluster", "dnum", "--weights", "pw", "--replicates", "brr"];
        var ratio = Ok(With(design, "--ratio", "api00/api99"));
        AssertClose("rep.brrdefault.ratio.est", Field(ratio, "estimate"));
        AssertClose("rep.brrdefault.ratio.se", Field(ratio, "se"));
        Assert.Equal(R("rep.brrdefault.nrep"), json_replicates(ratio));
        AssertClose("rep.brrdefault.mean.api00.se", Field(Ok(With(design, "--mean", "api00")), "se"));
        AssertClose("rep.faydefault.ratio.se", Field(Ok(With(design, "--fay-rho", "0.5", "--ratio", "api00/api99")), "se"));
        AssertClose("rep.brrmse.mean.api00.se", Field(Ok(With(design, "--mse", "--mean", "api00")), "se"));

        static double json_replicates(JsonElement json) => json.GetProperty("design").GetProperty("replicates").GetDouble();
    }

    [Fact]
    public void BRR_gives_the_Levy_Lemeshow_textbook_ratio_and_SE()
    {
        var json = Ok("--data", FixturePath("api", "scd.csv"), "--strata", "ESA", "--cluster", "ambulance", "--nest", "--replicates", "brr", "--ratio", "alive/arrests");
        AssertClose("scd.ll.ratio.est", Field(json, "estimate"));
        AssertClose("scd.ll.ratio.se", Field(json, "se"));
    }

    [Fact]
    public void Post_stratification_matches_postStratify_for_mean_total_variance_and_domains()
    {
        string[] ps = ["--poststratify", "stype:E=4421,H=755,M=1018"];
        var mean = Ok(With(["--data", Clus1, .. Clus1Design, .. ps], "--mean", "api00"));
        Assert.Equal("poststratify", mean.GetProperty("adjustment").GetString());
        AssertClose("ps.mean.api00.est", Field(mean, "estimate"));
        AssertClose("ps.mean.api00.se", Field(mean, "se"));
        var total = Ok(With(["--data", Clus1, .. Clus1Design, .. ps], "--total", "enroll"));
        AssertClose("ps.total.enroll.est", Field(total, "estimate"));
        AssertClose("ps.total.enroll.se", Field(total, "se"));
        var variance = Ok(With(["--data", Clus1, .. Clus1Design, .. ps], "--var", "api00"));
        AssertClose("ps.var.api00.est", Field(variance, "estimate"));
        AssertClose("ps.var.api00.se", Field(variance, "se"));
        var by = Ok(With(["--data", Clus1, .. Clus1Design, .. ps], "--mean", "api00", "--by", "sch.wide"));
        var byStype = Ok(With(["--data", Clus1, .. Clus1Design, .. ps], "--mean", "api00", "--by", "stype"));
        for (var g = 0; g < 2; g++)
        {
            AssertClose($"ps.by_schwide.est.{g + 1}", Field(by, "estimate", g));
            AssertClose($"ps.by_schwide.se.{g + 1}", Field(by, "se", g));
        }

        for (var g = 0; g < 3; g++)
        {
            AssertClose($"ps.by_stype.est.{g + 1}", Field(byStype, "estimate", g));
            AssertClose($"ps.by_stype.se.{g + 1}", Field(byStype, "se", g));
        }
    }

    [Fact]
    public void Raking_to_two_margins_matches_rake()
    {
        string[] rake = ["--rake", "stype:E=4421,H=755,M=1018", "--rake", "sch.wide:No=1072,Yes=5122"];
        var mean = Ok(With(["--data", Clus1, .. Clus1Design, .. rake], "--mean", "api00"));
        AssertClose("rake.mean.api00.est", Field(mean, "estimate"), IterativeTolerance);
        AssertClose("rake.mean.api00.se", Field(mean, "se"), IterativeTolerance);
        var total = Ok(With(["--data", Clus1, .. Clus1Design, .. rake], "--total", "enroll"));
        AssertClose("rake.total.enroll.est", Field(total, "estimate"), IterativeTolerance);
        AssertClose("rake.total.enroll.se", Field(total, "se"), IterativeTolerance);
        var tight = Ok(With(["--data", Clus1, .. Clus1Design, .. rake], "--rake-maxit", "100", "--rake-epsilon", "1e-10", "--mean", "api00"));
        AssertClose("rake_tight.mean.api00.est", Field(tight, "estimate"), IterativeTolerance);
        AssertClose("rake_tight.mean.api00.se", Field(tight, "se"), IterativeTolerance);
        var by = Ok(With(["--data", Clus1, .. Clus1Design, .. rake], "--mean", "api00", "--by", "stype"));
        for (var g = 0; g < 3; g++)
        {
            AssertClose($"rake.by_stype.est.{g + 1}", Field(by, "estimate", g), IterativeTolerance);
            AssertClose($"rake.by_stype.se.{g + 1}", Field(by, "se", g), IterativeTolerance);
        }
    }

    [Fact]
    public void Linear_calibration_matches_calibrate_with_and_without_bounds()
    {
        string[] cal = ["--calibrate", "stype,api99", "--totals", "6194,755,1018,3914069"];
        var mean = Ok(With(["--data", Clus1, .. Clus1Design, .. cal], "--mean", "api00"));
        Assert.Equal("calibrate", mean.GetProperty("adjustment").GetString());
        AssertClose("cal.mean.api00.est", Field(mean, "estimate"));
        AssertClose("cal.mean.api00.se", Field(mean, "se"));
        var total = Ok(With(["--data", Clus1, .. Clus1Design, .. cal], "--total", "enroll"));
        AssertClose("cal.total.enroll.est", Field(total, "estimate"));
        AssertClose("cal.total.enroll.se", Field(total, "se"));
        var ratio = Ok(With(["--data", Clus1, .. Clus1Design, .. cal], "--ratio", "api00/api99"));
        AssertClose("cal.ratio.api00_api99.est", Field(ratio, "estimate"));
        AssertClose("cal.ratio.api00_api99.se", Field(ratio, "se"));
        var by = Ok(With(["--data", Clus1, .. Clus1Design, .. cal], "--mean", "api00", "--by", "sch.wide"));
        for (var g = 0; g < 2; g++)
        {
            AssertClose($"cal.by_schwide.est.{g + 1}", Field(by, "estimate", g));
            AssertClose($"cal.by_schwide.se.{g + 1}", Field(by, "se", g));
        }

        var bounded = Ok(With(["--data", Clus1, .. Clus1Design, .. cal], "--calibrate-bounds", "0.6,1.6", "--mean", "api00"));
        AssertClose("calb.mean.api00.est", Field(bounded, "estimate"), IterativeTolerance);
        AssertClose("calb.mean.api00.se", Field(bounded, "se"), IterativeTolerance);
        var strat = Ok("--data", Strat, "--strata", "stype", "--weights", "pw", "--fpc", "fpc", "--calibrate", "api99", "--totals", "6194,3914069", "--mean", "api00");
        AssertClose("calstrat.mean.api00.est", Field(strat, "estimate"));
        AssertClose("calstrat.mean.api00.se", Field(strat, "se"));
    }

    [Fact]
    public void Adjusting_a_jackknife_design_adjusts_every_replicate_as_R_does()
    {
        string[] jk = ["--data", Clus1, .. Clus1Design, "--replicates", "jk1"];
        var ps = Ok(With(jk, "--poststratify", "stype:E=4421,H=755,M=1018", "--mean", "api00"));
        AssertClose("rep.ps.mean.api00.est", Field(ps, "estimate"));
        AssertClose("rep.ps.mean.api00.se", Field(ps, "se"));
        var psTotal = Ok(With(jk, "--poststratify", "stype:E=4421,H=755,M=1018", "--total", "enroll"));
        AssertClose("rep.ps.total.enroll.se", Field(psTotal, "se"));
        var cal = Ok(With(jk, "--calibrate", "stype,api99", "--totals", "6194,755,1018,3914069", "--mean", "api00"));
        AssertClose("rep.cal.mean.api00.est", Field(cal, "estimate"));
        AssertClose("rep.cal.mean.api00.se", Field(cal, "se"));
        var rake = Ok(With(jk, "--rake", "stype:E=4421,H=755,M=1018", "--rake", "sch.wide:No=1072,Yes=5122", "--mean", "api00"));
        AssertClose("rep.rake.mean.api00.est", Field(rake, "estimate"), IterativeTolerance);
        AssertClose("rep.rake.mean.api00.se", Field(rake, "se"), IterativeTolerance);
        var bounded = Ok(With(jk, "--calibrate", "stype,api99", "--totals", "6194,755,1018,3914069", "--calibrate-bounds", "0.6,1.6", "--total", "enroll"));
        AssertClose("rep.calb.total.enroll.est", Field(bounded, "estimate"), IterativeTolerance);
        AssertClose("rep.calb.total.enroll.se", Field(bounded, "se"), IterativeTolerance);
        var mse = Ok(With(jk, "--mse", "--poststratify", "stype:E=4421,H=755,M=1018", "--mean", "api00"));
        Assert.True(mse.GetProperty("design").GetProperty("mse").GetBoolean());
        AssertClose("rep.jk1mse.ps.mean.api00.se", Field(mse, "se"));
        AssertClose("rep.jk1mse.mean.api00.se", Field(Ok(With(jk, "--mse", "--mean", "api00")), "se"));
    }

    [Fact]
    public void Supplied_replicate_weight_columns_match_svrepdesign()
    {
        var path = FixturePath("api", "apiclus1_jk1weights.csv");
        var scale = R("rep.jk1.scale").ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        string[] rw = ["--data", path, "--weights", "pw", "--repweights", "rw[0-9]+"];
        var jk1 = Ok(With(rw, "--repweights-type", "jk1", "--scale", scale, "--mean", "api00"));
        Assert.Equal(15, jk1.GetProperty("design").GetProperty("replicates").GetInt32());
        AssertClose("svrep.jk1.mean.api00.est", Field(jk1, "estimate"));
        AssertClose("svrep.jk1.mean.api00.se", Field(jk1, "se"));
        AssertClose("svrep.jk1mse.mean.api00.se", Field(Ok(With(rw, "--repweights-type", "jk1", "--scale", scale, "--mse", "--mean", "api00")), "se"));
        var other = Ok(With(rw, "--repweights-type", "other", "--scale", "0.5", "--mean", "api00"));
        AssertClose("svrep.other.mean.api00.se", Field(other, "se"));
        Assert.Equal(R("svrep.other.degf"), Field(other, "df"));
    }

    [Fact]
    public void Variance_of_a_variable_matches_svyvar_overall_by_domain_and_with_replicates()
    {
        var all = Ok(With(["--data", Strat, .. StratDesign], "--var", "api00"));
        AssertClose("strat.var.api00.est", Field(all, "estimate"));
        AssertClose("strat.var.api00.se", Field(all, "se"));
        var by = Ok(With(["--data", Strat, .. StratDesign], "--var", "api00", "--by", "stype"));
        for (var g = 0; g < 3; g++)
        {
            AssertClose($"strat.by_stype.var.api00.est.{g + 1}", Field(by, "estimate", g));
            AssertClose($"strat.by_stype.var.api00.se.{g + 1}", Field(by, "se", g));
        }

        var rep = Ok(With(["--data", Clus1, .. Clus1Design], "--replicates", "jk1", "--var", "api00", "--by", "stype"));
        for (var g = 0; g < 3; g++)
        {
            AssertClose($"rep.jk1.by_stype.var.api00.est.{g + 1}", Field(rep, "estimate", g));
            AssertClose($"rep.jk1.by_stype.var.api00.se.{g + 1}", Field(rep, "se", g));
        }
    }

    [Theory]
    [InlineData("math")]
    [InlineData("school")]
    public void Quantiles_with_Woodruff_intervals_match_svyquantile(string rule)
    {
        var json = Ok(With(["--data", Strat, .. StratDesign], "--quantile", "api00", "--quantiles", "0.1,0.25,0.5,0.75,0.9", "--qrule", rule));
        for (var k = 0; k < 5; k++)
        {
            AssertClose($"strat.quantile.{rule}.est.{k + 1}", Field(json, "estimate", k));
            AssertClose($"strat.quantile.{rule}.lo.{k + 1}", Ci(json, 0, k));
            AssertClose($"strat.quantile.{rule}.hi.{k + 1}", Ci(json, 1, k));
            AssertClose($"strat.quantile.{rule}.se.{k + 1}", Field(json, "se", k));
        }
    }

    [Fact]
    public void Quantiles_by_domain_match_svyquantile_on_each_subset()
    {
        var json = Ok(With(["--data", FixturePath("api", "apiclus2.csv"), "--cluster", "dnum,snum", "--fpc", "fpc1,fpc2"], "--quantile", "api00", "--quantiles", "0.25,0.5,0.75", "--by", "stype"));
        var rows = json.GetProperty("estimates");
        Assert.Equal(9, rows.GetArrayLength());
        string[] levels = ["E", "H", "M"];
        for (var g = 0; g < 3; g++)
        {
            for (var k = 0; k < 3; k++)
            {
                var row = (g * 3) + k;
                Assert.Equal(levels[g], rows[row].GetProperty("domain").GetString());
                AssertClose($"clus2.sub_{levels[g]}.quantile.est.{k + 1}", Field(json, "estimate", row));
                AssertClose($"clus2.sub_{levels[g]}.quantile.lo.{k + 1}", Ci(json, 0, row));
                AssertClose($"clus2.sub_{levels[g]}.quantile.hi.{k + 1}", Ci(json, 1, row));
                AssertClose($"clus2.sub_{levels[g]}.quantile.se.{k + 1}", Field(json, "se", row));
            }
        }
    }

    [Theory]
    [InlineData("asin", "strat.ciprop.asin.1", "strat.ciprop.asin.2")]
    [InlineData("xlogit", "strat.ciprop.xlogit.lo", "strat.ciprop.xlogit.hi")]
    [InlineData("mean", "strat.ciprop.mean.lo", "strat.ciprop.mean.hi")]
    [InlineData("beta", "strat.ciprop.beta.lo", "strat.ciprop.beta.hi")]
    public void Proportion_intervals_match_svyciprop(string method, string lower, string upper)
    {
        var json = Ok(With(["--data", Strat, .. StratDesign], "--prop", "sch.wide=Yes", "--ci", method));
        AssertClose(lower, Ci(json, 0));
        AssertClose(upper, Ci(json, 1));
    }

    [Theory]
    [InlineData("--quantile", "api00", "--replicates", "jk1")]
    [InlineData("--mean", "api00", "--poststratify", "stype:E=1,H=2,M=3", "--rake", "stype:E=1,H=2,M=3")]
    [InlineData("--mean", "api00", "--calibrate", "api99")]
    [InlineData("--mean", "api00", "--repweights", "rw", "--repweights-type", "nonsense")]
    [InlineData("--mean", "api00", "--ci", "asin")]
    [InlineData("--mean", "api00", "--poststratify", "stype")]
    [InlineData("--mean", "api00", "--level", "95")]
    [InlineData("--mean", "api00", "--fay-rho", "0.5")]
    [InlineData("--mean", "api00", "--mean", "api99")]
    public void Inconsistent_options_are_usage_errors(params string[] rest)
    {
        var (code, _, err) = Run(["--data", Strat, "--weights", "pw", .. rest]);
        Assert.Equal(2, code);
        Assert.Contains("usage", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong number of totals", "--totals has 2 values; the calibration model has 4: (Intercept), stypeH, stypeM, api99", "--calibrate", "stype,api99", "--totals", "6194,3914069")]
    [InlineData("a sampled level without a count", "level 'M' is in the sample but has no population count", "--poststratify", "stype:E=4421,H=755")]
    [InlineData("a column the file lacks", "Column 'nope' not found", "--by", "nope")]
    public void Data_errors_exit_1_with_a_message_that_says_what_is_wrong(string what, string message, params string[] rest)
    {
        var (code, _, err) = Run(["--data", Clus1, .. Clus1Design, "--mean", "api00", .. rest]);
        Assert.True(code == 1, what);
        Assert.Contains(message, err, StringComparison.Ordinal);
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
