using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Tests.ScaleOut;

// tests/load/run.sh [--provider sqlite|postgres] [--clients N] [--seconds S] [--warmup W] [--runs R] [--rate R] [--public]
// --public: results day instead — N clients reading the public results site (PublicSite.cs), beside the same pages from memory.
// Starts the real server on a fresh database, drives N concurrent clients posting a questionnaire through
// /api/v1/forms/{token}/submissions for S seconds, then the same load against a plain Kestrel endpoint (the ceiling
// on this machine), and prints throughput, latency percentiles, errors and the count check against the database.
// Two load models:
// - closed (default): each client posts again the moment it is answered. This finds the saturation throughput;
//   its latency is mostly time queued behind the other clients (mean latency = clients / throughput).
// - open (--rate R): submissions arrive on a fixed schedule of R per second, whatever the server does, carried by
//   at most N clients at once. Latency is measured from each submission's scheduled time, so time spent waiting
//   for a free client counts (no coordinated omission, as wrk2 measures). This is what "sustains R/s with p99 < X"
//   means for respondents, who do not wait for each other.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Contains("--serve-plain")) { await PlainPeer.Serve(args); return 0; }
// tests/load/city.sh: the city-scale run (City.cs).
if (args.Contains("--city")) return await ParIndex.Load.CityRun.Run(args);

var opt = Options.Parse(args);
var log = new StringWriter();
Console.WriteLine($"ParIndex load: provider={opt.Provider} group={opt.Group} clients={opt.Clients} seconds={opt.Seconds} warmup={opt.Warmup}s runs={opt.Runs} "
                  + (opt.Rate > 0 ? $"open model at {opt.Rate:F0} submissions/s" : "closed model (back to back)")
                  + $" ({Environment.ProcessorCount} cores, load average {LoadAverage()})");
var results = new List<(RunResult App, RunResult Plain)>();
var publicSite = args.Contains("--public");
if (publicSite) Console.WriteLine($"results day: GET of the public results site /cong-bo/{ParIndex.Load.PublicSite.Round} (closed model), peer: the same bytes from memory");
for (var run = 1; run <= opt.Runs; run++)
{
    RunResult app;
    RunResult plain;
    if (publicSite)
    {
        var (result, pages, _) = await ParIndex.Load.PublicSite.Run(opt, log);
        app = result;
        plain = args.Contains("--no-peer") ? app with { Throughput = double.NaN, P99 = double.NaN } : await PlainPeer.RunPages(opt, pages);
    }
    else
    {
    var (submitted, bodies) = await AppRun.Run(opt, log);
    app = submitted;
    // --no-peer skips the ceiling, for quick diagnostic runs; reported figures come from runs with it.
    plain = args.Contains("--no-peer") ? app with { Throughput = double.NaN, P99 = double.NaN } : await PlainPeer.Run(opt, bodies);
    }
    results.Add((app, plain));
    Console.WriteLine($"run {run}: ParIndex {app.Summary}");
    if (!double.IsNaN(plain.Throughput)) Console.WriteLine($"run {run}: plain    {plain.Summary}");
    Console.WriteLine($"run {run}: load average after the run {LoadAverage()} (other processes on the machine distort the figures)");
    Console.WriteLine(opt.Rate > 0
        ? $"run {run}: at {opt.Rate:F0}/s offered: ParIndex p99 {app.P99:F1} ms (outside disk stalls {app.Disk?.P99Unstalled:F1} ms, {app.Disk?.StalledWindows} of {app.Disk?.Windows} s stalled), plain p99 {plain.P99:F1} ms; count check: {app.CountCheck}"
        : $"run {run}: ratio ParIndex/plain = {app.Throughput / plain.Throughput:P1}; count check: {app.CountCheck}");
}
if (opt.Runs > 1)
{
    static double Median(IEnumerable<double> v) { var s = v.OrderBy(x => x).ToList(); return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2; }
    Console.WriteLine($"median of {opt.Runs}: ParIndex {Median(results.Select(r => r.App.Throughput)):F0}/s p50 {Median(results.Select(r => r.App.P50)):F1} ms "
                      + $"p95 {Median(results.Select(r => r.App.P95)):F1} ms p99 {Median(results.Select(r => r.App.P99)):F1} ms "
                      + $"(outside disk stalls {Median(results.Select(r => r.App.Disk?.P99Unstalled ?? double.NaN)):F1} ms) errors {results.Sum(r => r.App.Errors)}; "
                      + $"plain {Median(results.Select(r => r.Plain.Throughput)):F0}/s p99 {Median(results.Select(r => r.Plain.P99)):F1} ms; "
                      + (opt.Rate > 0 ? "(open model: both carried the offered rate; compare their p99)" : $"ratio {Median(results.Select(r => r.App.Throughput / r.Plain.Throughput)):P1}"));
}
var failed = results.Any(r => r.App.Lost > 0 || !r.App.CountOk);
if (failed) Console.WriteLine("FAILED: the database does not hold exactly the acknowledged submissions\n" + log);
// --server-log FILE keeps what the server printed (with Logging__LogLevel__… in the environment, its debug lines too).
if (Array.IndexOf(args, "--server-log") is var at and >= 0 && at + 1 < args.Length) File.WriteAllText(args[at + 1], log.ToString());
return failed ? 1 : 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

