using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Cli.Commands;

/// <summary><c>parindex db migrate|seed-demo</c> and <c>parindex round list|create|copy|import-units|criteria</c>.</summary>
public static class RoundCommands
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<int> Db(string[] args, TextWriter stdout)
    {
        var a = new CliArgs(args);
        await using var db = DatabaseSetup.CreateContext(a.Database());
        switch (a.Positional.FirstOrDefault())
        {
            case "migrate":
                await db.Database.MigrateAsync();
                stdout.WriteLine("Database is up to date.");
                return 0;
            case "seed-demo":
                await db.Database.MigrateAsync();
                await DemoSeeder.SeedIfEmptyAsync(db, DateTime.UtcNow, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
                stdout.WriteLine("Demo round present.");
                return 0;
            default:
                throw new CliException("usage: parindex db migrate|seed-demo [--db CONNECTION]");
        }
    }

    public static async Task<int> Round(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var a = new CliArgs(args);
        if (a.Positional.FirstOrDefault() is not ("list" or "create" or "copy" or "import-units" or "criteria"))
            throw new CliException("usage: parindex round list|create|copy|import-units|criteria [options] (see docs/cli.md)");
        await using var db = await CliDatabase.OpenExistingAsync(a);
        var actor = $"cli:{Environment.UserName}";
        var now = DateTime.UtcNow;
        var ct = CancellationToken.None;
        try
        {
            switch (a.Positional.FirstOrDefault())
            {
                case "list":
                    foreach (var r in await db.Rounds.OrderBy(r => r.Id).ToListAsync(ct))
                        stdout.WriteLine($"{r.Id}\t{r.Code}\t{r.Year}\t{r.Status}\t{r.Name}");
                    return 0;
                case "create":
                {
                    var round = await CreateRound.Handle(db, new CreateRoundRequest(a.Require("code"), a.Require("name"), Int(a.Require("year")),
                        Date(a.Require("from")), Date(a.Require("to")), Dec(a.Get("survey-points") ?? "30"), 100 - Dec(a.Get("survey-points") ?? "30")), actor, now, ct);
                    stdout.WriteLine($"Created round {round.Id} ({round.Code}).");
                    return 0;
                }
                case "copy":
                {
                    var round = await CopyRound.Handle(db, Int(a.Require("from-round")), new CopyRoundRequest(a.Require("code"), a.Require("name"), Int(a.Require("year")),
                        Date(a.Require("from")), Date(a.Require("to"))), actor, now, ct);
                    stdout.WriteLine($"Created round {round.Id} ({round.Code}) from round {round.CopiedFromRoundId}.");
                    return 0;
                }
                case "import-units":
                {
                    var path = a.Require("file");
                    await using var stream = File.OpenRead(path);
                    var result = await ImportUnits.Handle(db, Int(a.Require("round")), TabularReader.Read(stream, path), actor, now, ct);
                    if (!result.Succeeded)
                    {
                        foreach (var e in result.Errors) stderr.WriteLine($"{path}:{e.Line}: [{e.Column}] {e.Message}");
                        stderr.WriteLine($"{result.Errors.Count} error(s); nothing was imported.");
                        return 1;
                    }
                    stdout.WriteLine($"Added {result.Added}, updated {result.Updated} units.");
                    return 0;
                }
                case "criteria":
                {
                    var roundId = Int(a.Require("round"));
                    var type = a.Require("type");
                    // The unit type's own split of the 100 points (--survey-points and --appraisal-points), or the round's (--round-split).
                    UnitTypeSplit? split = a.Has("round-split") ? new UnitTypeSplit(null, null)
                        : a.Get("survey-points") is { } sp ? new UnitTypeSplit(Dec(sp), Dec(a.Require("appraisal-points")))
                        : a.Get("appraisal-points") is not null ? throw new CliException("--appraisal-points needs --survey-points") : null;
                    if (a.Get("import") is { } file || split is not null)
                    {
                        var nodes = a.Get("import") is { } path
                            ? JsonSerializer.Deserialize<List<CriterionNode>>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web)
                                { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }) ?? []
                            : await db.Criteria.Where(c => c.RoundId == roundId && db.UnitTypes.Any(t => t.Id == c.UnitTypeId && t.Code == type)).OrderBy(c => c.SortOrder)
                                .Select(c => new CriterionNode(c.Code, c.Name, c.NameEn, c.MaxPoints, c.Component)).ToListAsync(ct);
                        var changed = await SetCriteria.Handle(db, roundId, type, nodes, split, actor, now, ct);
                        stdout.WriteLine(changed ? $"Saved {nodes.Count} criteria for {type}." : $"Nothing changed for {type}.");
                        return 0;
                    }
                    var tree = await db.Criteria.Where(c => c.RoundId == roundId && db.UnitTypes.Any(t => t.Id == c.UnitTypeId && t.Code == type)).OrderBy(c => c.SortOrder)
                        .Select(c => new CriterionNode(c.Code, c.Name, c.NameEn, c.MaxPoints, c.Component)).ToListAsync(ct);
                    stdout.WriteLine(JsonSerializer.Serialize(tree, new JsonSerializerOptions(Json) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }));
                    return 0;
                }
                default:
                    throw new CliException("usage: parindex round list|create|copy|import-units|criteria [options] (see docs/cli.md)");
            }
        }
        catch (RequestValidationException e)
        {
            foreach (var (field, messages) in e.Errors) foreach (var m in messages) stderr.WriteLine($"{field}: {m}");
            return 1;
        }
        catch (DomainException e)
        {
            stderr.WriteLine($"{e.Code}: {e.Message}");
            return 1;
        }
        catch (TabularFormatException e)
        {
            stderr.WriteLine(e.MessageVi);
            return 1;
        }
    }

    private static int Int(string s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new CliException($"not a whole number: {s}");

    private static decimal Dec(string s) => decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : throw new CliException($"not a number: {s}");

    private static DateOnly Date(string s) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : throw new CliException($"not a date (yyyy-MM-dd): {s}");
}
