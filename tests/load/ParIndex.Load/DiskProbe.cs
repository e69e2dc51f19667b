using System.Diagnostics;
using System.Globalization;

/// <summary>
/// The disk probe beside every measured run: tests/load/fsync_stalls.py in <c>--wal-only</c> mode at 0.4 MiB/s (a small
/// appending writer, a fiftieth of what SQLite's WAL takes at 2,000 submissions/s) in the temporary folder, on the disk the
/// database is on, logging every fsync with its start time. It says when the disk itself stalled, whatever ParIndex did.
/// <para>
/// <b>Disk stall</b>: a probe fsync that took longer than <see cref="StallThreshold"/> (200 ms, the latency target: a disk
/// that holds one small write that long can by itself push a commit past the target). <b>Stalled window</b>: the measured
/// period is cut into one-second windows by each submission's scheduled start; window [t, t + 1 s) is stalled when a stall
/// [s, s + d] overlaps [t − 200 ms, t + 1 s + 200 ms] — widened by the target on both sides, because a submission started in
/// the window is in flight for up to the target after it, and one started just after a stall still waits behind the
/// commits the stall held up. The harness reports p99 over every submission and over those started in windows without a
/// stall (what the node controls), with the number of stalled windows.
/// </para>
/// </summary>
internal sealed class DiskProbe : IDisposable
{
    public static readonly TimeSpan StallThreshold = TimeSpan.FromMilliseconds(200);

    private readonly Process? process;
    private readonly string trace;

    private DiskProbe(Process? process, string trace)
    {
        this.process = process;
        this.trace = trace;
    }

    /// <summary>Starts the probe for <paramref name="seconds"/>; a machine without python3 or the script gets no probe (reported as such).</summary>
    public static DiskProbe Start(double seconds)
    {
        var trace = Path.Combine(Path.GetTempPath(), $"parindex-fsync-{Guid.NewGuid():N}.txt");
        var script = FindScript();
        if (script is null) return new DiskProbe(null, trace);
        try
        {
            var psi = new ProcessStartInfo("python3", [script, seconds.ToString("F0", CultureInfo.InvariantCulture), "0.4", "--wal-only", "--trace", trace])
            { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            var p = Process.Start(psi)!;
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            return new DiskProbe(p, trace);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new DiskProbe(null, trace);
        }
    }

    /// <summary>True when the probe ran.</summary>
    public bool Running => process is not null;

    /// <summary>Stops the probe and returns every fsync it timed: (start, Unix seconds; duration, seconds).</summary>
    public List<(double Start, double Duration)> Stop()
    {
        if (process is not null && !process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        var fsyncs = new List<(double, double)>();
        if (!File.Exists(trace)) return fsyncs;
        foreach (var line in File.ReadLines(trace))
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out var s) && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var d))
                fsyncs.Add((s, d));
        }
        return fsyncs;
    }

    /// <summary>
    /// Which one-second windows of the measured period (starting at <paramref name="measureStart"/>, Unix seconds) are
    /// stalled, by the rule in the class summary.
    /// </summary>
    public static bool[] StalledWindows(IEnumerable<(double Start, double Duration)> fsyncs, double measureStart, int seconds)
    {
        var stalled = new bool[seconds];
        var margin = StallThreshold.TotalSeconds;
        foreach (var (s, d) in fsyncs.Where(f => f.Duration > StallThreshold.TotalSeconds))
        {
            for (var k = 0; k < seconds; k++)
            {
                var from = measureStart + k - margin;
                var to = measureStart + k + 1 + margin;
                if (s <= to && s + d >= from) stalled[k] = true;
            }
        }
        return stalled;
    }

    public void Dispose()
    {
        if (process is not null)
        {
            if (!process.HasExited) process.Kill();
            process.Dispose();
        }
        try { File.Delete(trace); } catch (IOException) { }
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "load", "fsync_stalls.py");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
