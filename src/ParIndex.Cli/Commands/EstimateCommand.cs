using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ParIndex.Cli.Commands.Estimate;
using ParIndex.Core.Estimation;

namespace ParIndex.Cli.Commands;

/// <summary>
/// <c>parindex estimate</c>: design-based estimate, SE, CI, deff and df of one variable from a CSV, overall or per
/// <c>--by</c> level, as JSON — so anyone can check ParIndex against R <c>survey</c>, Stata or SAS. Options are in
/// <see cref="EstimateArguments.Usage"/> and docs/cli.md. Rows with a missing analysis value are left out as a domain
/// (R's <c>na.rm = TRUE</c>). Reads only the columns it needs; <c>--by</c> builds every domain in one pass.
/// </summary>
public static class EstimateCommand
{
    /// <summary>Runs with the arguments after the word <c>estimate</c>. Returns 0 on success, 2 on a usage error, 1 on a data error.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine(EstimateArguments.Usage);
            return 0;
        }

        EstimateArguments options;
        try
        {
            options = EstimateArguments.Parse(args);
        }
        catch (ArgumentException ex)
        {
            stderr.WriteLine(ex.Message);
            stderr.WriteLine(EstimateArguments.Usage);
            return 2;
        }

        try
        {
            stdout.WriteLine(Execute(options));
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or FormatException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"estimate: {ex.Message}");
            return 1;
        }
    }

    private static string Execute(EstimateArguments o)
    {
        var replicateColumns = o.RepWeights is null ? null : new Regex(o.RepWeights, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var data = CsvColumns.Read(o.Data, ColumnsNeeded(o), replicateColumns);

        // Calibration terms with text are factors: a second pass reads just those as labels (numbers are never interned).
        var textTerms = o.CalibrateTerms.Where(t => !data.IsNumeric(t)).Distinct().Select(t => (t, ColumnKind.Labels)).ToList();
        var termLabels = textTerms.Count > 0 ? CsvColumns.Read(o.Data, textTerms) : null;
        var design = o.RepWeights is null ? BuildDesign(o, data) : null;
        var replicates = BuildReplicates(o, data, design, replicateColumns);
        if (design is not null)
        {
            design = Adjust(o, data, termLabels, design);
        }

        replicates = replicates is null ? null : AdjustReplicates(o, data, termLabels, replicates);

        // Analysis variable(s); rows with a missing value are outside every domain.
        double[] y;
        double[]? x = null;
        switch (o.Statistic)
        {
            case "ratio":
                var parts = o.Variable.Split('/');
                if (parts.Length != 2)
                {
                    throw new ArgumentException("--ratio takes NUM/DEN.");
                }

                y = data.Numeric(parts[0], "--ratio");
                x = data.Numeric(parts[1], "--ratio");
                break;
            case "prop" when o.Variable.Contains('=', StringComparison.Ordinal):
                var (column, level) = SplitLevel(o.Variable);
                var (codes, levels) = data.Labels(column);
                var hit = Array.IndexOf(levels, level);
                if (hit < 0)
                {
                    throw new ArgumentException($"--prop {o.Variable}: column '{column}' has no level '{level}' (levels: {string.Join(", ", levels)}).");
                }

                y = new double[codes.Length];
                for (var i = 0; i < y.Length; i++)
                {
                    y[i] = codes[i] < 0 ? double.NaN : codes[i] == hit ? 1.0 : 0.0;
                }

                break;
            default:
                y = data.Numeric(o.Variable, $"--{o.Statistic} {o.Variable}");
                break;
        }

        if (o.Statistic == "prop" && y.Any(v => !double.IsNaN(v) && v is not (0 or 1)))
        {
            throw new ArgumentException($"--prop {o.Variable}: values must be 0/1 (or use --prop COL=LEVEL).");
        }

        var missing = 0;
        var group = new int[data.RowCount];
        string[] labels = [];
        int[]? byCodes = null;
        if (o.By is { } by)
        {
            (byCodes, labels) = data.Labels(by);
        }

        for (var i = 0; i < group.Length; i++)
        {
            var complete = !double.IsNaN(y[i]) && (x is null || !double.IsNaN(x[i]));
            if (!complete)
            {
                missing++;
            }

            group[i] = !complete ? -1 : byCodes?[i] ?? 0;
        }

        // One pass over the rows builds every domain: cost grows with rows + domains, not rows × domains.
        IReadOnlyList<SurveyDomain?> domains = o.By is not null
            ? SurveyDomain.ByGroup(group, labels.Length, labels)
            : missing > 0 ? [SurveyDomain.ByGroup(group, 1)[0]] : new SurveyDomain?[] { null };
        var rows = data.RowCount;

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("statistic", o.Statistic);
            json.WriteString("variable", o.Variable);
            json.WriteString("variance", replicates is null ? "linearization" : replicates.Kind.ToString());
            json.WriteString("adjustment", o.PostStratify is not null ? "poststratify" : o.Rake.Count > 0 ? "rake" : o.CalibrateTerms.Count > 0 ? "calibrate" : "none");
            json.WriteNumber("level", o.Level);
            json.WriteString("ci_method", o.Ci);
            json.WriteStartObject("design");
            json.WriteNumber("rows", rows);
            if (design is not null)
            {
                json.WriteNumber("strata", design.StrataCount);
                json.WriteNumber("psus", design.PsuCount);
                json.WriteNumber("df", design.DegreesOfFreedom);
                json.WriteString("lonely_psu", o.Lonely.ToString().ToLowerInvariant());
            }
            else
            {
                json.WriteNumber("df", replicates!.DegreesOfFreedom);
            }

            if (replicates is not null)
            {
                json.WriteNumber("replicates", replicates.ReplicateCount);
                json.WriteNumber("scale", replicates.Scale);
                json.WriteBoolean("mse", replicates.Mse);
            }

            json.WriteEndObject();
            json.WriteStartArray("estimates");
            for (var d = 0; d < domains.Count; d++)
            {
                var domain = domains[d];
                var label = o.By is null ? null : labels[d];
                if (o.Statistic == "quantile")
                {
                    foreach (var p in o.Quantiles)
                    {
                        var q = design!.Quantile(y, p, domain, o.Level, o.QuantileRule);
                        WriteRow(json, label, p, q.Estimate, q.StandardError, q.Interval, double.NaN, double.NaN, design.KishDesignEffect(domain), q.DegreesOfFreedom, domain?.RowCount ?? rows);
                    }

                    continue;
                }

                var (estimate, se, ci, deff, deffReplace, df, n) = Estimate(o, design, replicates, y, x, domain, rows);
                WriteRow(json, label, null, estimate, se, ci, deff, deffReplace, design?.KishDesignEffect(domain) ?? double.NaN, df, n);
            }

            json.WriteEndArray();
            json.WriteNumber("missing", missing);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (double Estimate, double Se, ConfidenceInterval Ci, double Deff, double DeffReplace, int Df, int N) Estimate(
        EstimateArguments o, SurveyDesign? design, ReplicateDesign? replicates, double[] y, double[]? x, SurveyDomain? domain, int rows)
    {
        SurveyEstimate? linear = design is null ? null : o.Statistic switch
        {
            "total" => design.Total(y, domain),
            "ratio" => design.Ratio(y, x!, domain),
            "var" => design.PopulationVariance(y, domain),
            _ => design.Mean(y, domain),
        };
        ReplicateEstimate? rep = replicates is null ? null : o.Statistic switch
        {
            "total" => replicates.Total(y, domain),
            "ratio" => replicates.Ratio(y, x!, domain),
            "var" => replicates.PopulationVariance(y, domain),
            _ => replicates.Mean(y, domain),
        };
        var estimate = rep?.Estimate ?? linear!.Value.Estimate;
        var variance = rep?.Variance ?? linear!.Value.Variance;
        var df = rep?.DegreesOfFreedom ?? linear!.Value.DegreesOfFreedom;
        var n = linear?.RowCount ?? domain?.RowCount ?? rows;
        var se = Math.Sqrt(variance);
        var ci = o.Ci switch
        {
            "t" => ConfidenceIntervals.Wald(estimate, se, df, o.Level, IntervalMethod.T),
            "normal" => ConfidenceIntervals.Wald(estimate, se, df, o.Level, IntervalMethod.Normal),
            "logit" when rep is not null => replicates!.LogitInterval(rep, o.Level), // R refits the logit per replicate
            "logit" or "xlogit" => ConfidenceIntervals.Proportion(estimate, variance, df, n, o.Level, ProportionIntervalMethod.Logit),
            "wilson" => ConfidenceIntervals.Proportion(estimate, variance, df, n, o.Level, ProportionIntervalMethod.Wilson),
            "kg" or "beta" => ConfidenceIntervals.Proportion(estimate, variance, df, n, o.Level, ProportionIntervalMethod.KornGraubard),
            "mean" => ConfidenceIntervals.Proportion(estimate, variance, df, n, o.Level, ProportionIntervalMethod.Mean),
            "asin" => ConfidenceIntervals.Proportion(estimate, variance, df, n, o.Level, ProportionIntervalMethod.ArcSine),
            _ => throw new ArgumentException($"Unknown --ci '{o.Ci}'."),
        };

        // With replicate weights the design effects are left out: they would mix two variance methods.
        return rep is not null
            ? (estimate, se, ci, double.NaN, double.NaN, df, n)
            : (estimate, se, ci, linear!.Value.DesignEffect, linear.Value.DesignEffectWithReplacement, df, n);
    }

    private static void WriteRow(Utf8JsonWriter json, string? label, double? quantile, double estimate, double se, ConfidenceInterval ci, double deff, double deffReplace, double kish, int df, int n)
    {
        json.WriteStartObject();
        if (label is null)
        {
            json.WriteNull("domain");
        }
        else
        {
            json.WriteString("domain", label);
        }

        if (quantile is { } p)
        {
            json.WriteNumber("quantile", p);
        }

        Number(json, "estimate", estimate);
        Number(json, "se", se);
        json.WriteStartArray("ci");
        Number(json, null, ci.Lower);
        Number(json, null, ci.Upper);
        json.WriteEndArray();
        Number(json, "deff", deff);
        Number(json, "deff_replace", deffReplace);
        Number(json, "kish_deff", kish);
        json.WriteNumber("df", df);
        json.WriteNumber("n", n);
        json.WriteEndObject();
    }

    private static List<(string Name, ColumnKind Kind)> ColumnsNeeded(EstimateArguments o)
    {
        var need = new List<(string, ColumnKind)>();
        void Add(string? column, ColumnKind kind)
        {
            if (column is not null && !need.Contains((column, kind)))
            {
                need.Add((column, kind));
            }
        }

        Add(o.Strata, ColumnKind.TextLabels);
        foreach (var c in o.Clusters)
        {
            Add(c, ColumnKind.Labels);
        }

        Add(o.Weights, ColumnKind.Numeric);
        foreach (var c in o.Fpc)
        {
            Add(c, ColumnKind.Numeric);
        }

        Add(o.By, ColumnKind.Labels);
        Add(o.PostStratify?.Column, ColumnKind.Labels);
        foreach (var m in o.Rake)
        {
            Add(m.Column, ColumnKind.Labels);
        }

        foreach (var t in o.CalibrateTerms)
        {
            Add(t, ColumnKind.Numeric); // numeric, or a factor when a cell is not a number (read again as labels), as R's read.csv decides
        }

        switch (o.Statistic)
        {
            case "ratio":
                foreach (var part in o.Variable.Split('/'))
                {
                    Add(part, ColumnKind.Numeric);
                }

                break;
            case "prop" when o.Variable.Contains('=', StringComparison.Ordinal):
                Add(SplitLevel(o.Variable).Column, ColumnKind.Labels);
                break;
            default:
                Add(o.Variable, ColumnKind.Numeric);
                break;
        }

        return need;
    }

    private static (string Column, string Level) SplitLevel(string variable)
    {
        var eq = variable.IndexOf('=', StringComparison.Ordinal);
        return (variable[..eq], variable[(eq + 1)..]);
    }

    private static SurveyDesign BuildDesign(EstimateArguments o, CsvColumns data) => SurveyDesign.Create(new SurveyDesignSpec
    {
        Strata = o.Strata is null ? null : Codes(data, o.Strata, "--strata", ColumnKind.TextLabels),
        Psu = o.Clusters.Count > 0 ? Codes(data, o.Clusters[0], "--cluster") : null,
        Ssu = o.Clusters.Count > 1 ? Codes(data, o.Clusters[1], "--cluster") : null,
        Weights = o.Weights is null ? null : data.Numeric(o.Weights, "--weights"),
        Fpc1 = o.Fpc.Count > 0 ? data.Numeric(o.Fpc[0], "--fpc") : null,
        Fpc2 = o.Fpc.Count > 1 ? data.Numeric(o.Fpc[1], "--fpc") : null,
        Nest = o.Nest,
        WithReplacement = o.WithReplacement,
        LonelyPsu = o.Lonely,
    });

    private static int[] Codes(CsvColumns data, string column, string option, ColumnKind kind = ColumnKind.Labels)
    {
        var codes = data.Labels(column, kind).Codes;
        var row = Array.IndexOf(codes, -1);
        return row < 0 ? codes : throw new ArgumentException($"{option}: column '{column}' is missing on line {row + 2}.");
    }

    private static ReplicateDesign? BuildReplicates(EstimateArguments o, CsvColumns data, SurveyDesign? design, Regex? replicateColumns)
    {
        if (replicateColumns is not null)
        {
            return SuppliedReplicates(o, data, replicateColumns);
        }

        if (o.Replicates is null)
        {
            return null;
        }

        var rep = o.Replicates switch
        {
            "jk1" => ReplicateDesign.JackknifeDeleteOne(design!),
            "jkn" => ReplicateDesign.JackknifeStratified(design!),
            "brr" => ReplicateDesign.BalancedRepeated(design!, o.FayRho ?? 0),
            _ => ReplicateDesign.Bootstrap(design!, o.BootstrapReplicates, o.Seed),
        };
        return o.Mse ? rep.WithMse(true) : rep;
    }

    // R's svrepdesign(repweights = REGEX, type = ..., combined.weights = TRUE) and its default scales.
    private static ReplicateDesign SuppliedReplicates(EstimateArguments o, CsvColumns data, Regex pattern)
    {
        var names = data.Header.Where(h => pattern.IsMatch(h) && h != o.Weights).ToArray();
        if (names.Length < 2)
        {
            throw new ArgumentException($"--repweights '{pattern}' matches {names.Length} column(s); replicate weights need at least two.");
        }

        var columns = names.Select(n => data.Numeric(n, "--repweights")).ToArray();
        var weights = data.Numeric(o.Weights!, "--weights");
        var r = columns.Length;
        var rho = o.FayRho ?? 0;
        var (kind, scale) = o.RepWeightsType switch
        {
            "jk1" => (ReplicateKind.JK1, (r - 1.0) / r),
            "jkn" => (ReplicateKind.JKn, 1.0),
            "brr" => (ReplicateKind.Brr, 1.0 / r),
            "fay" => (ReplicateKind.Brr, 1.0 / (r * (1 - rho) * (1 - rho))),
            "bootstrap" => (ReplicateKind.Bootstrap, 1.0 / (r - 1)),
            _ => (ReplicateKind.JK1, 1.0),
        };
        if (o.RepWeightsType == "jkn" && o.ReplicateScales is null)
        {
            throw new ArgumentException("--repweights-type jkn needs --rscales (one per replicate), as R's svrepdesign does.");
        }

        if (o.ReplicateScales is { } rs && rs.Count != r)
        {
            throw new ArgumentException($"--rscales has {rs.Count} values for {r} replicate columns.");
        }

        return ReplicateDesign.FromWeights(kind, weights, columns, o.Scale ?? scale, o.ReplicateScales?.ToArray(), o.Mse);
    }

    private static SurveyDesign Adjust(EstimateArguments o, CsvColumns data, CsvColumns? termLabels, SurveyDesign design)
    {
        if (o.PostStratify is { } ps)
        {
            var (cells, counts) = Cells(data, ps, "--poststratify");
            return design.PostStratify(cells, counts);
        }

        if (o.Rake.Count > 0)
        {
            var margins = o.Rake.Select(m => Cells(data, m, "--rake")).ToList();
            return design.Rake(margins, o.RakeMaxIterations, o.RakeEpsilon).Design;
        }

        if (o.CalibrateTerms.Count > 0)
        {
            var columns = ModelMatrix(o, data, termLabels);
            var (lower, upper) = o.CalibrateBounds ?? (double.NegativeInfinity, double.PositiveInfinity);
            return design.Calibrate(columns, [.. o.Totals], lower, upper);
        }

        return design;
    }

    private static ReplicateDesign AdjustReplicates(EstimateArguments o, CsvColumns data, CsvColumns? termLabels, ReplicateDesign replicates)
    {
        if (o.PostStratify is { } ps)
        {
            var (cells, counts) = Cells(data, ps, "--poststratify");
            return replicates.PostStratify(cells, counts);
        }

        if (o.Rake.Count > 0)
        {
            var margins = o.Rake.Select(m => Cells(data, m, "--rake")).ToList();
            return replicates.Rake(margins, o.RakeMaxIterations, o.RakeEpsilon).Design;
        }

        if (o.CalibrateTerms.Count > 0)
        {
            var (lower, upper) = o.CalibrateBounds ?? (double.NegativeInfinity, double.PositiveInfinity);
            return replicates.Calibrate(ModelMatrix(o, data, termLabels), [.. o.Totals], lower, upper);
        }

        return replicates;
    }

    // Cell of each row in the order of the given population counts; every sampled level needs a count.
    private static (int[] Cells, double[] Counts) Cells(CsvColumns data, PopulationMargin margin, string option)
    {
        var (codes, levels) = data.Labels(margin.Column);
        var position = new int[levels.Length];
        for (var k = 0; k < levels.Length; k++)
        {
            position[k] = -1;
            for (var j = 0; j < margin.Counts.Count; j++)
            {
                if (margin.Counts[j].Level == levels[k])
                {
                    position[k] = j;
                }
            }

            if (position[k] < 0)
            {
                throw new ArgumentException($"{option} {margin.Column}: level '{levels[k]}' is in the sample but has no population count.");
            }
        }

        var cells = new int[codes.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = codes[i] >= 0
                ? position[codes[i]]
                : throw new ArgumentException($"{option}: column '{margin.Column}' is missing on line {i + 2}.");
        }

        return (cells, [.. margin.Counts.Select(c => c.Count)]);
    }

    /// <summary>
    /// R's <c>model.matrix(~ a + b)</c>: an intercept, then per term its value (a numeric column) or one indicator per
    /// level after the first (a text column, treatment contrasts). <c>--totals</c> are in this order.
    /// </summary>
    private static List<double[]> ModelMatrix(EstimateArguments o, CsvColumns data, CsvColumns? termLabels)
    {
        var n = data.RowCount;
        var intercept = new double[n];
        Array.Fill(intercept, 1.0);
        var columns = new List<double[]> { intercept };
        var names = new List<string> { "(Intercept)" };
        foreach (var term in o.CalibrateTerms)
        {
            if (data.IsNumeric(term))
            {
                var values = data.Numeric(term, "--calibrate");
                var missingRow = Array.FindIndex(values, double.IsNaN);
                if (missingRow >= 0)
                {
                    throw new ArgumentException($"--calibrate: column '{term}' is missing on line {missingRow + 2}.");
                }

                columns.Add(values);
                names.Add(term);
                continue;
            }

            var (codes, levels) = termLabels!.Labels(term);
            var missing = Array.IndexOf(codes, -1);
            if (missing >= 0)
            {
                throw new ArgumentException($"--calibrate: column '{term}' is missing on line {missing + 2}.");
            }

            for (var k = 1; k < levels.Length; k++)
            {
                var level = k;
                columns.Add([.. codes.Select(c => c == level ? 1.0 : 0.0)]);
                names.Add(term + levels[k]);
            }
        }

        if (o.Totals.Count != columns.Count)
        {
            throw new ArgumentException($"--totals has {o.Totals.Count} values; the calibration model has {columns.Count}: {string.Join(", ", names)}.");
        }

        return columns;
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
}
