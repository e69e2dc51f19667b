using Xunit.Abstractions;

namespace ParIndex.Web.Tests.Reliability;

/// <summary>
/// Runs <see cref="CrashHarness"/>: 3 trials in the default suite; <c>tests/crash/run.sh N</c> sets
/// <c>PARINDEX_CRASH_TRIALS=N</c> for the long run. Prints one line per trial.
/// </summary>
[Collection(ParIndex.Web.Tests.ScaleOut.RealServersCollection.Name)]
public sealed class CrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_server_mid_load_loses_no_acknowledged_submission_and_duplicates_none()
    {
        var trials = int.TryParse(Environment.GetEnvironmentVariable("PARINDEX_CRASH_TRIALS"), out var n) ? n : 3;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PARINDEX_CRASH_SEED"), out var s) ? s : Environment.TickCount;
        var log = new StringWriter();
        using var harness = new CrashHarness(log);

        var results = await harness.Run(trials, seed);

        var summary = $"seed {seed}: {results.Count} trials, {results.Sum(r => r.Acknowledged)} acknowledged, {results.Sum(r => r.InFlight)} in flight at the kill, "
                      + $"{results.Sum(r => r.Lost)} lost, {results.Sum(r => r.Duplicated)} duplicated, {results.Sum(r => r.Corrupt)} corrupt";
        output.WriteLine(log.ToString());
        output.WriteLine(summary);
        Console.WriteLine("CRASH TEST " + summary);
        Assert.Equal(trials, results.Count);
        Assert.True(results.Sum(r => r.Acknowledged) > 0, "no submission was acknowledged before the kills: the test proved nothing\n" + log);
        Assert.All(results, r =>
        {
            Assert.True(r.Lost == 0, $"trial {r.Trial}: {r.Lost} acknowledged submissions lost\n{log}");
            Assert.True(r.Duplicated == 0, $"trial {r.Trial}: {r.Duplicated} duplicated");
            Assert.True(r.Corrupt == 0, $"trial {r.Trial}: {r.Corrupt} not intact\n{log}");
        });
    }
}
