using System.Globalization;
using ParIndex.Core.Estimation;

namespace ParIndex.Cli.Commands.Estimate;

/// <summary>Population counts of the levels of one column (a post-stratification variable or a raking margin).</summary>
internal sealed record PopulationMargin(string Column, IReadOnlyList<(string Level, double Count)> Counts);

/// <summary>The options of <c>parindex estimate</c>, parsed and checked; every usage error is an <see cref="ArgumentException"/>.</summary>
internal sealed record EstimateArguments
{
    public const string Usage =
        "usage: parindex estimate --data FILE.csv [design] STATISTIC [--by COL] [--level 0.95] [--ci METHOD] [adjustment] [replicates]\n" +
        "  design:      [--strata COL] [--cluster COL[,COL2]] [--weights COL] [--fpc COL[,COL2]] [--nest] [--with-replacement]\n" +
        "               [--lonely fail|certainty|adjust|average]\n" +
        "  STATISTIC:   --mean VAR | --total VAR | --prop VAR[=LEVEL] | --ratio NUM/DEN | --var VAR\n" +
        "               | --quantile VAR [--quantiles 0.25,0.5,0.75] [--qrule math|school]\n" +
        "  --ci:        t|normal (mean, total, ratio, var); logit|xlogit|kg|beta|mean|asin|wilson (prop)\n" +
        "  adjustment:  --poststratify COL:LEVEL=N,LEVEL=N,...\n" +
        "               | --rake COL:LEVEL=N,... --rake COL:LEVEL=N,... [--rake-maxit 10] [--rake-epsilon 1]\n" +
        "               | --calibrate TERM,TERM,... --totals N,N,... [--calibrate-bounds LOWER,UPPER]\n" +
        "  replicates:  --replicates jk1|jkn|brr|bootstrap [--fay-rho RHO] [--bootstrap-replicates 500] [--seed 1] [--mse]\n" +
        "               | --repweights REGEX --repweights-type jk1|jkn|brr|fay|bootstrap|other [--fay-rho RHO] [--scale S] [--rscales R,R,...] [--mse]";

    private static readonly HashSet<string> Flags = ["nest", "with-replacement", "mse"];

    private static readonly HashSet<string> Valued =
    [
        "data", "strata", "cluster", "weights", "fpc", "lonely", "mean", "total", "prop", "ratio", "var", "quantile", "quantiles", "qrule",
        "by", "level", "ci", "poststratify", "rake", "rake-maxit", "rake-epsilon", "calibrate", "totals", "calibrate-bounds",
        "replicates", "fay-rho", "bootstrap-replicates", "seed", "repweights", "repweights-type", "scale", "rscales",
    ];

    private static readonly string[] Statistics = ["mean", "total", "prop", "ratio", "var", "quantile"];

    public required string Data { get; init; }

    public string? Strata { get; init; }

    public IReadOnlyList<string> Clusters { get; init; } = [];

    public string? Weights { get; init; }

    public IReadOnlyList<string> Fpc { get; init; } = [];

    public bool Nest { get; init; }

    public bool WithReplacement { get; init; }

    public LonelyPsu Lonely { get; init; } = LonelyPsu.Fail;

    /// <summary>mean, total, prop, ratio, var or quantile.</summary>
    public required string Statistic { get; init; }

    /// <summary>The analysis variable as given (VAR, VAR=LEVEL or NUM/DEN).</summary>
    public required string Variable { get; init; }

    public IReadOnlyList<double> Quantiles { get; init; } = [0.5];

    public QuantileRule QuantileRule { get; init; } = QuantileRule.Math;

    public string? By { get; init; }

    public double Level { get; init; } = 0.95;

    public required string Ci { get; init; }

    public PopulationMargin? PostStratify { get; init; }

    public IReadOnlyList<PopulationMargin> Rake { get; init; } = [];

    public int RakeMaxIterations { get; init; } = 10;

    public double RakeEpsilon { get; init; } = 1;

    public IReadOnlyList<string> CalibrateTerms { get; init; } = [];

    public IReadOnlyList<double> Totals { get; init; } = [];

    public (double Lower, double Upper)? CalibrateBounds { get; init; }

    public string? Replicates { get; init; }

    public double? FayRho { get; init; }

    public int BootstrapReplicates { get; init; } = 500;

    public int Seed { get; init; } = 1;

