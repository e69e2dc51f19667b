using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Scoring;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Tests.Features.Monitoring;
using ParIndex.Web.Features.Scoring;
using ParIndex.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParIndex.Web.Tests.Features.Scoring;

/// <summary>
/// The database path of <c>parindex score</c> timed (docs/benchmarks.md § Scoring): the demo round's submitted responses
/// copied in SQLite until there are at least <c>PARINDEX_SCORE_ROWS</c> (default 200,000; the copies are public-link
/// responses: no sample member, weight 1, own PSU), then <see cref="ScoringInputs.LoadAsync"/> (read, hash, answers JSON →
/// columns), <see cref="ScoringEngine"/> and the whole <see cref="RunScoring.Handle"/> (with storing the run).
/// </summary>
public sealed class ScoringLoadBenchmarkTests(ITestOutputHelper output) : IDisposable
{
    private readonly ParIndexFactory app = new();

    public void Dispose() => app.Dispose();

    [BenchmarkFact]
    public async Task Load_and_score_from_sqlite()
    {
        var target = int.TryParse(Environment.GetEnvironmentVariable("PARINDEX_SCORE_ROWS"), out var t) ? t : 200_000;
        var roundId = await app.WithDb(db => db.Rounds.Where(r => r.Code == DemoData.RoundCode).Select(r => r.Id).FirstAsync());
        var clock = Stopwatch.StartNew();
        var count = await app.WithDb(async db =>
        {
            var conn = db.Database.GetDbConnection();
            await conn.OpenAsync();
            using var pragma = conn.CreateCommand();
            pragma.CommandText = "PRAGMA table_info(Responses)";
            var columns = new List<string>();
            using (var reader = await pragma.ExecuteReaderAsync())
                while (await reader.ReadAsync()) columns.Add(reader.GetString(1));
            string Select(string c) => c switch
            {
                "Id" => "Id + @offset",
                "ClientId" => "upper(hex(randomblob(16)))",
                "RespondentId" or "InvitationId" => "NULL",
                _ => c,
            };
            var insertResponses = $"INSERT INTO Responses ({string.Join(", ", columns)}) SELECT {string.Join(", ", columns.Select(Select))} FROM Responses WHERE RoundId = @round AND Status = @status AND Id <= @offset";
            const string insertSets = "INSERT INTO AnswerSets (ResponseId, RatedUnitId, AnswersJson) SELECT s.ResponseId + @offset, s.RatedUnitId, s.AnswersJson FROM AnswerSets s JOIN Responses r ON r.Id = s.ResponseId WHERE r.RoundId = @round AND r.Status = @status AND r.Id <= @offset";
            var n = await db.Responses.CountAsync(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted);
            while (n < target)
            {
                var offset = await db.Responses.MaxAsync(r => r.Id);
                using var tx = await conn.BeginTransactionAsync();
                foreach (var sql in new[] { insertResponses, insertSets })
                {
                    using var cmd = conn.CreateCommand();
                    cmd.Transaction = tx;
                    cmd.CommandText = sql;
                    cmd.CommandTimeout = 600;
                    foreach (var (name, value) in new (string, object)[] { ("@offset", offset), ("@round", roundId), ("@status", (int)ResponseStatus.Submitted) })
                    {
                        var p = cmd.CreateParameter(); p.ParameterName = name; p.Value = value; cmd.Parameters.Add(p);
                    }
                    await cmd.ExecuteNonQueryAsync();
                }
                await tx.CommitAsync();
                n = await db.Responses.CountAsync(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted);
            }
            return n;
        });
        output.WriteLine($"{count:N0} submitted responses in SQLite after {clock.Elapsed.TotalSeconds:F1} s of copying");

        for (var run = 1; run <= 3; run++)
        {
            await app.WithDb(async db =>
            {
                clock.Restart();
                var inputs = await ScoringInputs.LoadAsync(db, roundId, default);
                var load = clock.Elapsed.TotalSeconds;
                clock.Restart();
                var result = ScoringEngine.Score(inputs.Data, inputs.Criteria, inputs.Appraisals, inputs.Configuration, inputs.ApprovedAppraisals);
                var score = clock.Elapsed.TotalSeconds;
                db.ChangeTracker.Clear();
                clock.Restart();
                var stored = await RunScoring.Handle(db, roundId, "bench", DateTime.UtcNow, default);
                var handle = clock.Elapsed.TotalSeconds;
                output.WriteLine($"run {run}: {inputs.ResponseCount:N0} responses, {inputs.Data.RowCount:N0} rows; load (read + hash + JSON → columns) {load:F2} s; " +
                    $"estimation {score:F2} s; whole run as `parindex score` (load + score + store) {handle:F2} s ({stored.ResultJson.Length / 1048576.0:F1} MiB result)");
                Assert.Equal(count, inputs.ResponseCount);
                Assert.NotEmpty(result.Units);
                return 0;
            });
        }
        output.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
