using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ParIndex.Core.Sampling;
using ParIndex.Core.Tests.Sampling;

namespace ParIndex.Benchmarks;

/// <summary>
/// Stratified πps draw from a generated 10,000,000-row frame (126 strata, n_h = 100, reserve ⌈0.5·n_h⌉):
/// capped inclusion probabilities per stratum, then the selection, then the ordered reserve list.
/// Monitoring strategy: every iteration is one full draw (no averaging of micro-invocations).
/// </summary>
[MemoryDiagnoser]
[MedianColumn, MinColumn, MaxColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 7)]
public class StratifiedPpsDrawBenchmarks
{
    private LargeFrame _frame = null!;

    [Params(10_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup() => _frame = LargeFrame.Generate(Rows);

    [Benchmark(Description = "pps-systematic, 10M rows, 126 strata")]
    public int PpsSystematic() =>
        StratifiedSampler.Draw(_frame.Sizes, _frame.Stratum, _frame.SampleSizes, SelectionMethod.PpsSystematic, new SamplingRandom(20261123), 0.5).Selected.Length;

    [Benchmark(Description = "pps-brewer, 10M rows, 126 strata")]
    public int PpsBrewer() =>
        StratifiedSampler.Draw(_frame.Sizes, _frame.Stratum, _frame.SampleSizes, SelectionMethod.PpsBrewer, new SamplingRandom(20261123), 0.5).Selected.Length;
}
