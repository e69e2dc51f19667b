using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Cli;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Scoring;

/// <summary>Issue 6's "done when": <c>parindex score --round ID</c> on the demo round writes the index, the exports and the report.</summary>
[Collection(AppCollection.Name)]
public sealed class ScoreCommandTests(ParIndexFactory app) : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("parindex-score-").FullName;

    [Fact]
    public async Task Scoring_the_demo_round_from_the_command_line_writes_the_index_the_exports_and_the_report()
    {
        var (roundId, roundName, counted) = await app.WithDb(async db =>
        {
            var round = await db.Rounds.OrderBy(r => r.Id).FirstAsync();
            return (round.Id, round.Name, await db.Responses.CountAsync(r => r.RoundId == round.Id && r.Status == Core.Domain.ResponseStatus.Submitted));
        });
        Assert.True(counted > 0, "the demo round has submitted responses");
        var output = new StringWriter();

        var code = await CliProgram.Run(["score", "--round", roundId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir,
            "--db", $"Data Source={app.DatabasePath}"], output, output);

        Assert.True(code == 0, output.ToString());
        Assert.Contains("Score run ", output.ToString());
        foreach (var name in new[] { "index.csv", "index.xlsx", "cells.csv", "run.json", "report.md" })
            Assert.True(new FileInfo(Path.Combine(dir, name)).Length > 0, $"{name} written");
        // The response data (gigabytes for a city) is written only when asked for with --export.
        foreach (var name in new[] { "responses-long.csv", "codebook.csv", "responses-long.xlsx" })
            Assert.False(File.Exists(Path.Combine(dir, name)), $"{name} not written by default");

        // CSV for Excel: UTF-8 with BOM, one row per unit after the header, the run id on each row.
        var index = await File.ReadAllBytesAsync(Path.Combine(dir, "index.csv"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, index[..3]);
        var run = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "run.json"))).RootElement;
        var runId = run.GetProperty("Id").GetInt64();
        var lines = Encoding.UTF8.GetString(index, 3, index.Length - 3).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var units = await app.WithDb(db => db.Units.CountAsync(u => u.RoundId == roundId));
        Assert.Equal(units + 1, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(runId.ToString(System.Globalization.CultureInfo.InvariantCulture), l));
        Assert.Equal(64, run.GetProperty("InputHash").GetString()!.Length);

        // The workbook opens as a package with a sheet; the report names the round; the run is stored like a web run.
        using (var xlsx = ZipFile.OpenRead(Path.Combine(dir, "index.xlsx")))
            Assert.Contains(xlsx.Entries, e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal));
        Assert.Contains(roundName, await File.ReadAllTextAsync(Path.Combine(dir, "report.md")));
        Assert.True(await app.WithDb(db => db.ScoreRuns.AnyAsync(r => r.Id == runId && r.RoundId == roundId)));
    }

    [Fact]
    public async Task Exports_of_the_response_data_are_written_when_asked_for()
    {
        var (roundId, groups) = await app.WithDb(async db =>
        {
            var round = await db.Rounds.OrderBy(r => r.Id).FirstAsync();
            return (round.Id, await db.RespondentGroups.Where(g => g.RoundId == round.Id).Select(g => g.Code).ToListAsync());
        });
        var output = new StringWriter();

        var code = await CliProgram.Run(["score", "--round", roundId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir,
            "--db", $"Data Source={app.DatabasePath}", "--export", "long,wide,xlsx"], output, output);

        Assert.True(code == 0, output.ToString());
        var expected = new[] { "responses-long.csv", "responses-long.xlsx", "codebook.csv" }.Concat(groups.Select(g => $"responses-wide-{g}.csv"));
        foreach (var name in expected)
        {
            Assert.True(new FileInfo(Path.Combine(dir, name)).Length > 0, $"{name} written");
            Assert.Contains(name, output.ToString());
        }

        var longCsv = await File.ReadAllBytesAsync(Path.Combine(dir, "responses-long.csv"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, longCsv[..3]);
        Assert.StartsWith("response_id,", Encoding.UTF8.GetString(longCsv, 3, 20));
        Assert.True(Encoding.UTF8.GetString(longCsv).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length > 1, "the long form has answers");
        using var xlsx = ZipFile.OpenRead(Path.Combine(dir, "responses-long.xlsx"));
        Assert.Contains(xlsx.Entries, e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("long,pdf")]
    [InlineData(",")]
    public async Task An_unknown_export_is_a_usage_error_before_anything_is_scored(string export)
    {
        var roundId = await app.WithDb(async db => (await db.Rounds.OrderBy(r => r.Id).FirstAsync()).Id);
        var runs = await app.WithDb(db => db.ScoreRuns.CountAsync());
        var output = new StringWriter();

        var code = await CliProgram.Run(["score", "--round", roundId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir,
            "--db", $"Data Source={app.DatabasePath}", "--export", export], output, output);

        Assert.Equal(2, code);
        Assert.Contains("--export takes", output.ToString());
        Assert.Equal(runs, await app.WithDb(db => db.ScoreRuns.CountAsync()));
    }

    public void Dispose()
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
