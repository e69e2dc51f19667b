using System.Diagnostics;
using ParIndex.Web.Tests.ScaleOut;
using Xunit.Abstractions;

namespace ParIndex.Web.Tests.Load;

/// <summary>
/// The city-scale harness (tests/load/city.sh, docs/benchmarks.md § City-scale run) at its short scale, so it never rots:
/// every step of the year runs against the real server, real SMTP and headless Chromium, and its count checks pass.
/// </summary>
public sealed class CityRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_city_scale_harness_runs_every_step_of_a_year_at_small_scale_and_its_counts_check()
    {
        var serverDll = AppNode.ServerDll();
        var loadDll = Path.Combine(Path.GetDirectoryName(serverDll)!.Replace(Path.Combine("src", "ParIndex.Web"), Path.Combine("tests", "load", "ParIndex.Load"), StringComparison.Ordinal), "ParIndex.Load.dll");
        Assert.True(File.Exists(loadDll), $"{loadDll} is built with the solution");
        var psi = new ProcessStartInfo("dotnet", [loadDll, "--city", "--small", "--runs", "1"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(loadDll)!,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        var text = await stdout;
        output.WriteLine(text);
        output.WriteLine(await stderr);

        Assert.True(process.ExitCode == 0, text);
        foreach (var step in new[] { "frame import", "draw", "issue personal links", "link list export", "letters PDF", "e-mail campaign", "ingest responses",
                     "live monitor", "scoring run", "export: long CSV", "public results pages" })
            Assert.Contains("| " + step, text);
        Assert.Contains("every dashboard heard every response: yes", text);
        Assert.DoesNotContain("FAILED", text);
    }
}
