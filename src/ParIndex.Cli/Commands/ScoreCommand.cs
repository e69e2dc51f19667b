using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Scoring;

namespace ParIndex.Cli.Commands;

/// <summary>
/// <c>parindex score --round ID [--out DIR] [--db CONN] [--export long,wide,xlsx]</c>: runs the scoring of a round (a
/// stored score run, as from the web page) and writes the index (CSV with BOM and XLSX), the cell table, the run's JSON
/// and a Markdown report into DIR (default <c>score-round-ID</c>). The response data — gigabytes for a city-scale round —
/// is written only when asked: <c>long</c> (responses-long.csv), <c>wide</c> (responses-wide-GROUP.csv per respondent
/// group), <c>xlsx</c> (responses-long.xlsx); each comes with codebook.csv.
/// </summary>
public static class ScoreCommand
{
    public static async Task<int> Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CliArgs(args);
        if (!int.TryParse(a.Require("round"), NumberStyles.None, CultureInfo.InvariantCulture, out var roundId))
            throw new CliException("--round must be a round id (see parindex round list)");
        var dir = a.Get("out") ?? $"score-round-{roundId}";
        var exports = Exports(a.Get("export"));
        await using var db = await CliDatabase.OpenExistingAsync(a);
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId)
            ?? throw new CliException($"no round {roundId} (see parindex round list)");
        var ct = CancellationToken.None;
        var run = await RunScoring.Handle(db, roundId, $"cli:{Environment.UserName}", DateTime.UtcNow, ct);
        var (_, result) = (await RunScoring.LatestAsync(db, roundId, run.Id, ct))!.Value;
        Directory.CreateDirectory(dir);
        var (ih, ir) = ScoringExports.IndexTable(run, result);
        await using (var f = File.Create(Path.Combine(dir, "index.csv"))) await ScoringExports.WriteCsvAsync(f, ih, ir, ct);
        await using (var f = File.Create(Path.Combine(dir, "index.xlsx"))) ScoringExports.WriteXlsx(f, "index", ih, ir);
        var (ch, cr) = ScoringExports.CellTable(run, result);
        await using (var f = File.Create(Path.Combine(dir, "cells.csv"))) await ScoringExports.WriteCsvAsync(f, ch, cr, ct);
        // The layout the city's index system imports (docs/index-system-export.md).
        var indexSystem = IndexSystemExport.Rows(round.Code, round.Year, run, result, await IndexSystemExport.CriteriaAsync(db, roundId, ct));
        await using (var f = File.Create(Path.Combine(dir, "index-system.csv"))) await ScoringExports.WriteCsvAsync(f, [.. IndexSystemExport.Header], indexSystem, ct);
        await using (var f = File.Create(Path.Combine(dir, "index-system.xlsx"))) ScoringExports.WriteXlsx(f, "index_system", [.. IndexSystemExport.Header], indexSystem);
        var (th, tr) = ScoringExports.TargetTable(run, result);
        await using (var f = File.Create(Path.Combine(dir, "targets.csv"))) await ScoringExports.WriteCsvAsync(f, th, tr, ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "run.json"), JsonSerializer.Serialize(new
        {
            run.Id, run.RoundId, run.ConfigVersion, run.InputHash, run.Engine, run.ResponseCount, run.RowCount, run.CreatedBy, run.CreatedAt, run.DurationSeconds, result,
        }, ScoringInputs.Json), ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "report.md"), ScoreReportText.Markdown(round.Name, run, result), ct);
        var written = new List<string> { "index.csv", "index.xlsx", "index-system.csv", "index-system.xlsx", "targets.csv", "cells.csv", "run.json", "report.md" };
        var exported = await WriteExportsAsync(db, roundId, dir, exports, ct);
        written.AddRange(exported.Select(e => e.Name));
        var ranked = result.Units.Count(u => u.Rank is not null);
        stdout.WriteLine($"Score run {run.Id}: {run.ResponseCount} responses, {result.Units.Count} units ({ranked} ranked), input hash {run.InputHash}, {run.DurationSeconds:F2} s.");
        stdout.WriteLine($"Wrote {string.Join(", ", written)} to {Path.GetFullPath(dir)}");
        foreach (var (name, seconds, bytes) in exported)
            stdout.WriteLine(FormattableString.Invariant($"  {name}: {bytes / 1048576.0:F1} MiB in {seconds:F1} s"));
        if (result.Warnings.Count > 0) stderr.WriteLine($"{result.Warnings.Count} warnings (see report.md).");
        return 0;
    }

    /// <summary>The response data exports <c>--export</c> asks for (comma-separated: long, wide, xlsx); none by default.</summary>
    internal static IReadOnlySet<string> Exports(string? option)
    {
        if (option is null) return new HashSet<string>();
        var known = new[] { "long", "wide", "xlsx" };
        var asked = option.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = asked.Except(known).ToArray();
        if (unknown.Length > 0 || asked.Count == 0)
            throw new CliException($"--export takes a comma-separated list of {string.Join(", ", known)} (got '{option}')");
        return asked;
    }

    private static async Task<List<(string Name, double Seconds, long Bytes)>> WriteExportsAsync(ParIndexDbContext db, int roundId, string dir, IReadOnlySet<string> exports, CancellationToken ct)
    {
        var written = new List<(string, double, long)>();
        async Task Write(string name, Func<Stream, Task> write)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var path = Path.Combine(dir, name);
            await using (var f = File.Create(path)) await write(f);
            written.Add((name, clock.Elapsed.TotalSeconds, new FileInfo(path).Length));
        }

        if (exports.Count == 0) return written;
        if (exports.Contains("long")) await Write("responses-long.csv", f => DataExports.WriteLongAsync(db, roundId, f, ct));
        if (exports.Contains("wide"))
        {
            var groups = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).OrderBy(g => g.SortOrder).Select(g => g.Code).ToListAsync(ct);
            foreach (var group in groups) await Write($"responses-wide-{group}.csv", f => DataExports.WriteWideAsync(db, roundId, group, f, ct));
        }
        if (exports.Contains("xlsx")) await Write("responses-long.xlsx", f => DataExports.WriteLongXlsxAsync(db, roundId, f, ct));
        await Write("codebook.csv", f => DataExports.WriteCodebookAsync(db, roundId, f, ct));
        return written;
    }
}