internal sealed record Options(string Provider, int Clients, int Seconds, int Warmup, int Runs, int Tokens, string Group, double Rate, bool Timeline, IReadOnlyList<string> PgSettings)
{
    /// <summary>
    /// docs/operations.md § PostgreSQL for bursts: checkpoints far enough apart that a burst does not start one (after a
    /// checkpoint every first change to a page writes the whole page into the WAL), full-page images compressed, a larger
    /// WAL buffer. fsync, synchronous_commit and full_page_writes stay on.
    /// </summary>
    public static readonly string[] RecommendedPgSettings = ["max_wal_size=8GB", "checkpoint_timeout=30min", "wal_compression=lz4", "wal_buffers=64MB"];

    public static Options Parse(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, "--" + name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var seconds = int.Parse(Get("seconds") ?? "60");
        var warmup = int.Parse(Get("warmup") ?? "5");
        var rate = double.Parse(Get("rate") ?? "0", CultureInfo.InvariantCulture);
        var provider = (Get("provider") ?? "sqlite").ToLowerInvariant();
        if (provider is not ("sqlite" or "postgres")) throw new ArgumentException("--provider sqlite|postgres");
        // Closed: enough links for 6,000/s; open: the schedule's count, and a little more.
        var tokens = rate > 0 ? (int)Math.Ceiling(rate * (seconds + warmup)) + 100 : 6000 * (seconds + warmup);
        return new Options(provider, int.Parse(Get("clients") ?? "500"), seconds, warmup, int.Parse(Get("runs") ?? "1"),
            int.Parse(Get("tokens") ?? tokens.ToString(CultureInfo.InvariantCulture)),
            // Village heads rate their own xã: 42 items, about 40 answered — the "40-item questionnaire".
            Get("group") ?? "XA-TRUONGTHON", rate, args.Contains("--timeline"),
            // The WAL sizing docs/operations.md recommends for bursts, then any --pg-setting name=value (repeatable; a later
            // setting of the same name wins).
            [.. RecommendedPgSettings, .. args.Select((a, i) => (a, i)).Where(p => p.a == "--pg-setting" && p.i + 1 < args.Length).Select(p => args[p.i + 1])]);
    }
}

internal sealed record RunResult(double Throughput, double P50, double P95, double P99, long Ok, long Errors, string ErrorKinds, long Lost, bool CountOk, string CountCheck, long Measured,
    double Max = 0, double LateP99 = 0, int PeakInFlight = 0, DiskReport? Disk = null)
{
    public string Summary =>
        $"{Throughput,8:F0} req/s  p50 {P50,6:F1} ms  p95 {P95,6:F1} ms  p99 {P99,6:F1} ms  max {Max,6:F1} ms  ok {Ok}  errors {Errors}{(ErrorKinds.Length > 0 ? " (" + ErrorKinds + ")" : "")}"
        + (PeakInFlight > 0 ? $"  peak in flight {PeakInFlight}  p99 wait for a free client {LateP99:F1} ms" : "")
        + (Disk is { } d ? "\n           " + d.Summary : "");
}

