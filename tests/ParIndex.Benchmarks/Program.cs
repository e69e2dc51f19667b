using System.Diagnostics;
using BenchmarkDotNet.Running;
using ParIndex.Benchmarks;
using ParIndex.Core.Sampling;

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
BenchmarkSwitcher.FromAssembly(typeof(StratifiedPpsDrawBenchmarks).Assembly).Run(args);
return 0;
