using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Reliability;

/// <summary>
/// The crash test: the real server process on a temp SQLite file, concurrent submissions through
/// <c>/api/v1/forms/{token}/submissions</c>, SIGKILL at a random moment, restart, then check that every
/// acknowledged (2xx) submission is present, intact and stored once, and that retrying the in-flight ones with
/// their client ids stores each at most once. Tokens are issued by writing Invitation rows (with
/// <see cref="Tokens.Hash"/>) while the server is down: nothing test-only exists in the product.
/// </summary>
public sealed class CrashHarness(TextWriter log) : IDisposable
{
    public sealed record TrialResult(int Trial, int KilledMsAfterFirstAck, int Acknowledged, int InFlight, int Lost, int Duplicated, int Corrupt, int RetriedStored);

    private const int TokensPerTrial = 300;
    private const int Workers = 8;
    private readonly string dir = Directory.CreateTempSubdirectory("parindex-crash-").FullName;
    private Process? server;
    private int port;

    private string Db => Path.Combine(dir, "parindex.db");
    private Uri Base => new($"http://127.0.0.1:{port}");

    public async Task<List<TrialResult>> Run(int trials, int seed)
    {
        var rng = new Random(seed);
        await StartServer();          // migrates and seeds the demo round
        Kill();
        var tokens = await IssueTokens(trials * TokensPerTrial);
        var results = new List<TrialResult>();
        for (var t = 0; t < trials; t++)
        {
            var mine = tokens.Skip(t * TokensPerTrial).Take(TokensPerTrial).ToList();
            results.Add(await Trial(t + 1, mine, rng.Next(0, 1200)));
            log.WriteLine(results[^1].ToString());
        }
        return results;
    }

    private sealed record Sent(string Token, Guid ClientId, ResponseData Data);

    private async Task<TrialResult> Trial(int trial, List<string> tokens, int killAfterMs)
    {
        await StartServer();
        using var http = new HttpClient { BaseAddress = Base, Timeout = TimeSpan.FromSeconds(30) };
        var (form, _) = await Answers.ValidFor(http, tokens[0]);
        var engine = AnswerEngine.Create(form.Definition);
        var work = new ConcurrentQueue<Sent>(tokens.Select((tk, i) =>
            new Sent(tk, Guid.NewGuid(), engine.Validate(SyntheticAnswers.For(form.Definition, form.RatedUnits, new Random(trial * 100_000 + i)), form.RatedUnits).Cleaned)));
        var acked = new ConcurrentDictionary<Guid, (Sent Sent, long ResponseId)>();
        var inFlight = new ConcurrentDictionary<Guid, Sent>();

        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (work.TryDequeue(out var s))
            {
                inFlight[s.ClientId] = s;
                try
                {
                    var r = await http.PostAsJsonAsync($"/api/v1/forms/{s.Token}/submissions", Answers.Body(s.ClientId, s.Data));
                    if (r.IsSuccessStatusCode)
                    {
                        var ack = await r.Content.ReadFromJsonAsync<JsonElement>();
                        acked[s.ClientId] = (s, ack.GetProperty("responseId").GetInt64());
                        inFlight.TryRemove(s.ClientId, out Sent? _);
                    }
                    else if ((int)r.StatusCode < 500) throw new InvalidOperationException($"submission refused: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                }
                catch (HttpRequestException) { return; }       // the server died under us
                catch (TaskCanceledException) { return; }
            }
        })).ToList();
        // The kill lands at a random moment after the first acknowledgement, so every trial has acks to check.
        var firstAck = Stopwatch.StartNew();
        while (acked.IsEmpty && firstAck.Elapsed < TimeSpan.FromSeconds(30) && !load.All(t => t.IsCompleted)) await Task.Delay(5);
        await Task.Delay(killAfterMs);
        Kill();
        await Task.WhenAll(load);

