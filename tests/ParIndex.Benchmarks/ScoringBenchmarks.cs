using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace ParIndex.Benchmarks;

/// <summary>
/// Scoring a generated round of 1,000,000 responses (see <see cref="ScoringRound"/>), and one estimator side by side
/// with R: ParIndex's SurveyDesign + Mean per unit domain against R survey's svydesign + svyby(~y, ~unit, svymean)
/// on the same rows (tools/r/scoring_bench.R, run by Rscript in the same benchmark run; R's own system.time is
/// printed too, so the ratio can be taken without R's start-up and data load).
/// </summary>
[MemoryDiagnoser]
[MedianColumn, MinColumn, MaxColumn]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ScoringBenchmarks
{
    private ScoringRound round = null!;
    private double[] y = [];
    private string rds = "";

    [GlobalSetup]
    public void Setup()
    {
        round = ScoringRound.Generate();
        round.WriteJson();
        y = round.TopBoxItem1();
        var dir = Path.Combine(Path.GetTempPath(), "parindex-scoring-bench");
        Directory.CreateDirectory(dir);
        var csv = Path.Combine(dir, "scoring-1m.csv");
        rds = Path.Combine(dir, "scoring-1m.rds");
        round.WriteCsv(csv, y);
        // Convert once to .rds so each R iteration loads the data in well under a second.
        RunR(csv, 1, rds);
    }

    [Benchmark(Description = "score round: 1M responses x 40 items (answers JSON), 150 units, 7 groups (estimates + SEs, points, SIPAS, ranks)")]
    public int ScoreRound() => round.ScoreFromJson(out _).Units.Count;

    [Benchmark(Description = "ParIndex svyby-equivalent: design + 150 unit domain means with SE, 1M rows")]
    public double SvybyUnits() => round.SvybyUnits(y).StandardError;

    [Benchmark(Description = "R survey svydesign + svyby(~y, ~unit, svymean), 1M rows (Rscript incl. start-up, readRDS)")]
    public string RSvyby() => RunR(rds, 1, null);

    public static string RunR(string data, int reps, string? saveRds)
    {
        var start = new ProcessStartInfo("Rscript") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepoRoot(), "tools", "r", "scoring_bench.R"));
        start.ArgumentList.Add(data);
        start.ArgumentList.Add(reps.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (saveRds is not null) start.ArgumentList.Add(saveRds);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"Rscript failed: {error}");
        Console.WriteLine(output.Trim());
        return output;
    }

    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ParIndex.sln"))) return d.FullName;
        return Environment.GetEnvironmentVariable("PARINDEX_ROOT") ?? Directory.GetCurrentDirectory();
    }
}
