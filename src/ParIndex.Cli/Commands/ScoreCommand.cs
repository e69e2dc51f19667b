using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Scoring;

namespace ParIndex.Cli.Commands;

/// <summary>
/// <c>parindex score --round ID [--out DIR] [--db CONN]</c>: runs the scoring of a round (a stored score run, as from the
/// web page) and writes the index exports (CSV with BOM and XLSX), the cell table, the response data (long form) with
/// its codebook, the run's JSON and a Markdown report into DIR (default <c>score-round-ID</c>).
/// </summary>
public static class ScoreCommand
{
    public static async Task<int> Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CliArgs(args);
        if (!int.TryParse(a.Require("round"), NumberStyles.None, CultureInfo.InvariantCulture, out var roundId))
            throw new CliException("--round must be a round id (see parindex round list)");
        var dir = a.Get("out") ?? $"score-round-{roundId}";
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
        await using (var f = File.Create(Path.Combine(dir, "responses-long.csv"))) await DataExports.WriteLongAsync(db, roundId, f, ct);
        await using (var f = File.Create(Path.Combine(dir, "codebook.csv"))) await DataExports.WriteCodebookAsync(db, roundId, f, ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "run.json"), JsonSerializer.Serialize(new
        {
            run.Id, run.RoundId, run.ConfigVersion, run.InputHash, run.Engine, run.ResponseCount, run.RowCount, run.CreatedBy, run.CreatedAt, run.DurationSeconds, result,
        }, ScoringInputs.Json), ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "report.md"), ScoreReportText.Markdown(round.Name, run, result), ct);
        var ranked = result.Units.Count(u => u.Rank is not null);
        stdout.WriteLine($"Score run {run.Id}: {run.ResponseCount} responses, {result.Units.Count} units ({ranked} ranked), input hash {run.InputHash}, {run.DurationSeconds:F2} s.");
        stdout.WriteLine($"Wrote index.csv, index.xlsx, cells.csv, responses-long.csv, codebook.csv, run.json, report.md to {Path.GetFullPath(dir)}");
        if (result.Warnings.Count > 0) stderr.WriteLine($"{result.Warnings.Count} warnings (see report.md).");
        return 0;
    }
}
