using System.Globalization;
using ParIndex.Core.Sampling;

namespace ParIndex.Cli.Commands;

/// <summary>
/// <c>parindex sample …</c>: sample sizes, draws and the demo frames. Arguments are those after the word
/// <c>sample</c>. Exit codes: 0 done, 1 usage or design error, 2 the frame has validation errors.
/// </summary>
public static class SampleCommands
{
    private const string Usage = """
        parindex sample size --formula yamane|cochran-proportion|cochran-mean --N <population> --margin <e>
                             [--confidence 0.95] [--p 0.5] [--sd <S>] [--deff 1] [--response-rate 1]
        parindex sample size --frame <file> --formula … --margin <e> [--design <design.yaml>]   (table per unit × group)
        parindex sample draw --design sampling/<design>.yaml --frame <file.csv|file.xlsx> --seed <n>
                             [--out <sample.csv>] [--reserve-out <reserve.csv>] [--clean-rows-only]
        parindex sample demo-frames --out-dir <folder> [--seed 2026]
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help") { stdout.WriteLine(Usage); return args.Length == 0 ? 1 : 0; }
        try
        {
            var options = Options(args.Skip(1).ToArray());
            return args[0] switch
            {
                "size" => Size(options, stdout, stderr),
                "draw" => Draw(options, stdout, stderr),
                "demo-frames" => DemoFrameFiles(options, stdout),
                _ => Fail(stderr, $"Unknown command 'sample {args[0]}'.\n{Usage}"),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or KeyNotFoundException or IOException or InvalidOperationException or YamlDotNet.Core.YamlException or UnauthorizedAccessException)
        {
            return Fail(stderr, e.Message);
        }
    }

    private static int Size(Dictionary<string, string> o, TextWriter stdout, TextWriter stderr)
    {
        var formula = SizeFormulaDesign.ParseFormula(Get(o, "formula", "cochran-proportion"));
        SampleSizeSpec Spec(int n) => new(formula, n, D(o, "margin", 0.05), D(o, "confidence", 0.95), D(o, "p", 0.5),
            D(o, "sd", 0), D(o, "deff", 1), D(o, "response-rate", 1));
        if (!o.TryGetValue("frame", out var framePath))
        {
            if (!o.ContainsKey("N")) return Fail(stderr, "Give --N <population size> or --frame <file>.");
            var r = SampleSize.Compute(Spec(int.Parse(o["N"], CultureInfo.InvariantCulture)));
            stdout.WriteLine(Explain(r));
            return 0;
        }
        var design = o.TryGetValue("design", out var dp) ? SampleDesign.Load(dp) : null;
        var import = FrameImporter.Import(framePath, new FrameImportOptions { ImportCleanRowsOnly = o.ContainsKey("clean-rows-only") });
        if (import.Frame is null) return Report(import, stderr);
        var groups = design?.Groups.Count > 0 ? design.Groups.ToHashSet(StringComparer.OrdinalIgnoreCase) : null;
        var cells = import.Frame.Records.Where(r => groups is null || groups.Contains(r.GroupCode))
            .GroupBy(r => (r.UnitCode, r.GroupCode)).OrderBy(g => g.Key.UnitCode, StringComparer.Ordinal).ThenBy(g => g.Key.GroupCode, StringComparer.Ordinal)
            .Select(g => (g.Key.UnitCode, g.Key.GroupCode, g.Count()));
        stdout.WriteLine("unit,group,N,required,completed,issued,census");
        foreach (var c in SampleSize.Table(cells, Spec(1)))
            stdout.WriteLine(string.Join(',', c.Unit, c.Group, c.Result.Spec.PopulationSize, F(c.Result.Required), c.Result.Completed, c.Result.Issued, c.Result.CappedAtPopulation ? "yes" : "no"));
        return 0;
    }

    private static string Explain(SampleSizeResult r)
    {
        var s = r.Spec;
        var lines = new List<string>();
        switch (s.Formula)
        {
            case SampleSizeFormula.Yamane:
                lines.Add($"Yamane: n = N / (1 + N·e²) = {s.PopulationSize} / (1 + {s.PopulationSize}·{F(s.Margin)}²) = {F(r.WithDesignEffect / s.DesignEffect)}");
                break;
            case SampleSizeFormula.CochranProportion:
                lines.Add($"Cochran (proportion): n0 = z²·p(1−p)/e² = {F(r.Z)}²·{F(s.Proportion)}·{F(1 - s.Proportion)}/{F(s.Margin)}² = {F(r.N0)}");
                break;
            case SampleSizeFormula.CochranMean:
                lines.Add($"Cochran (mean): n0 = z²·S²/e² = {F(r.Z)}²·{F(s.StdDev)}²/{F(s.Margin)}² = {F(r.N0)}");
                break;
        }
        if (s.DesignEffect != 1) lines.Add($"design effect: × {F(s.DesignEffect)} = {F(r.WithDesignEffect)}");
        if (s.Formula != SampleSizeFormula.Yamane) lines.Add($"finite population correction: n = n0 / (1 + (n0 − 1)/N), N = {s.PopulationSize}: {F(r.Required)}");
        lines.Add($"completed questionnaires needed (rounded up): {r.Completed}");
        lines.Add($"issued with response rate {F(s.ResponseRate)} (rounded up, at most N): {r.Issued}{(r.CappedAtPopulation ? " — census of the group" : "")}");
        return string.Join(Environment.NewLine, lines);
    }

    private static int Draw(Dictionary<string, string> o, TextWriter stdout, TextWriter stderr)
    {
        if (!o.TryGetValue("design", out var designPath) || !o.TryGetValue("frame", out var framePath))
            return Fail(stderr, "draw needs --design <file.yaml> and --frame <file>.");
        var design = SampleDesign.Load(designPath);
        int seed;
        if (o.TryGetValue("seed", out var seedText)) seed = int.Parse(seedText, CultureInfo.InvariantCulture);
        else if (design.Seed is { } s) seed = s;
        else return Fail(stderr, "Give --seed <n> (or a seed in the design file): every draw must be reproducible.");

        var catalogue = design.LoadCatalogue(designPath);
        var import = FrameImporter.Import(framePath, new FrameImportOptions
        {
            KnownUnits = design.Units.Count > 0 ? design.Units : catalogue?.Units.Keys,
            KnownGroups = catalogue?.Groups.Keys,
            UnitOptionalGroups = catalogue?.RatesManyUnits,
            RequireSizeMeasure = design.NeedsSizeMeasure,
            RequiredStrata = design.FrameStrataColumns,
            ImportCleanRowsOnly = o.ContainsKey("clean-rows-only"),
        });
        if (import.Frame is null) return Report(import, stderr);
        if (import.Errors.Count > 0) Report(import, stderr);

        var draw = SampleDrawer.Draw(import.Frame, design, seed);
        var summary = o.ContainsKey("out") ? stdout : stderr;
        if (o.TryGetValue("out", out var outPath))
        {
            using var w = new StreamWriter(outPath, false, SampleCsv.Utf8WithBom);
            SampleCsv.WriteSample(draw, w);
        }
        else
        {
            stdout.Write('\uFEFF');
            SampleCsv.WriteSample(draw, stdout);
        }
        if (o.TryGetValue("reserve-out", out var reservePath))
        {
            using var w = new StreamWriter(reservePath, false, SampleCsv.Utf8WithBom);
            SampleCsv.WriteReserve(draw, w);
        }
        summary.WriteLine($"design {draw.DesignName}; seed {draw.Seed}; {draw.RandomAlgorithm}; frame {draw.FrameVersion} ({draw.FrameRows} rows)");
        foreach (var st in draw.Strata)
            summary.WriteLine($"  {st.Stratum}: {st.SampleUnits} of {st.PopulationUnits} first-stage units, {st.Members} members, {st.Reserves} in reserve");
        summary.WriteLine($"total: {draw.Members.Count} members, {draw.Reserve.Count} in reserve");
        return 0;
    }

    private static int DemoFrameFiles(Dictionary<string, string> o, TextWriter stdout)
    {
        var dir = Get(o, "out-dir", "sampling");
        var seed = (int)D(o, "seed", 2026);
        Directory.CreateDirectory(dir);
        foreach (var (name, frame) in new[] { ("frame-xa-dan.csv", DemoFrames.Citizens(seed)), ("frame-officials.csv", DemoFrames.Officials(seed)), ("frame-so-dan.csv", DemoFrames.ServiceUsers(seed)) })
        {
            var path = Path.Combine(dir, name);
            using (var w = new StreamWriter(path, false, SampleCsv.Utf8WithBom)) SampleCsv.WriteFrame(frame, w);
            stdout.WriteLine($"{path}: {frame.Count} rows");
        }
        return 0;
    }

    private static int Report(FrameImportResult import, TextWriter stderr)
    {
        stderr.WriteLine($"Frame has {import.Errors.Count} problem(s); {(import.Frame is null ? "nothing imported" : $"{import.Frame.Count} clean rows imported")}:");
        foreach (var e in import.Errors.Take(200)) stderr.WriteLine("  " + e);
        if (import.Errors.Count > 200) stderr.WriteLine($"  … và {import.Errors.Count - 200} lỗi khác / and {import.Errors.Count - 200} more.");
        return 2;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new FormatException($"Unexpected argument '{args[i]}'.");
            var key = args[i][2..];
            if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) o[key] = args[++i];
            else o[key] = "true";
        }
        return o;
    }

    private static string Get(Dictionary<string, string> o, string key, string fallback) => o.TryGetValue(key, out var v) ? v : fallback;

    private static double D(Dictionary<string, string> o, string key, double fallback) =>
        o.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private static string F(double x) => x.ToString("0.######", CultureInfo.InvariantCulture);

    private static int Fail(TextWriter stderr, string message) { stderr.WriteLine(message); return 1; }
}