    public bool Mse { get; init; }

    public string? RepWeights { get; init; }

    public string? RepWeightsType { get; init; }

    public double? Scale { get; init; }

    public IReadOnlyList<double>? ReplicateScales { get; init; }

    /// <summary>True when the variance comes from replicate weights (built or supplied).</summary>
    public bool UsesReplicates => Replicates is not null || RepWeights is not null;

    public static EstimateArguments Parse(string[] args)
    {
        var opts = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var name = args[i][2..];
            string value;
            if (Flags.Contains(name))
            {
                value = "true";
            }
            else if (Valued.Contains(name))
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"--{name} needs a value.");
                }

                value = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unknown option --{name}.");
            }

            if (!opts.TryGetValue(name, out var list))
            {
                opts[name] = list = [];
            }
            else if (name != "rake")
            {
                throw new ArgumentException($"--{name} is given twice.");
            }

            list.Add(value);
        }

        string? One(string name) => opts.TryGetValue(name, out var v) ? v[0] : null;
        var statistics = Statistics.Where(opts.ContainsKey).ToArray();
        if (One("data") is not { } data || statistics.Length != 1)
        {
            throw new ArgumentException("Give --data and exactly one of --mean, --total, --prop, --ratio, --var, --quantile.");
        }

        var statistic = statistics[0];
        var adjustments = new[] { "poststratify", "rake", "calibrate" }.Count(opts.ContainsKey);
        if (adjustments > 1)
        {
            throw new ArgumentException("Give at most one of --poststratify, --rake, --calibrate.");
        }

        if (opts.ContainsKey("calibrate") != opts.ContainsKey("totals"))
        {
            throw new ArgumentException("--calibrate and --totals go together.");
        }

        if (opts.ContainsKey("replicates") && opts.ContainsKey("repweights"))
        {
            throw new ArgumentException("Give --replicates (built from the design) or --repweights (columns of the file), not both.");
        }

        if (opts.ContainsKey("repweights") != opts.ContainsKey("repweights-type"))
        {
            throw new ArgumentException("--repweights and --repweights-type go together.");
        }

        if (opts.ContainsKey("repweights") && !opts.ContainsKey("weights"))
        {
            throw new ArgumentException("--repweights needs --weights (the full-sample weight column).");
        }

        var ci = One("ci") ?? (statistic == "prop" ? "logit" : "t");
        var proportionMethods = new[] { "logit", "xlogit", "kg", "beta", "mean", "asin", "wilson" };
        var waldMethods = new[] { "t", "normal" };
        if (!(waldMethods.Contains(ci) || (statistic == "prop" && proportionMethods.Contains(ci))))
        {
            throw new ArgumentException($"--ci {ci} does not apply to --{statistic} (use {string.Join("|", statistic == "prop" ? [.. waldMethods, .. proportionMethods] : waldMethods)}).");
        }

        var result = new EstimateArguments
        {
            Data = data,
            Strata = One("strata"),
            Clusters = One("cluster")?.Split(',') ?? [],
            Weights = One("weights"),
            Fpc = One("fpc")?.Split(',') ?? [],
            Nest = opts.ContainsKey("nest"),
            WithReplacement = opts.ContainsKey("with-replacement"),
            Lonely = One("lonely") switch
            {
                null or "fail" => LonelyPsu.Fail,
                "certainty" => LonelyPsu.Certainty,
                "adjust" => LonelyPsu.Adjust,
                "average" => LonelyPsu.Average,
                var other => throw new ArgumentException($"Unknown --lonely '{other}'."),
            },
            Statistic = statistic,
            Variable = One(statistic)!,
            Quantiles = One("quantiles") is { } q ? Numbers("quantiles", q) : [0.5],
            QuantileRule = One("qrule") switch
            {
                null or "math" => QuantileRule.Math,
                "school" => QuantileRule.School,
                var other => throw new ArgumentException($"Unknown --qrule '{other}' (math or school)."),
            },
            By = One("by"),
            Level = One("level") is { } lv ? Number("level", lv) : 0.95,
            Ci = ci,
            PostStratify = One("poststratify") is { } ps ? Margin("poststratify", ps) : null,
            Rake = opts.TryGetValue("rake", out var rakes) ? [.. rakes.Select(r => Margin("rake", r))] : [],
            RakeMaxIterations = One("rake-maxit") is { } rm ? Integer("rake-maxit", rm) : 10,
            RakeEpsilon = One("rake-epsilon") is { } re ? Number("rake-epsilon", re) : 1,
            CalibrateTerms = One("calibrate")?.Split(',') ?? [],
            Totals = One("totals") is { } t ? Numbers("totals", t) : [],
            CalibrateBounds = One("calibrate-bounds") is { } cb ? Bounds(cb) : null,
            Replicates = One("replicates") is { } rk
                ? (rk is "jk1" or "jkn" or "brr" or "bootstrap" ? rk : throw new ArgumentException($"Unknown --replicates '{rk}' (jk1, jkn, brr or bootstrap)."))
                : null,
            FayRho = One("fay-rho") is { } rho ? Number("fay-rho", rho) : null,
            BootstrapReplicates = One("bootstrap-replicates") is { } bb ? Integer("bootstrap-replicates", bb) : 500,
            Seed = One("seed") is { } sd ? Integer("seed", sd) : 1,
            Mse = opts.ContainsKey("mse"),
            RepWeights = One("repweights"),
            RepWeightsType = One("repweights-type") is { } rt
                ? (rt is "jk1" or "jkn" or "brr" or "fay" or "bootstrap" or "other" ? rt : throw new ArgumentException($"Unknown --repweights-type '{rt}' (jk1, jkn, brr, fay, bootstrap or other)."))
                : null,
            Scale = One("scale") is { } sc ? Number("scale", sc) : null,
            ReplicateScales = One("rscales") is { } rs ? Numbers("rscales", rs) : null,
        };

        if (result.Level is not (> 0 and < 1))
        {
            throw new ArgumentException("--level must be between 0 and 1.");
        }

        if (result.Quantiles.Any(p => p is < 0 or > 1))
        {
            throw new ArgumentException("--quantiles must be between 0 and 1.");
        }

        if (result.FayRho is { } f && (f is < 0 or >= 1 || !(result.Replicates == "brr" || result.RepWeightsType == "fay")))
        {
            throw new ArgumentException("--fay-rho (0 ≤ ρ < 1) goes with --replicates brr or --repweights-type fay.");
        }

        if (result.RepWeightsType == "fay" && result.FayRho is null)
        {
            throw new ArgumentException("--repweights-type fay needs --fay-rho.");
        }

        if (result.Statistic == "quantile" && result.UsesReplicates)
        {
            throw new ArgumentException("--quantile uses the Woodruff interval of the linearised design; it does not take replicate weights.");
        }

        if (result.RepWeights is not null && (result.Strata is not null || result.Clusters.Count > 0 || result.Fpc.Count > 0))
        {
            throw new ArgumentException("With --repweights the replicate columns carry the design: give --weights only, not --strata, --cluster or --fpc.");
        }

        return result;
    }

    private static double Number(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new ArgumentException($"--{option}: '{text}' is not a number.");

    private static int Integer(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v
            : throw new ArgumentException($"--{option}: '{text}' is not a positive whole number.");

    private static double[] Numbers(string option, string text) => [.. text.Split(',').Select(s => Number(option, s.Trim()))];

    private static (double, double) Bounds(string text)
    {
        var b = Numbers("calibrate-bounds", text);
        return b.Length == 2 && b[0] < 1 && b[1] > 1
            ? (b[0], b[1])
            : throw new ArgumentException("--calibrate-bounds takes LOWER,UPPER with LOWER < 1 < UPPER.");
    }

    // COL:LEVEL=N,LEVEL=N (a level may itself contain '=', so the count is after the last one).
    private static PopulationMargin Margin(string option, string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new ArgumentException($"--{option} takes COL:LEVEL=N,LEVEL=N,... (got '{text}').");
        }

        var counts = new List<(string, double)>();
        foreach (var part in text[(colon + 1)..].Split(','))
        {
            var eq = part.LastIndexOf('=');
            if (eq <= 0)
            {
                throw new ArgumentException($"--{option}: '{part}' is not LEVEL=N.");
            }

            counts.Add((part[..eq].Trim(), Number(option, part[(eq + 1)..].Trim())));
        }

        if (counts.Select(c => c.Item1).Distinct(StringComparer.Ordinal).Count() != counts.Count)
        {
            throw new ArgumentException($"--{option}: a level is given twice.");
        }

        return new PopulationMargin(text[..colon], counts);
    }
}
