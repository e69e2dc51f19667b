using System.Diagnostics;
using BenchmarkDotNet.Running;
using ParIndex.Benchmarks;
using ParIndex.Core.Sampling;
using ParIndex.Core.Tests.Sampling;

// `--draw-10m [method] [runs]`: the documented CLI run (docs/benchmarks.md § Sampling): generate the
// frame once, then time `runs` complete draws and print each, the median, and the GC's peak.
// Anything else goes to BenchmarkDotNet (e.g. --filter '*StratifiedPps*').
if (args.Length > 0 && args[0] == "--draw-10m")
{
    var method = args.Length > 1 ? SelectionMethodExtensions.Parse(args[1]) : SelectionMethod.PpsSystematic;
    var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    var clock = Stopwatch.StartNew();
    var frame = LargeFrame.Generate();
    Console.WriteLine($"generated {frame.Sizes.Length:N0} rows, {frame.SampleSizes.Length} strata in {clock.Elapsed.TotalSeconds:F2} s");
    var times = new List<double>();
    for (var r = 0; r < runs; r++)
    {
        clock.Restart();
        var result = StratifiedSampler.Draw(frame.Sizes, frame.Stratum, frame.SampleSizes, method, new SamplingRandom(20261123 + r), 0.5);
        times.Add(clock.Elapsed.TotalSeconds);
        Console.WriteLine($"run {r + 1}: {method.ToDesignName()} selected {result.Selected.Length:N0}, reserve {result.Reserve.Length:N0} in {times[^1]:F3} s");
    }
    times.Sort();
    Console.WriteLine($"median draw: {times[times.Count / 2]:F3} s over {runs} runs");
    Console.WriteLine($"process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB; GC total allocated {GC.GetTotalAllocatedBytes() / 1048576.0:F0} MiB");
    return 0;
}
// `--score-1m [runs]`: the documented scoring run (docs/benchmarks.md § Scoring): generate the 1M-response round,
// time `runs` full scorings and the svyby-equivalent, then R's svyby on the same rows (timed inside R), and print the ratio.
if (args.Length > 0 && args[0] == "--score-1m")
{
    var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
    var clock = Stopwatch.StartNew();
    var rowsToScore = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
    var round = ScoringRound.Generate(rowsToScore);
    round.WriteJson();
    Console.WriteLine($"generated {round.Unit.Length:N0} responses x {ScoringRound.Items} items ({round.Json.Length / 1048576.0:F0} MiB of answers JSON) in {clock.Elapsed.TotalSeconds:F2} s");
    if (args.Contains("--compare"))
    {
        // The JSON fast path must give byte-for-byte the result of the old per-row dictionary path.
        clock.Restart();
        var slow = System.Text.Json.JsonSerializer.Serialize(round.Score(out var slowBuild), ParIndex.Benchmarks.BenchJson.Options);
        Console.WriteLine($"dictionary path: {clock.Elapsed.TotalSeconds:F3} s (answers -> columns {slowBuild:F3} s)");
        clock.Restart();
        var fast = System.Text.Json.JsonSerializer.Serialize(round.ScoreFromJson(out var fastBuild), ParIndex.Benchmarks.BenchJson.Options);
        Console.WriteLine($"JSON path: {clock.Elapsed.TotalSeconds:F3} s (answers -> columns {fastBuild:F3} s)");
        Console.WriteLine(slow == fast ? $"results identical ({slow.Length:N0} chars of JSON)" : "RESULTS DIFFER");
        if (slow != fast) return 1;
    }
    var score = new List<double>();
    var svyby = new List<double>();
    var y = round.TopBoxItem1();
    (double Estimate, double StandardError) first = default;
    for (var r = 0; r < runs; r++)
    {
        clock.Restart();
        var result = round.ScoreFromJson(out var build);
        score.Add(clock.Elapsed.TotalSeconds);
        Console.WriteLine($"  answers -> scores -> columns: {build:F3} s; estimation: {score[^1] - build:F3} s");
        clock.Restart();
        first = round.SvybyUnits(y);
        svyby.Add(clock.Elapsed.TotalSeconds);
        Console.WriteLine($"run {r + 1}: score {score[^1]:F3} s ({result.Units.Count} units, {result.Cells.Count:N0} cells); svyby-equivalent {svyby[^1]:F3} s");
    }
    score.Sort();
    svyby.Sort();
    Console.WriteLine($"median score: {score[runs / 2]:F3} s; median svyby-equivalent: {svyby[runs / 2]:F3} s; first unit {first.Estimate:R} (SE {first.StandardError:R})");
    Console.WriteLine($"process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
    if (args.Contains("--no-r")) return 0;
    var dir = Path.Combine(Path.GetTempPath(), "parindex-scoring-bench");
    Directory.CreateDirectory(dir);
    var csv = Path.Combine(dir, "scoring-1m.csv");
    round.WriteCsv(csv, y);
    var output = ScoringBenchmarks.RunR(csv, 3, null);
    var median = output.Split('\n').First(l => l.StartsWith("R_SVYBY_MEDIAN=", StringComparison.Ordinal))["R_SVYBY_MEDIAN=".Length..];
    var rMedian = double.Parse(median, System.Globalization.CultureInfo.InvariantCulture);
    Console.WriteLine($"ratio R svyby / ParIndex svyby-equivalent: {rMedian / svyby[runs / 2]:F1}x");
    return 0;
}
// `--score-db [runs] [rows] [--regenerate] [--split]`: the database path of `parindex score` (docs/benchmarks.md § Scoring):
// the generated round written into SQLite once, then `runs` timed load + score + store runs and their median.
if (args.Length > 0 && args[0] == "--score-db") return await ScoringDatabase.RunAsync(args);
// `--write-frame <rows> <path>`: a synthetic citizens' frame as CSV (11 demo units, 40 villages each).
if (args.Length == 3 && args[0] == "--write-frame")
{
    var rows = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
    var units = DemoFrames.Units.Keys.ToArray();
    var rng = new SamplingRandom(1);
    var records = new List<FrameRecord>(rows);
    for (var i = 0; i < rows; i++)
    {
        var unit = units[rng.NextInt(units.Length)];
        records.Add(new FrameRecord
        {
            Id = $"H{i:D8}", Name = $"Nguyễn Văn {i % 97}", Phone = $"0999{rng.NextInt(1_000_000):D6}", Email = $"h{i}@example.com",
            Address = $"Số {i % 300} phố Huế", GroupCode = "XA-DAN", UnitCode = unit, SizeMeasure = 1 + rng.NextInt(9),
            Cluster1 = unit, Cluster2 = $"T{i % 40:D2}",
        });
    }
    using var w = new StreamWriter(args[2], false, SampleCsv.Utf8WithBom);
    SampleCsv.WriteFrame(new Frame(records), w);
    Console.WriteLine($"wrote {rows:N0} rows to {args[2]}");
    return 0;
}

// `--import-draw <frame.csv> <design.yaml> <seed>`: what `parindex sample draw` does, timed:
// import and validate the whole file against the design's catalogue, then draw.
if (args.Length == 4 && args[0] == "--import-draw")
{
    var clock = Stopwatch.StartNew();
    var design = SampleDesign.Load(args[2]);
    var catalogue = design.LoadCatalogue(args[2]);
    var import = FrameImporter.Import(args[1], new FrameImportOptions
    {
        KnownGroups = catalogue?.Groups.Keys, KnownUnits = catalogue?.Units.Keys, RequireSizeMeasure = design.NeedsSizeMeasure,
    });
    var imported = clock.Elapsed.TotalSeconds;
    if (import.Frame is null) { Console.WriteLine($"{import.Errors.Count} errors, first: {import.Errors[0]}"); return 2; }
    var draw = SampleDrawer.Draw(import.Frame, design, int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
    Console.WriteLine($"imported {import.Frame.Count:N0} rows in {imported:F2} s; drew {draw.Members.Count:N0} + {draw.Reserve.Count:N0} reserve in {clock.Elapsed.TotalSeconds - imported:F2} s; total {clock.Elapsed.TotalSeconds:F2} s");
    Console.WriteLine($"process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(StratifiedPpsDrawBenchmarks).Assembly).Run(args);
return 0;