/// <summary>What the disk probe saw during a run (<see cref="DiskProbe"/>) and the p99 outside the stalled windows.</summary>
internal sealed record DiskReport(bool Probed, int Fsyncs, int Stalls, double MaxFsyncMs, int StalledWindows, int Windows, double P99Unstalled, long MeasuredUnstalled)
{
    public string Summary => !Probed
        ? "disk probe: not run (python3 or tests/load/fsync_stalls.py missing)"
        : $"disk probe: {Fsyncs} fsyncs, {Stalls} over {DiskProbe.StallThreshold.TotalMilliseconds:F0} ms (max {MaxFsyncMs:F0} ms); "
          + $"{StalledWindows} of {Windows} one-second windows stalled; p99 outside them {P99Unstalled:F1} ms ({MeasuredUnstalled} submissions)";
}

/// <summary>
/// The measured loop shared by both targets: N clients, each posting back to back until the time is up (closed
/// model), or, with a rate, each taking the next submission of a fixed schedule, waiting for its time and measuring
/// from that time (open model).
/// </summary>
internal static class Driver
{
    public sealed record Outcome(bool Ok, string? Error, long? ResponseId);

    public static async Task<(RunResult Result, ConcurrentBag<long> Acked)> Drive(Options opt, Func<int, HttpClient, Task<Outcome>> send)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = opt.Clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var next = -1;
        var acked = new ConcurrentBag<long>();
        var errors = new ConcurrentDictionary<string, int>();
        var latencies = new List<double>[opt.Clients];
        var starts = new List<double>[opt.Clients];
        long ok = 0, measuredOk = 0;
        using var probe = DiskProbe.Start(opt.Warmup + opt.Seconds + 5);
        var epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var clock = Stopwatch.StartNew();
        var measureFrom = TimeSpan.FromSeconds(opt.Warmup);
        var stopAt = measureFrom + TimeSpan.FromSeconds(opt.Seconds);
        var open = opt.Rate > 0;
        var timeline = new ConcurrentBag<(int Second, double Ms, bool Ok)>();
        var waits = new List<double>[opt.Clients];
        int inFlight = 0, peak = 0;
        var workers = Enumerable.Range(0, opt.Clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(opt.Seconds * 20);
            var began = starts[c] = new List<double>(opt.Seconds * 20);
            var waited = waits[c] = new List<double>(open ? opt.Seconds * 20 : 0);
            while (clock.Elapsed < stopAt)
            {
                var i = Interlocked.Increment(ref next);
                if (open && TimeSpan.FromSeconds(i / opt.Rate) >= stopAt) return;
                if (i >= opt.Tokens) { errors.AddOrUpdate("out of tokens", 1, (_, n) => n + 1); return; }
                TimeSpan t0;
                if (open)
                {
                    t0 = TimeSpan.FromSeconds(i / opt.Rate);
                    var early = t0 - clock.Elapsed;
                    if (early > TimeSpan.Zero) await Task.Delay(early);
                    if (t0 >= measureFrom) waited.Add(Math.Max(0, (clock.Elapsed - t0).TotalMilliseconds));
                    var now = Interlocked.Increment(ref inFlight);
                    for (var p = Volatile.Read(ref peak); now > p && Interlocked.CompareExchange(ref peak, now, p) != p; p = Volatile.Read(ref peak)) { }
                }
                else t0 = clock.Elapsed;
                Outcome o;
                try { o = await send(i, http); }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { o = new Outcome(false, e.GetType().Name, null); }
                var t1 = clock.Elapsed;
                if (open) Interlocked.Decrement(ref inFlight);
                if (o.ResponseId is { } id) acked.Add(id);
                if (o.Ok) Interlocked.Increment(ref ok);
                if (opt.Timeline) timeline.Add(((int)t0.TotalSeconds, (t1 - t0).TotalMilliseconds, o.Ok));
                if (t0 >= measureFrom)
                {
                    mine.Add((t1 - t0).TotalMilliseconds);
                    began.Add((t0 - measureFrom).TotalSeconds);
                    if (o.Ok) Interlocked.Increment(ref measuredOk);
                    else errors.AddOrUpdate(o.Error ?? "?", 1, (_, n) => n + 1);
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        var fsyncs = probe.Stop();
        var all = latencies.Where(l => l is not null).SelectMany(l => l).OrderBy(x => x).ToArray();
        static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        double P(double q) => Percentile(all, q);

        // p99 over the submissions started in one-second windows without a disk stall (DiskProbe's rule).
        var stalled = DiskProbe.StalledWindows(fsyncs, epoch + opt.Warmup, opt.Seconds);
        var calm = new List<double>(all.Length);
        for (var c = 0; c < opt.Clients; c++)
        {
            if (latencies[c] is not { } l) continue;
            for (var k = 0; k < l.Count; k++)
            {
                var window = (int)Math.Floor(starts[c][k]);
                if (window >= 0 && window < stalled.Length && !stalled[window]) calm.Add(l[k]);
            }
        }
        var calmSorted = calm.Order().ToArray();
        var disk = new DiskReport(probe.Running, fsyncs.Count, fsyncs.Count(f => f.Duration > DiskProbe.StallThreshold.TotalSeconds),
            fsyncs.Count == 0 ? double.NaN : fsyncs.Max(f => f.Duration) * 1000, stalled.Count(x => x), stalled.Length, Percentile(calmSorted, 0.99), calmSorted.Length);
        if (opt.Timeline)
            foreach (var g in timeline.GroupBy(t => t.Second).OrderBy(g => g.Key))
            {
                var ms = g.Select(t => t.Ms).Order().ToArray();
                Console.WriteLine($"  second {g.Key,3}: started {ms.Length,6}  ok {g.Count(t => t.Ok),6}  p50 {ms[ms.Length / 2],7:F1} ms  p99 {ms[Math.Min(ms.Length - 1, (int)(0.99 * ms.Length))],7:F1} ms  max {ms[^1],7:F1} ms");
            }
        var late = waits.Where(l => l is not null).SelectMany(l => l).OrderBy(x => x).ToArray();
        var result = new RunResult(measuredOk / (double)opt.Seconds, P(0.50), P(0.95), P(0.99), ok, errors.Values.Sum(),
            string.Join(", ", errors.Select(e => $"{e.Key}: {e.Value}")), 0, true, "", all.Length,
            all.Length == 0 ? double.NaN : all[^1], late.Length == 0 ? 0 : late[Math.Min(late.Length - 1, (int)Math.Ceiling(0.99 * late.Length) - 1)], open ? peak : 0, disk);
        return (result, acked);
    }
}

internal static class AppRun
{
    /// <summary>The client id in a pooled body, swapped for a fresh one on every request.</summary>
    public const string Placeholder = "00000000-0000-0000-0000-0000000000ff";

    public static async Task<(RunResult Result, string[] Bodies)> Run(Options opt, TextWriter log)
    {
        var dir = Directory.CreateTempSubdirectory("parindex-load-").FullName;
        LocalPostgres? pg = null;
        try
        {
            DatabaseOptions database;
            if (opt.Provider == "postgres")
            {
                pg = await LocalPostgres.StartAsync(durable: true, opt.PgSettings);
                await pg.CreateDatabaseAsync("parindex");
                database = new DatabaseOptions { Provider = DatabaseSetup.Postgres, ConnectionString = pg.ConnectionString("parindex") };
            }
            else database = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(dir, "parindex.db")}" };
            var settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = database.Provider, ["Database:ConnectionString"] = database.ConnectionString, ["Database:SeedDemo"] = "true",
                ["RateLimits:Enabled"] = "false",
            };
            var prep = Stopwatch.StartNew();
            await using (await AppNode.StartAsync("seed", dir, settings, log)) { }   // migrates and seeds the demo round
            var tokens = await SampleMembers.IssueAsync(database, opt.Tokens, opt.Group);
            Console.WriteLine($"  prepared {tokens.Count} personal links in {prep.Elapsed.TotalSeconds:F1} s");
            settings["Database:SeedDemo"] = "false";
            await using var node = await AppNode.StartAsync("node", dir, settings, log);

            using var probe = new HttpClient { BaseAddress = node.BaseAddress };
            var form = (await probe.GetFromJsonAsync<FormDto>($"/api/v1/forms/{tokens[0]}", new JsonSerializerOptions(JsonSerializerDefaults.Web)
                { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } }))!;
            var engine = AnswerEngine.Create(form.Definition);
            // A pool of different valid answer sets; each request swaps in its own client id.

            // Full-length submissions only (skip logic lets a respondent who used no service answer a handful).
            var answered = Enumerable.Range(0, 1000)
                .Select(i => engine.Validate(SyntheticAnswers.For(form.Definition, form.RatedUnits, new Random(i)), form.RatedUnits))
                .Where(v => v.IsValid).Select(v => v.Cleaned)
                .Select(d => (Data: d, Count: d.Answers.Count + d.Units.Sum(u => u.Value.Count)))
                .OrderByDescending(d => d.Count).Take(256).ToList();
            // What the server's answer check costs per submission, for reading the figures below.
            var checkClock = Stopwatch.StartNew();
            foreach (var a in answered) engine.Validate(a.Data, form.RatedUnits);
            Console.WriteLine($"  answer check (AnswerEngine.Validate) on this machine: {checkClock.Elapsed.TotalMilliseconds / answered.Count:F2} ms per submission");
            var bodies = answered.Select(a =>
                JsonSerializer.Serialize(new { clientId = Guid.Parse(Placeholder), answers = a.Data.Answers, units = a.Data.Units, language = "vi", deviceClass = "phone" },
                    JsonSerializerOptions.Web)).ToArray();
            Console.WriteLine($"  questionnaire {form.Group} v{form.QuestionnaireVersion}: {answered.Average(a => a.Count):F1} answers per submission "
                              + $"({answered.Min(a => a.Count)}–{answered.Max(a => a.Count)}), body ≈ {bodies.Average(b => Encoding.UTF8.GetByteCount(b)):F0} bytes");

            var shown = 0;
            var (result, acked) = await Driver.Drive(opt, async (i, http) =>
            {
                var body = bodies[i % bodies.Length].Replace(Placeholder, Guid.NewGuid().ToString());
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var r = await http.PostAsync(new Uri(node.BaseAddress, $"/api/v1/forms/{tokens[i]}/submissions"), content);
                if (r.StatusCode == HttpStatusCode.Created)
                {
                    using var ack = JsonDocument.Parse(await r.Content.ReadAsStreamAsync());
                    return new Driver.Outcome(true, null, ack.RootElement.GetProperty("responseId").GetInt64());
                }
                var text = await r.Content.ReadAsStringAsync();
                if (Interlocked.Increment(ref shown) <= 3) Console.WriteLine($"  {(int)r.StatusCode}: {text[..Math.Min(400, text.Length)]}");
                return new Driver.Outcome(false, ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture), null);
            });

