using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ParIndex.Core.Estimation;

/// <summary>
/// The engine behind <c>parindex estimate</c>: reads a CSV, builds the design, computes one estimate
/// (overall or per <c>--by</c> level) and prints JSON, so anyone can check ParIndex against R, Stata or SAS.
/// Rows with a missing analysis value are left out as a domain (R's <c>na.rm = TRUE</c>).
/// </summary>
public static class EstimateCommandLine
{
    /// <summary>Usage text.</summary>
    public const string Usage =
        "usage: parindex estimate --data FILE.csv [--strata COL] [--cluster COL[,COL2]] [--weights COL] [--fpc COL[,COL2]] [--nest] [--with-replacement]\n" +
        "       (--mean VAR | --total VAR | --prop VAR[=LEVEL] | --ratio NUM/DEN) [--by COL] [--level 0.95]\n" +
        "       [--ci t|normal|logit|wilson|kg|mean] [--lonely fail|certainty|adjust|average] [--replicates jk1|jkn|brr|bootstrap] [--bootstrap-replicates 500] [--seed 1]";

    /// <summary>Runs the command with the arguments after the word <c>estimate</c>. Returns 0 on success, 2 on a usage error, 1 on a data error.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        Dictionary<string, string> opts;
        try
        {
            opts = Parse(args);
        }
        catch (ArgumentException ex)
        {
            stderr.WriteLine(ex.Message);
            stderr.WriteLine(Usage);
            return 2;
        }

        var statistics = new[] { "mean", "total", "prop", "ratio" }.Where(opts.ContainsKey).ToArray();
        if (!opts.ContainsKey("data") || statistics.Length != 1)
        {
            stderr.WriteLine("Give --data and exactly one of --mean, --total, --prop, --ratio.");
            stderr.WriteLine(Usage);
            return 2;
        }

