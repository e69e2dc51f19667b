using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Features.Scoring;

namespace ParIndex.Benchmarks;

/// <summary>
/// The database path of <c>parindex score</c> on the 1M-response round (docs/benchmarks.md § Scoring): the rows of
/// <see cref="ScoringRound"/> written INTO a SQLite file as a real round (units, groups, criteria, seven published 40-item
/// questionnaires, one sample member, one submitted response and one answer set per row, bulk-inserted with prepared
/// commands in one transaction), then <see cref="RunScoring.Handle"/> — load from the database, score every estimate with
/// its SE, store the run — timed as `parindex score` runs it.
/// </summary>
public static class ScoringDatabase
{
    private const string Actor = "bench";

    /// <summary>`--score-db [runs] [rows] [--keep]`.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var rows = args.Length > 2 && !args[2].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        var file = Path.Combine(Path.GetTempPath(), $"parindex-score-db-{rows}.db");
        var options = new DatabaseOptions { Provider = DatabaseSetup.Sqlite, ConnectionString = $"Data Source={file}" };
        var clock = Stopwatch.StartNew();
        if (!File.Exists(file) || args.Contains("--regenerate"))
        {
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            await using var db = DatabaseSetup.CreateContext(options);
            await GenerateAsync(db, rows);
            Console.WriteLine($"generated {rows:N0} responses into {file} ({new FileInfo(file).Length / 1048576.0:F0} MiB) in {clock.Elapsed.TotalSeconds:F1} s");
        }
        else Console.WriteLine($"reusing {file} (--regenerate to write it again)");