            // The count check: every acknowledged submission is in the database, and nothing else of the load is.
            node.Kill();
            await using var db = DatabaseSetup.CreateContext(database);
            var stored = await db.Responses.Where(r => r.Status == ResponseStatus.Submitted && db.Respondents.Any(m => m.Id == r.RespondentId && m.Code.StartsWith("LOAD-")))
                .Select(r => r.Id).ToListAsync();
            var storedSet = stored.ToHashSet();
            var lost = acked.Count(id => !storedSet.Contains(id));
            var extra = stored.Count - acked.Count;
            var countOk = lost == 0 && acked.Distinct().Count() == acked.Count;
            return (result with
            {
                Lost = lost, CountOk = countOk,
                CountCheck = $"{acked.Count} acknowledged, {stored.Count} in the database, {lost} acknowledged but missing, {extra} stored without an ack (in flight at the end or errors)",
            }, bodies);
        }
        finally
        {
            if (pg is not null) await pg.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }
}

/// <summary>
/// The ceiling: Kestrel in its own process, given the very bodies the app was given (the same questionnaire answers),
/// binding them to the same shape (answers and unit answers as dictionaries) and answering a small JSON ack.
/// </summary>
internal static class PlainPeer
{
    public static async Task Serve(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(args[Array.IndexOf(args, "--urls") + 1]);
        var app = builder.Build();
        var id = 0L;
        app.MapPost("/submit", (SubmissionBody body) =>
            Results.Json(new { responseId = Interlocked.Increment(ref id), clientId = body.ClientId, receivedAt = DateTime.UtcNow, duplicate = false }, statusCode: 201));
        app.MapGet("/health", () => "ok");
        if (Array.IndexOf(args, "--pages") is var p and >= 0) ParIndex.Load.PublicSite.MapPages(app, args[p + 1]);
        await app.RunAsync();
    }