        try
        {
            stdout.WriteLine(Execute(opts, statistics[0]));
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException)
        {
            stderr.WriteLine($"estimate: {ex.Message}");
            return 1;
        }
    }

    private static string Execute(Dictionary<string, string> opts, string statistic)
    {
        var table = SurveyTable.ReadCsv(opts["data"]);
        var level = opts.TryGetValue("level", out var lv) ? double.Parse(lv, CultureInfo.InvariantCulture) : 0.95;
        var lonely = opts.TryGetValue("lonely", out var lp) ? lp switch
        {
            "fail" => LonelyPsu.Fail,
            "certainty" => LonelyPsu.Certainty,
            "adjust" => LonelyPsu.Adjust,
            "average" => LonelyPsu.Average,
            _ => throw new ArgumentException($"Unknown --lonely '{lp}'."),
        } : LonelyPsu.Fail;

        var clusters = opts.TryGetValue("cluster", out var cl) ? cl.Split(',') : [];
        var fpcs = opts.TryGetValue("fpc", out var fp) ? fp.Split(',') : [];
        var design = SurveyDesign.Create(new SurveyDesignSpec
        {
            Strata = opts.TryGetValue("strata", out var st) ? table.Codes(st).Codes : null,
            Psu = clusters.Length > 0 ? table.Codes(clusters[0]).Codes : null,
            Ssu = clusters.Length > 1 ? table.Codes(clusters[1]).Codes : null,
            Weights = opts.TryGetValue("weights", out var wt) ? table.Numeric(wt) : null,
            Fpc1 = fpcs.Length > 0 ? table.Numeric(fpcs[0]) : null,
            Fpc2 = fpcs.Length > 1 ? table.Numeric(fpcs[1]) : null,
            Nest = opts.ContainsKey("nest"),
            WithReplacement = opts.ContainsKey("with-replacement"),
            LonelyPsu = lonely,
        });

        // Analysis variable(s).
        double[] y;
        double[]? x = null;
        string variable = opts[statistic];
        switch (statistic)
        {
            case "ratio":
                var parts = variable.Split('/');
                if (parts.Length != 2)
                {
                    throw new ArgumentException("--ratio takes NUM/DEN.");
                }

                y = table.Numeric(parts[0]);
                x = table.Numeric(parts[1]);
                break;
            case "prop" when variable.Contains('=', StringComparison.Ordinal):
                var eq = variable.IndexOf('=', StringComparison.Ordinal);
                var cells = table.Text(variable[..eq]);
                var value = variable[(eq + 1)..];
                y = [.. cells.Select(c => c is null ? double.NaN : c == value ? 1.0 : 0.0)];
                break;
            default:
                y = table.Numeric(variable);
                break;
        }

        var complete = new bool[design.RowCount];
        for (var i = 0; i < complete.Length; i++)
        {
            complete[i] = !double.IsNaN(y[i]) && (x is null || !double.IsNaN(x[i]));
        }

        if (statistic == "prop" && y.Any(v => !double.IsNaN(v) && v is not (0 or 1)))
        {
            throw new ArgumentException($"--prop {variable}: values must be 0/1 (or use --prop COL=LEVEL).");
        }

        var ciName = opts.TryGetValue("ci", out var c0) ? c0 : statistic == "prop" ? "logit" : "t";
        var domains = new List<(string? Label, bool[] Mask)>();
        if (opts.TryGetValue("by", out var by))
        {
            var (codes, levels) = table.Codes(by);
            for (var g = 0; g < levels.Length; g++)
            {
                domains.Add((levels[g], [.. complete.Select((ok, i) => ok && codes[i] == g)]));
            }
        }
        else
        {
            domains.Add((null, complete));
        }

        ReplicateDesign? replicates = null;
        if (opts.TryGetValue("replicates", out var rk))
        {
            var seed = opts.TryGetValue("seed", out var sd) ? int.Parse(sd, CultureInfo.InvariantCulture) : 1;
            var b = opts.TryGetValue("bootstrap-replicates", out var bb) ? int.Parse(bb, CultureInfo.InvariantCulture) : 500;
            replicates = rk switch
            {
                "jk1" => ReplicateDesign.JackknifeDeleteOne(design),
                "jkn" => ReplicateDesign.JackknifeStratified(design),
                "brr" => ReplicateDesign.BalancedRepeated(design),
                "bootstrap" => ReplicateDesign.Bootstrap(design, b, seed),
                _ => throw new ArgumentException($"Unknown --replicates '{rk}'."),
            };
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("statistic", statistic);
            json.WriteString("variable", variable);
            json.WriteString("variance", replicates is null ? "linearization" : replicates.Kind.ToString());
            json.WriteNumber("level", level);
            json.WriteString("ci_method", ciName);
            json.WriteStartObject("design");
            json.WriteNumber("rows", design.RowCount);
            json.WriteNumber("strata", design.StrataCount);
            json.WriteNumber("psus", design.PsuCount);
            json.WriteNumber("df", design.DegreesOfFreedom);
            json.WriteString("lonely_psu", lonely.ToString().ToLowerInvariant());
            if (replicates is not null)
            {
                json.WriteNumber("replicates", replicates.ReplicateCount);
            }

            json.WriteEndObject();
            json.WriteStartArray("estimates");
            foreach (var (label, mask) in domains)
            {
                var domain = SurveyDomain.Where(mask, label);
                var est = statistic switch
                {
                    "total" => design.Total(Zeroed(y, mask), domain),
                    "ratio" => design.Ratio(Zeroed(y, mask), Zeroed(x!, mask), domain),
                    _ => design.Mean(Zeroed(y, mask), domain),
                };
                double estimate = est.Estimate, se = est.StandardError;
                var df = est.DegreesOfFreedom;
                ReplicateEstimate? rep = null;
                if (replicates is not null)
                {
                    var r = statistic switch
                    {
                        "total" => replicates.Total(Zeroed(y, mask), domain),
                        "ratio" => replicates.Ratio(Zeroed(y, mask), Zeroed(x!, mask), domain),
                        _ => replicates.Mean(Zeroed(y, mask), domain),
                    };
                    estimate = r.Estimate;
                    se = r.StandardError;
                    df = r.DegreesOfFreedom;
                    rep = r;
                }

                var ci = ciName switch
                {
                    "t" => ConfidenceIntervals.Wald(estimate, se, df, level, IntervalMethod.T),
                    "normal" => ConfidenceIntervals.Wald(estimate, se, df, level, IntervalMethod.Normal),
                    "logit" when rep is not null => replicates!.LogitInterval(rep, level), // R refits the logit per replicate
                    "logit" => ConfidenceIntervals.Proportion(estimate, se * se, df, est.RowCount, level, ProportionIntervalMethod.Logit),
                    "wilson" => ConfidenceIntervals.Proportion(estimate, se * se, df, est.RowCount, level, ProportionIntervalMethod.Wilson),
                    "kg" or "beta" => ConfidenceIntervals.Proportion(estimate, se * se, df, est.RowCount, level, ProportionIntervalMethod.KornGraubard),
                    "mean" => ConfidenceIntervals.Proportion(estimate, se * se, df, est.RowCount, level, ProportionIntervalMethod.Mean),
                    _ => throw new ArgumentException($"Unknown --ci '{ciName}'."),
                };

                json.WriteStartObject();
                if (label is null)
                {
                    json.WriteNull("domain");
                }
                else
                {
                    json.WriteString("domain", label);
                }

                Number(json, "estimate", estimate);
                Number(json, "se", se);
                json.WriteStartArray("ci");
                Number(json, null, ci.Lower);
                Number(json, null, ci.Upper);
                json.WriteEndArray();
                Number(json, "deff", est.DesignEffect);
                Number(json, "deff_replace", est.DesignEffectWithReplacement);
                Number(json, "kish_deff", design.KishDesignEffect(domain));
                json.WriteNumber("df", df);
                json.WriteNumber("n", est.RowCount);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("missing", complete.Count(ok => !ok));
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // Values outside the domain never enter the estimate; zero them so a NaN there cannot leak into sums.
    private static double[] Zeroed(double[] values, bool[] mask)
    {
        var z = new double[values.Length];
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = mask[i] ? values[i] : 0.0;
        }

        return z;
    }

    private static void Number(Utf8JsonWriter json, string? name, double value)
    {
        if (name is not null)
        {
            json.WritePropertyName(name);
        }

        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var flags = new HashSet<string> { "nest", "with-replacement" };
        var valued = new HashSet<string> { "data", "strata", "cluster", "weights", "fpc", "mean", "total", "prop", "ratio", "by", "level", "ci", "lonely", "replicates", "bootstrap-replicates", "seed" };
        var opts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var name = args[i][2..];
            if (flags.Contains(name))
            {
                opts[name] = "true";
            }
            else if (valued.Contains(name))
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"--{name} needs a value.");
                }

                opts[name] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unknown option --{name}.");
            }
        }

        return opts;
    }
}