        if (args.Contains("--export"))
        {
            // Response data exports of the same round to files (as streamed to a client), CSV and XLSX.
            await using var db = DatabaseSetup.CreateContext(options);
            var roundId = await db.Rounds.Where(r => r.Code == RoundCode).Select(r => r.Id).FirstAsync();
            var exports = new (string Name, Func<Stream, Task> Write)[]
            {
                ("wide-XA-DAN.csv", s => DataExports.WriteWideAsync(db, roundId, "XA-DAN", s, default)),
                ("wide-SO-HDND.csv", s => DataExports.WriteWideAsync(db, roundId, "SO-HDND", s, default)),
                ("wide-XA-DAN.xlsx", s => DataExports.WriteWideXlsxAsync(db, roundId, "XA-DAN", s, default)),
                ("long.csv", s => DataExports.WriteLongAsync(db, roundId, s, default)),
                ("long.xlsx", s => DataExports.WriteLongXlsxAsync(db, roundId, s, default)),
            };
            foreach (var (name, write) in exports.Where(e => args.Contains("--long") || !e.Name.StartsWith("long", StringComparison.Ordinal)))
            {
                var path = Path.Combine(Path.GetTempPath(), $"parindex-export-{rows}-{name}");
                var load = LoadAverage();
                clock.Restart();
                await using (var f = File.Create(path)) await write(f);
                Console.WriteLine($"export {name}: {new FileInfo(path).Length / 1048576.0:F0} MiB in {clock.Elapsed.TotalSeconds:F1} s; load average {load} → {LoadAverage()}");
                if (!args.Contains("--keep")) File.Delete(path);
            }
            return 0;
        }
        var times = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            await using var db = DatabaseSetup.CreateContext(options);
            var roundId = await db.Rounds.Where(r => r.Code == RoundCode).Select(r => r.Id).FirstAsync();
            var load = LoadAverage();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var pause = GC.GetTotalPauseDuration();
            clock.Restart();
            var stored = await RunScoring.Handle(db, roundId, Actor, DateTime.UtcNow, default);
            times.Add(clock.Elapsed.TotalSeconds);
            Console.WriteLine($"run {run}: {stored.ResponseCount:N0} responses, {stored.RowCount:N0} rows, load + score + store {times[^1]:F2} s " +
                $"(CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s, GC pauses {(GC.GetTotalPauseDuration() - pause).TotalSeconds:F1} s; " +
                $"{stored.ResultJson.Length / 1048576.0:F1} MiB result, hash {stored.InputHash[..12]}); load average {load} → {LoadAverage()}");
        }
        if (args.Contains("--compare"))
        {
            // The streamed loader against the EF reference loader on the same rows: same hash, same figures byte for byte.
            await using var db = DatabaseSetup.CreateContext(options);
            var roundId = await db.Rounds.Where(r => r.Code == RoundCode).Select(r => r.Id).FirstAsync();
            clock.Restart();
            var reference = await ScoringInputs.LoadAsync(db, roundId, ParIndex.Web.Tests.Features.Scoring.ScoringThroughEntities.AddAsync, default);
            Console.WriteLine($"EF reference load: {clock.Elapsed.TotalSeconds:F2} s");
            var streamed = await ScoringInputs.LoadAsync(db, roundId, default);
            string Figures(ScoringInputs i) => JsonSerializer.Serialize(
                ScoringEngine.Score(i.Data, i.Criteria, i.Appraisals, i.Configuration, i.ApprovedAppraisals), ScoringInputs.Json);
            var same = reference.InputHash == streamed.InputHash && reference.ResponseCount == streamed.ResponseCount && Figures(reference) == Figures(streamed);
            Console.WriteLine(same ? $"streamed = EF reference: hash {streamed.InputHash}, figures identical" : "STREAMED AND EF REFERENCE DIFFER");
            if (!same) return 1;
        }
        if (args.Contains("--read"))
        {
            // The raw stream alone (no hash, no parsing): the floor of the load.
            await using var db = DatabaseSetup.CreateContext(options);
            var roundId = await db.Rounds.Where(r => r.Code == RoundCode).Select(r => r.Id).FirstAsync();
            await db.Database.OpenConnectionAsync();
            clock.Restart();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (batches, reading) = ResponseStream.Start(db, roundId, _ => { }, default);
            var n = 0;
            await foreach (var b in batches.ReadAllAsync()) n += b.Count;
            await reading;
            Console.WriteLine($"read only: {n:N0} responses in {clock.Elapsed.TotalSeconds:F2} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s)");
        }
        if (args.Contains("--split"))
        {
            // Where the time goes, outside the timed runs: load (read + hash + JSON → columns) and estimation separately.
            await using var db = DatabaseSetup.CreateContext(options);
            var roundId = await db.Rounds.Where(r => r.Code == RoundCode).Select(r => r.Id).FirstAsync();
            clock.Restart();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var inputs = await ScoringInputs.LoadAsync(db, roundId, default);
            var loaded = clock.Elapsed.TotalSeconds;
            var loadCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            clock.Restart();
            cpu = Process.GetCurrentProcess().TotalProcessorTime;
            ScoringEngine.Score(inputs.Data, inputs.Criteria, inputs.Appraisals, inputs.Configuration, inputs.ApprovedAppraisals);
            Console.WriteLine($"split: load {loaded:F2} s (CPU {loadCpu.TotalSeconds:F1} s); estimation {clock.Elapsed.TotalSeconds:F2} s (CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s)");
        }
        times.Sort();
        if (times.Count > 0) Console.WriteLine($"median load + score + store: {times[times.Count / 2]:F2} s over {runs} runs; load average now {LoadAverage()}");
        Console.WriteLine($"process peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB");
        return 0;
    }

    public const string RoundCode = "BENCH-1M";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Writes the round of <see cref="ScoringRound.Generate"/> with <paramref name="rows"/> responses into an empty database.</summary>
    public static async Task GenerateAsync(ParIndexDbContext db, int rows)
    {
        await db.Database.MigrateAsync();
        var now = new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
        var data = ScoringRound.Generate(rows);
        var round = new Round
        {
            Code = RoundCode, Name = "Benchmark 1M", Year = 2026, PeriodStart = new DateOnly(2026, 1, 1), PeriodEnd = new DateOnly(2026, 10, 31),
            Status = RoundStatus.Fieldwork, SurveyPoints = 30, AppraisalPoints = 70, CreatedAt = now,
        };
        var types = CreateRound.StandardUnitTypes.Select((t, i) => new UnitType { Code = t.Code, Name = t.Name, NameEn = t.NameEn, SortOrder = i }).ToList();
        round.UnitTypes.AddRange(types);
        var units = data.Units.Select((u, i) => new Unit { Code = u.Code, Name = u.Name, UnitType = types.Single(t => t.Code == u.UnitType), SortOrder = i }).ToList();
        round.Units.AddRange(units);
        var groups = data.GroupCodes.Select((g, i) =>
        {
            var spec = DemoData.Groups.Single(d => d.Code == g);
            return new RespondentGroup
            {
                Code = g, Name = spec.Name, UnitType = types.Single(t => t.Code == spec.UnitType), RatesManyUnits = spec.RatesMany, ScoreWeight = 1, SortOrder = i,
            };
        }).ToList();
        round.RespondentGroups.AddRange(groups);
        db.Rounds.Add(round);
        await db.SaveChangesAsync();
        foreach (var type in new[] { "SO", "XA" }) await SetCriteria.Handle(db, round.Id, type, DemoData.Criteria, Actor, now, default);

        // The questionnaires the generated answers belong to: 40 Likert-5 items with "don't know", scored as ScoringRound scores them.
        var versions = new List<QuestionnaireVersion>();
        for (var g = 0; g < groups.Count; g++)
        {
            var definition = new QuestionnaireDefinition
            {
                Id = $"BENCH-{groups[g].Code}", Title = new LocalizedText($"Phiếu {groups[g].Code}"), UnitType = groups[g].UnitType!.Code, RespondentGroup = groups[g].Code,
                Sections = [new Section { Id = "s", Items = [.. data.Scorers[g].Items.Select(i => i.Item)] }],
            };
            var version = new QuestionnaireVersion { Number = 1, Status = QuestionnaireVersionStatus.Draft, DefinitionJson = QuestionnaireSerializer.ToJson(definition), CreatedAt = now };
            version.Publish(QuestionnaireSerializer.ContentHash(definition), now);
            db.Questionnaires.Add(new Questionnaire { RoundId = round.Id, RespondentGroupId = groups[g].Id, Code = definition.Id, Title = definition.Title.Get("vi"), Versions = [version] });
            await db.SaveChangesAsync();
            versions.Add(version);
        }

        // One sample member, one submitted response, one answer set per generated row; ids given, so no read-back.
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = OFF";
            await pragma.ExecuteNonQueryAsync();
        }
        await using var tx = await connection.BeginTransactionAsync();
        var members = new BulkInsert<Respondent>(db, connection, tx);
        var responses = new BulkInsert<Response>(db, connection, tx);
        var sets = new BulkInsert<AnswerSet>(db, connection, tx);
        var rng = new Random(7);
        var json = new System.Buffers.ArrayBufferWriter<byte>(1024);
        for (var r = 0; r < rows; r++)
        {
            var g = data.Group[r];
            var group = groups[g];
            var unit = units[data.Unit[r]];
            var citizen = data.Psu[r] < 10_000;
            var id = r + 1;
            members.Add(new Respondent
            {
                Id = id, RoundId = round.Id, RespondentGroupId = group.Id, UnitId = group.RatesManyUnits ? null : unit.Id, Code = $"B{id:D7}",
                Stratum = citizen ? unit.Code : group.Code, Psu = citizen ? $"{unit.Code}-T{data.Psu[r] % 20:D2}" : null,
                Pi1 = 1 / data.Weight[r], DesignWeight = data.Weight[r], Status = RespondentStatus.Active, CreatedAt = now,
            });
            responses.Add(new Response
            {
                Id = id, ClientId = NewGuid(rng), RoundId = round.Id, RespondentId = id,
                QuestionnaireVersionId = versions[g].Id, RespondentGroupId = group.Id, UnitId = group.RatesManyUnits ? null : unit.Id,
                Mode = r % 10 == 0 ? ResponseMode.Paper : ResponseMode.Web, Status = ResponseStatus.Submitted,
                StartedAt = now, SubmittedAt = now, UpdatedAt = now, Revision = 1,
            });
            json.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(json))
            {
                w.WriteStartObject();
                var ids = data.ItemIds[g];
                for (var k = 0; k < ScoringRound.Items; k++) w.WriteString(ids[k], ScoringRound.Answers[data.Answer[r * ScoringRound.Items + k]]);
                w.WriteEndObject();
            }
            sets.Add(new AnswerSet
            {
                Id = id, ResponseId = id, RatedUnitId = group.RatesManyUnits ? unit.Id : null,
                AnswersJson = System.Text.Encoding.UTF8.GetString(json.WrittenSpan),
            });
        }
        await tx.CommitAsync();
        await connection.CloseAsync();
    }

    private static Guid NewGuid(Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>
    /// Inserts entities with one prepared INSERT of every mapped column (named and converted as EF would: enums, GUIDs,
    /// dates), for bulk loads where EF's change tracking would take minutes.
    /// </summary>
    private sealed class BulkInsert<T> where T : class
    {
        private readonly DbCommand command;
        private readonly (IProperty Property, DbParameter Parameter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter)[] columns;

        public BulkInsert(ParIndexDbContext db, DbConnection connection, DbTransaction tx)
        {
            var entity = db.Model.FindEntityType(typeof(T))!;
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var properties = entity.GetProperties().Where(p => p.GetColumnName(store) is not null && !p.IsShadowProperty()).ToArray();
            command = connection.CreateCommand();
            command.Transaction = tx;
            columns = properties.Select((p, i) =>
            {
                var mapping = (RelationalTypeMapping)p.GetRelationalTypeMapping();
                var parameter = mapping.CreateParameter(command, $"@p{i}", null, p.IsNullable);
                command.Parameters.Add(parameter);
                return (p, parameter, mapping.Converter);
            }).ToArray();
            command.CommandText = $"INSERT INTO \"{entity.GetTableName()}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName(store)}\""))}) " +
                $"VALUES ({string.Join(", ", properties.Select((_, i) => $"@p{i}"))})";
            command.Prepare();
        }

        public void Add(T entity)
        {
            foreach (var (property, parameter, converter) in columns)
            {
                var value = property.GetGetter().GetClrValue(entity);
                parameter.Value = value is null ? DBNull.Value : converter is null ? value : converter.ConvertToProvider(value) ?? DBNull.Value;
            }
            command.ExecuteNonQuery();
        }
    }
}