    /// <summary>The public-site ceiling: the same page bytes, answered from memory by the plain peer.</summary>
    public static async Task<RunResult> RunPages(Options opt, byte[][] pages)
    {
        var dir = Directory.CreateTempSubdirectory("parindex-load-pages-").FullName;
        try
        {
            for (var i = 0; i < pages.Length; i++) await File.WriteAllBytesAsync(Path.Combine(dir, i.ToString(CultureInfo.InvariantCulture)), pages[i]);
            return await Run(opt, [], ["--pages", dir], async (url, i, http) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/page/{i % pages.Length}");
                request.Headers.AcceptEncoding.ParseAdd("br");
                using var r = await http.SendAsync(request);
                await r.Content.ReadAsByteArrayAsync();
                return new Driver.Outcome(r.StatusCode == HttpStatusCode.OK, ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture), null);
            });
        }
        finally { try { Directory.Delete(dir, true); } catch (IOException) { } }
    }

    public static Task<RunResult> Run(Options opt, string[] bodies) => Run(opt, bodies, [], async (url, i, http) =>
    {
        using var content = new StringContent(bodies[i % bodies.Length].Replace(AppRun.Placeholder, Guid.NewGuid().ToString()), Encoding.UTF8, "application/json");
        using var r = await http.PostAsync(url + "/submit", content);
        await r.Content.ReadAsStringAsync();
        return new Driver.Outcome(r.StatusCode == HttpStatusCode.Created, ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture), null);
    });

    private static async Task<RunResult> Run(Options opt, string[] bodies, string[] extra, Func<string, int, HttpClient, Task<Driver.Outcome>> send)
    {
        var url = $"http://127.0.0.1:{LocalPorts.Free()}";
        var self = Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? ["exec", typeof(PlainPeer).Assembly.Location] : Array.Empty<string>();
        var psi = new ProcessStartInfo(Environment.ProcessPath!, [.. self, "--serve-plain", "--urls", url, .. extra]) { UseShellExecute = false, RedirectStandardOutput = true };
        psi.Environment["DOTNET_gcServer"] = "1";
        using var peer = Process.Start(psi)!;
        peer.OutputDataReceived += (_, _) => { };
        peer.BeginOutputReadLine();
        try
        {
            using (var probe = new HttpClient())
            {
                for (var i = 0; ; i++)
                {
                    try { if ((await probe.GetAsync(url + "/health")).IsSuccessStatusCode) break; }
                    catch (HttpRequestException) when (i < 200) { await Task.Delay(50); }
                }
            }
            var (result, _) = await Driver.Drive(opt with { Tokens = int.MaxValue }, (i, http) => send(url, i, http));
            return result with { CountCheck = "n/a" };
        }
        finally
        {
            peer.Kill(entireProcessTree: true);
            await peer.WaitForExitAsync();
        }
    }
}