        await StartServer();
        int lost = 0, corrupt = 0, duplicated;
        await using (var db = DatabaseSetup.CreateContext(new DatabaseOptions { ConnectionString = $"Data Source={Db}" }))
        {
            foreach (var (clientId, (sent, responseId)) in acked)
            {
                var stored = await db.Responses.AsNoTracking().Include(r => r.AnswerSets).FirstOrDefaultAsync(r => r.Id == responseId);
                if (stored is null) { lost++; continue; }
                var answers = stored.AnswerSets.SingleOrDefault(a => a.RatedUnitId is null)?.AnswersJson;
                var intact = stored.ClientId == clientId && stored.Status == ResponseStatus.Submitted
                    && answers is not null && Same(JsonSerializer.Deserialize<Dictionary<string, string>>(answers)!, sent.Data.Answers)
                    && stored.AnswerSets.Count(a => a.RatedUnitId is not null) == sent.Data.Units.Count;
                if (!intact) corrupt++;
            }
            duplicated = await db.Responses.GroupBy(r => r.RespondentId).CountAsync(g => g.Count() > 1)
                         + await db.Responses.GroupBy(r => r.ClientId).CountAsync(g => g.Count() > 1);
        }
        // Retry what was in flight at the kill, as a phone would: each is stored at most once, and an ack comes back.
        var retriedStored = 0;
        using var again = new HttpClient { BaseAddress = Base, Timeout = TimeSpan.FromSeconds(30) }; // the restarted server has a new port
        foreach (var s in inFlight.Values)
        {
            var r = await again.PostAsJsonAsync($"/api/v1/forms/{s.Token}/submissions", Answers.Body(s.ClientId, s.Data));
            if (r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK) retriedStored++;
            else corrupt++;
        }
        await using (var db = DatabaseSetup.CreateContext(new DatabaseOptions { ConnectionString = $"Data Source={Db}" }))
        {
            var ids = inFlight.Keys.ToList();
            if (await db.Responses.CountAsync(r => ids.Contains(r.ClientId)) != ids.Count) corrupt++;
            duplicated += await db.Responses.GroupBy(r => r.RespondentId).CountAsync(g => g.Count() > 1);
        }
        Kill();
        return new TrialResult(trial, killAfterMs, acked.Count, inFlight.Count, lost, duplicated, corrupt, retriedStored);
    }

    private static bool Same(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>Clones an unanswered XA-DAN member into <paramref name="count"/> new members, each with a personal link.</summary>
    private async Task<List<string>> IssueTokens(int count)
    {
        await using var db = DatabaseSetup.CreateContext(new DatabaseOptions { ConnectionString = $"Data Source={Db}" });
        var template = await db.Respondents.AsNoTracking()
            .Where(r => r.RespondentGroup!.Code == "XA-DAN" && r.Status == RespondentStatus.Active && !db.Responses.Any(x => x.RespondentId == r.Id))
            .OrderBy(r => r.Id).FirstAsync();
        var members = Enumerable.Range(0, count).Select(i => new Respondent
        {
            RoundId = template.RoundId, RespondentGroupId = template.RespondentGroupId, UnitId = template.UnitId, Code = $"CRASH-{i:D6}",
            Stratum = template.Stratum, DesignWeight = template.DesignWeight, Status = RespondentStatus.Active, CreatedAt = DateTime.UtcNow,
        }).ToList();
        db.Respondents.AddRange(members);
        await db.SaveChangesAsync();
        var tokens = members.Select(_ => Tokens.NewToken()).ToList();
        db.Invitations.AddRange(members.Select((m, i) => new Invitation
            { RespondentId = m.Id, TokenHash = Tokens.Hash(tokens[i]), Channel = InvitationChannel.Email, CreatedAt = DateTime.UtcNow }));
        await db.SaveChangesAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return tokens;
    }

    /// <summary>src/ParIndex.Web/bin/&lt;configuration of this test build&gt;/net10.0/ParIndex.Web.dll</summary>
    private async Task StartServer()
    {
        port = FreePort();
        var psi = new ProcessStartInfo("dotnet", [ScaleOut.AppNode.ServerDll(), "--urls", Base.ToString().TrimEnd('/')])
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Database__ConnectionString"] = $"Data Source={Db}";
        psi.Environment["Database__SeedDemo"] = "true";
        psi.Environment["Database__SeedDemoHistory"] = "false"; // the crash test drives the 2026 round only
        psi.Environment["RateLimits__Enabled"] = "false";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        server = Process.Start(psi)!;
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine("server: " + e.Data); };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException($"server exited with {server.ExitCode}");
            try
            {
                if ((await http.GetAsync(new Uri(Base, "/health"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("server did not become healthy in 60 s");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush — only what SQLite had durably committed survives.</summary>
    private void Kill()
    {
        if (server is null) return;
        try { server.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        server.WaitForExit();
        server.Dispose();
        server = null;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Kill();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }
}
