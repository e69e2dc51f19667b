using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Sampling;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Features.Sampling;
using ParIndex.Web.Tests.ScaleOut;

namespace ParIndex.Load;

/// <summary>
/// tests/load/city.sh [--small] [--runs N] [--rate R] [--dashboards D] [--letters L] [--responses N] [--keep]
/// A city-scale round from nothing, on the real server (a separate process on a fresh SQLite database) and a real SMTP
/// server (aiosmtpd on loopback), timing each step a real year takes and printing a table against targets:
/// setup (round, units, groups, criteria, questionnaires), frame import, draw, issuing links, the link list, letters PDF,
/// an e-mail campaign, ingestion through the API with the live monitor watched by SignalR dashboards, scoring, exports.
/// Frame import and draw run the same handlers the sampling pages run (there is no HTTP API for them); everything
/// else goes through HTTP as staff or respondents would. --small is the short mode the test suite runs.
/// </summary>
internal static class CityRun
{
    private sealed record Scale(string Name, int Departments, int Communes, int XaDan, int TruongThon, int XaHdnd, int SoDanTotal, int SoHdnd,
        int FrameFactor, int Letters, int Responses, int Dashboards, double Rate);

    private static readonly Scale FullScale = new("city", 0, 0, XaDan: 920, TruongThon: 150, XaHdnd: 40, SoDanTotal: 10_000, SoHdnd: 100,
        FrameFactor: 2, Letters: 10_000, Responses: 100_000, Dashboards: 100, Rate: 1000);

    private static readonly Scale SmallScale = new("small", 0, 0, XaDan: 20, TruongThon: 6, XaHdnd: 5, SoDanTotal: 60, SoHdnd: 8,
        FrameFactor: 2, Letters: 40, Responses: 200, Dashboards: 5, Rate: 100);

    /// <summary>One timed step: its name, what it did, its target, and each run's seconds.</summary>
    private sealed record Step(string Name, string Work, string Target, List<double> Seconds, Func<double, string>? Rate = null, Func<List<double>, bool>? Met = null, string? Note = null)
    {
        public List<string> Loads { get; } = [];
    }

    public static async Task<int> Run(string[] args)
    {
        string? Get(string name) { var i = Array.IndexOf(args, "--" + name); return i >= 0 && i + 1 < args.Length ? args[i + 1] : null; }
        var scale = args.Contains("--small") ? SmallScale : FullScale;
        var units = args.Contains("--small") ? CityUnits.Small() : CityUnits.Full();
        scale = scale with
        {
            Departments = units.Departments.Count, Communes = units.Communes.Count,
            Letters = int.Parse(Get("letters") ?? scale.Letters.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            Responses = int.Parse(Get("responses") ?? scale.Responses.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            Dashboards = int.Parse(Get("dashboards") ?? scale.Dashboards.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            Rate = double.Parse(Get("rate") ?? scale.Rate.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        };
        var runs = int.Parse(Get("runs") ?? "3", CultureInfo.InvariantCulture);
        Console.WriteLine($"ParIndex city-scale run ({scale.Name}): {scale.Departments} Sở-level units, {scale.Communes} xã/phường, seven groups; "
                          + $"{Environment.ProcessorCount} cores, load average {Load()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        var steps = new List<Step>();
        var log = new StringWriter();
        var dir = Directory.CreateTempSubdirectory("parindex-city-").FullName;
        using var smtp = SmtpServer.Start(dir);
        var failed = false;
        try
        {
            var database = new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(dir, "parindex.db")}" };
            const string admin = "admin@city.parindex.local", password = "City-scale-run-2026!";
            var settings = new Dictionary<string, string>
            {
                ["Database:Provider"] = database.Provider, ["Database:ConnectionString"] = database.ConnectionString, ["Database:SeedDemo"] = "false",
                ["RateLimits:Enabled"] = "false", ["Bootstrap:AdminEmail"] = admin, ["Bootstrap:AdminPassword"] = password,
                ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture), ["Smtp:Security"] = "None",
                ["Links:PublicBaseUrl"] = "https://khaosat.example.gov.vn",
                // Everything the server logs goes to stderr, which AppNode keeps: a failed step shows the server's exception.
                ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
                // The build output has no wwwroot (a publish does): the letters PDF inlines the site's stylesheet from it.
                ["ASPNETCORE_WEBROOT"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(AppNode.ServerDll())!, "..", "..", "..", "wwwroot")),
            };
            await using var node = await AppNode.StartAsync("city", dir, settings, log);
            using var staff = await SignIn(node.BaseAddress, admin, password);

            // Setup: not a yearly cost worth a target, timed once for the record.
            var clock = Stopwatch.StartNew();
            var roundId = await SetUpRound(staff, database, units);
            steps.Add(new Step("setup: round, units, groups, criteria, questionnaires", $"{scale.Departments + scale.Communes} units, 7 groups", "—", [clock.Elapsed.TotalSeconds]));
            steps[^1].Loads.Add(Load());

            // Frame import and draw (the sampling pages' handlers).
            var frame = Frame(scale, units);
            var frameRows = frame.Count(c => c == '\n') - 1;
            clock.Restart();
            int versionId;
            await using (var db = DatabaseSetup.CreateContext(database))
            {
                var imported = await ImportFrame.Handle(db, roundId, "city", Encoding.UTF8.GetBytes(frame), "khung-mau-thanh-pho.csv", false, "city-run", DateTime.UtcNow, default);
                if (imported.Version is null) throw new InvalidOperationException("frame refused: " + string.Join("; ", imported.Report.Errors.Take(5).Select(e => e.MessageVi)));
                versionId = imported.Version.Id;
            }
            steps.Add(new Step("frame import (CSV, validated, stored)", $"{frameRows:N0} rows", "≤ 60 s", [clock.Elapsed.TotalSeconds], s => $"{frameRows / s:N0} rows/s", s => s.Median() <= 60));
            steps[^1].Loads.Add(Load());
            clock.Restart();
            var sampled = 0;
            foreach (var design in Designs(scale))
            {
                await using var db = DatabaseSetup.CreateContext(database);
                var draw = await DrawSample.Handle(db, roundId, versionId, design, 2026, null, "city-run", DateTime.UtcNow, default);
                sampled += draw.Officials;
            }
            steps.Add(new Step("draw (5 designs: SRS by unit, census)", $"{sampled:N0} sampled members", "≤ 60 s", [clock.Elapsed.TotalSeconds], s => $"{sampled / s:N0} members/s", s => s.Median() <= 60));
            steps[^1].Loads.Add(Load());
            Console.WriteLine($"  frame {frameRows:N0} rows, {sampled:N0} sampled members");

            // Issuing links and the link list (HTTP, as the institute does).
            clock.Restart();
            var issued = await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/invitations/issue", new { unitId = (int?)null, groupId = (int?)null });
            await Ok(issued, "issue");
            var issuedCount = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("issued").GetInt32();
            steps.Add(new Step("issue personal links (whole round)", $"{issuedCount:N0} links", "≤ 60 s", [clock.Elapsed.TotalSeconds], s => $"{issuedCount / s:N0} links/s", s => s.Median() <= 60));
            steps[^1].Loads.Add(Load());
            var linkList = new Step("link list export (CSV, whole round)", $"{issuedCount:N0} links", "≤ 30 s", [], s => $"{issuedCount / s:N0} links/s", s => s.Median() <= 30);
            List<LinkLine> links = [];
            for (var r = 0; r < runs; r++)
            {
                clock.Restart();
                var csv = await staff.GetStringAsync($"/api/v1/rounds/{roundId}/invitations/export.csv");
                linkList.Seconds.Add(clock.Elapsed.TotalSeconds);
                linkList.Loads.Add(Load());
                links = LinkLine.Parse(csv);
            }
            steps.Add(linkList);
            if (links.Count != issuedCount) throw new InvalidOperationException($"the link list has {links.Count} links, {issuedCount} were issued");

            // Letters: one PDF per unit and group, as the letters page prints them, until the target count.
            var letterBatches = await staff.GetFromJsonAsync<List<JsonElement>>($"/api/v1/rounds/{roundId}/units");
            var groups = await staff.GetFromJsonAsync<List<JsonElement>>($"/api/v1/rounds/{roundId}/groups");
            var unitIds = letterBatches!.ToDictionary(u => u.GetProperty("name").GetString()!, u => u.GetProperty("id").GetInt32());
            var groupIds = groups!.ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("id").GetInt32());
            var batches = links.Where(l => l.Unit.Length > 0).GroupBy(l => (l.Group, l.Unit)).OrderByDescending(g => g.Count()).ToList();
            var letters = new Step($"letters PDF (headless Chromium, one PDF per unit and group)", "", "≥ 100 pages/s", [], null, null);
            var pages = 0;
            var printed = 0;
            clock.Restart();
            foreach (var batch in batches)
            {
                if (printed >= scale.Letters) break;
                using var pdf = await staff.GetAsync($"/rounds/{roundId}/invitations/letters?handler=Pdf&unitId={unitIds[batch.Key.Unit]}&groupId={groupIds[batch.Key.Group]}");
                await Ok(pdf, "letters PDF");
                var text = Encoding.Latin1.GetString(await pdf.Content.ReadAsByteArrayAsync());
                pages += Regex.Count(text, @"/Type\s*/Page[^s]");
                printed += batch.Count();
            }
            var letterSeconds = clock.Elapsed.TotalSeconds;
            steps.Add(letters with
            {
                Work = $"{printed:N0} letters, {pages:N0} pages", Seconds = [letterSeconds], Rate = s => $"{pages / s:N1} pages/s",
                Met = s => pages / s.Median() >= 100,
                Note = pages == printed ? null : $"{pages} pages for {printed} letters",
            });
            steps[^1].Loads.Add(Load());
            if (pages != printed) failed = true;
            steps.AddRange(await LettersPeer(Math.Min(scale.Letters, 500)));

            // An e-mail campaign to the citizens rating Sở (they have addresses), real SMTP on loopback.
            var soDan = groupIds[DemoData.Groups.Single(x => x.Code == "SO-DAN").Name];
            clock.Restart();
            var started = await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/campaigns", new { kind = "Invitation", groupId = soDan });
            await Ok(started, "campaign");
            var campaign = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement;
            var campaignId = campaign.GetProperty("id").GetInt32();
            var total = campaign.GetProperty("total").GetInt32();
            JsonElement progress;
            do
            {
                await Task.Delay(250);
                progress = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/rounds/{roundId}/campaigns/{campaignId}");
            } while (progress.GetProperty("status").GetString() != "Done" && clock.Elapsed < TimeSpan.FromMinutes(30));
            var mailSeconds = clock.Elapsed.TotalSeconds;
            var sent = progress.GetProperty("sent").GetInt32();
            var received = smtp.Received();
            steps.Add(new Step("e-mail campaign (MailKit → aiosmtpd on loopback)", $"{sent:N0} of {total:N0} sent, {received:N0} received", "≤ 10 min (≥ 17/s)", [mailSeconds],
                s => $"{sent / s:N1} messages/s", s => s.Median() <= 600, sent == total && received == total ? null : $"{progress.GetProperty("failed").GetInt32()} failed"));
            steps[^1].Loads.Add(Load());
            if (sent != total || received != total) failed = true;

            // Ingestion through the API with the live monitor watched.
            var (ingest, monitor, countOk) = await Ingest(node.BaseAddress, staff, database, roundId, links, scale, log);
            steps.Add(ingest);
            steps.Add(monitor);
            if (!countOk) failed = true;

            // Scoring and exports, as the institute runs them (HTTP).
            steps.Add(await Timed("scoring run (POST scoring/runs)", runs, async () =>
            {
                var run = await staff.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null);
                await Ok(run, "scoring");
                return JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement.GetProperty("responseCount").GetInt32() + " responses";
            }, "≤ 10 s", 10));
            foreach (var (name, path, target) in new[]
                     {
                         ("export: scores CSV", "scoring/export.csv", 5.0), ("export: scores XLSX", "scoring/export.xlsx", 5.0),
                         ("export: cells CSV", "scoring/cells.csv", 5.0), ("export: codebook CSV", "data/codebook.csv", 5.0),
                         ("export: long CSV (one row per answer)", "data/long.csv", 30.0), ("export: wide CSV of XA-DAN", "data/wide.csv?group=XA-DAN", 30.0),
                         ("export: wide XLSX of XA-DAN", "data/wide.xlsx?group=XA-DAN", 60.0),
                     })
                steps.Add(await Timed(name, runs, async () =>
                {
                    using var r = await staff.GetAsync($"/api/v1/rounds/{roundId}/{path}", HttpCompletionOption.ResponseHeadersRead);
                    await Ok(r, name);
                    await using var body = await r.Content.ReadAsStreamAsync();
                    var bytes = 0L;
                    var buffer = new byte[1 << 16];
                    for (int n; (n = await body.ReadAsync(buffer)) > 0;) bytes += n;
                    return $"{bytes / 1048576.0:N1} MB";
                }, $"≤ {target:0} s", target));

            // Public results pages: another branch (publication) is building them; time them here when they are on main.
            var publication = typeof(ParIndexDbContext).Assembly.GetTypes().Any(t => t.Namespace?.EndsWith(".Features.Publication", StringComparison.Ordinal) == true);
            steps.Add(new Step("public results pages", publication ? "Features/Publication exists: add its pages to this harness" : "not on main (branch publication): nothing to time", "—", []));
        }
        catch (Exception e)
        {
            Console.WriteLine($"FAILED: {e}\n--- server log ---\n{log}");
            failed = true;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (args.Contains("--keep")) Console.WriteLine($"kept: {dir} (parindex.db, mail/)");
            else try { Directory.Delete(dir, true); } catch (IOException) { }
        }
        Print(steps, runs);
        Console.WriteLine($"load average at the end: {Load()}");
        if (failed) Console.WriteLine("FAILED: see above");
        return failed ? 1 : 0;
    }

    /// <summary>
    /// The peer for the letters: the same letters printed by the same <see cref="PdfPrinter"/> in one process, as the
    /// document was before (each QR code an &lt;img&gt; of an SVG data URI) and as it is now (inline SVG paths).
    /// </summary>
    private static async Task<List<Step>> LettersPeer(int count)
    {
        var round = new Round { Code = "CITY-2026", Name = "Chỉ số CCHC 2026 — toàn thành phố" };
        var rows = Enumerable.Range(0, count).Select(i => new ParIndex.Web.Features.Distribution.LinkRow(i, $"S1-{i:D5}", "Người dân, tổ chức, hộ kinh doanh", "Phường Hoàn Kiếm",
            $"Người trả lời {i}", null, null, "https://khaosat.example.gov.vn/r/" + ParIndex.Web.Features.Distribution.LinkTokens.NewSalt() + ParIndex.Web.Features.Distribution.LinkTokens.NewSalt(), null)).ToList();
        var css = await File.ReadAllTextAsync(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(AppNode.ServerDll())!, "..", "..", "..", "wwwroot", "css", "site.css")));
        var before = $"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Thư mời</title><style>{css}</style></head><body class=\"staff\"><main>"
                     + ParIndex.Web.Features.Distribution.LetterDocument.Articles(round, rows, "15/12/2026", l => ParIndex.Web.Features.Distribution.LetterDocument.QrImage(
                         "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(ParIndex.Web.Features.Distribution.QrCodes.Svg(l.Link)))))
                     + "</main></body></html>";
        var now = ParIndex.Web.Features.Distribution.LetterDocument.Standalone(round, rows, "15/12/2026", css);
        var printer = new ParIndex.Web.Features.Distribution.PdfPrinter(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ParIndex.Web.Features.Distribution.PdfPrinter>.Instance);
        var steps = new List<Step>();
        foreach (var (name, html) in new[] { ("letters PDF peer: the previous document (QR as SVG image per letter)", before), ("letters PDF peer: the same letters, QR as inline SVG path", now) })
        {
            var clock = Stopwatch.StartNew();
            var pdf = await printer.PrintAsync(html, default);
            var seconds = clock.Elapsed.TotalSeconds;
            var pages = Regex.Count(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]");
            var step = new Step(name, $"{count} letters, {pages} pages, {pdf.Length / 1048576.0:N1} MB, one Chromium print in-process", "—", [seconds], s => $"{pages / s:N1} pages/s");
            step.Loads.Add(Load());
            steps.Add(step);
        }
        return steps;
    }

    private static async Task<Step> Timed(string name, int runs, Func<Task<string>> action, string target, double limit)
    {
        var step = new Step(name, "", target, [], null, s => s.Median() <= limit);
        var work = "";
        for (var r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            work = await action();
            step.Seconds.Add(clock.Elapsed.TotalSeconds);
            step.Loads.Add(Load());
        }
        return step with { Work = work };
    }

    private static void Print(List<Step> steps, int runs)
    {
        Console.WriteLine();
        Console.WriteLine($"| step | work | target | measured (median; runs) | rate | met | load average (1/5/15 min) after each run |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var s in steps)
        {
            var measured = s.Seconds.Count == 0 ? "—" : s.Seconds.Count == 1 ? $"{s.Seconds[0]:F2} s (1 run)"
                : $"{s.Seconds.Median():F2} s (median of {s.Seconds.Count}: {string.Join(", ", s.Seconds.Select(x => x.ToString("F2", CultureInfo.InvariantCulture)))})";
            var rate = s.Rate is null || s.Seconds.Count == 0 ? "" : s.Rate(s.Seconds.Median());
            var met = s.Met is null || s.Seconds.Count == 0 ? "" : s.Met(s.Seconds) ? "yes" : "**no**";
            Console.WriteLine($"| {s.Name} | {s.Work} | {s.Target} | {measured} | {rate} | {met} | {string.Join("; ", s.Loads)}{(s.Note is null ? "" : " — " + s.Note)} |");
        }
    }

    private static double Median(this List<double> v)
    {
        var s = v.Order().ToList();
        return s.Count == 0 ? double.NaN : s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static async Task Ok(HttpResponseMessage r, string what)
    {
        if (!r.IsSuccessStatusCode)
            throw new InvalidOperationException($"{what}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    private static async Task<HttpClient> SignIn(Uri baseAddress, string email, string password)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(20) };
        var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        await Ok(login, "login");
        http.DefaultRequestHeaders.Add("Cookie", login.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("parindex.auth=", StringComparison.Ordinal)).Split(';')[0]);
        http.DefaultRequestHeaders.Add("X-Requested-With", "ParIndex.CityRun");
        return http;
    }

    /// <summary>A round from nothing, as the institute sets one up: through the API, and the questionnaires published.</summary>
    private static async Task<int> SetUpRound(HttpClient staff, DatabaseOptions database, (List<(string Code, string Name)> Departments, List<(string Code, string Name)> Communes) units)
    {
        var created = await staff.PostAsJsonAsync("/api/v1/rounds", new { code = "CITY-2026", name = "Chỉ số CCHC 2026 — toàn thành phố", year = 2026, periodStart = "2026-01-01", periodEnd = "2026-10-31" });
        await Ok(created, "create round");
        var roundId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        var csv = new StringBuilder("code,name,type\n");
        foreach (var (code, name) in units.Departments) csv.Append(CultureInfo.InvariantCulture, $"{code},\"{name}\",SO\n");
        foreach (var (code, name) in units.Communes) csv.Append(CultureInfo.InvariantCulture, $"{code},\"{name}\",XA\n");
        await Ok(await staff.PostAsync($"/api/v1/rounds/{roundId}/units/import?fileName=units.csv", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")), "import units");
        foreach (var g in DemoData.Groups)
            await Ok(await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/groups", new { code = g.Code, name = g.Name, nameEn = g.NameEn, unitTypeCode = g.UnitType, scoreWeight = 1, ratesManyUnits = g.RatesMany }), "group " + g.Code);
        foreach (var type in new[] { "SO", "XA" })
            await Ok(await staff.PutAsJsonAsync($"/api/v1/rounds/{roundId}/criteria/{type}",
                DemoData.Criteria.Select(c => new { code = c.Code, name = c.Name, nameEn = c.NameEn, maxPoints = c.MaxPoints, component = c.Component.ToString() })), "criteria " + type);

        // Each group's full 2026 questionnaire, published (the designer's pages do this one by one).
        await using var db = DatabaseSetup.CreateContext(database);
        var now = DateTime.UtcNow;
        var definitions = ParIndex.Web.Features.Questionnaires.DefaultQuestionnaires.All().Where(d => !d.Id.StartsWith("DEMO", StringComparison.Ordinal)).ToList();
        foreach (var group in await db.RespondentGroups.Where(g => g.RoundId == roundId).ToListAsync())
        {
            var definition = definitions.First(d => d.RespondentGroup == group.Code);
            var version = new QuestionnaireVersion { Number = 1, Status = QuestionnaireVersionStatus.Draft, DefinitionJson = QuestionnaireSerializer.ToJson(definition), CreatedAt = now };
            version.Publish(QuestionnaireSerializer.ContentHash(definition), now);
            db.Questionnaires.Add(new Questionnaire { RoundId = roundId, RespondentGroupId = group.Id, Code = definition.Id, Title = definition.Title.Get("vi"), Versions = [version] });
        }
        await db.SaveChangesAsync();
        return roundId;
    }

    /// <summary>
    /// The frame: every group's population, <see cref="Scale.FrameFactor"/> times its sample (officials: the whole
    /// group, drawn as a census). Citizens and officials carry e-mail addresses on the reserved example.com domain. The
    /// stratum column (tang) names the group as well as the unit: scoring builds one design across all groups, keyed by the
    /// stratum label alone, so two groups stratified by unit alone would share strata with different population sizes
    /// (a crash, "FPC implies more than 100% sampling", when the smaller N is read first — reported on issue 23).
    /// </summary>
    private static string Frame(Scale scale, (List<(string Code, string Name)> Departments, List<(string Code, string Name)> Communes) units)
    {
        var sb = new StringBuilder("id,name,email,group,unit,tang\n");
        var n = 0;
        void Row(string group, string unit) =>
            sb.Append(CultureInfo.InvariantCulture, $"C{++n:D7},Người trả lời {n},c{n:D7}@example.com,{group},{unit},{group}{(unit.Length > 0 ? ":" + unit : "")}\n");
        foreach (var (code, _) in units.Communes)
        {
            for (var i = 0; i < scale.XaDan * scale.FrameFactor; i++) Row("XA-DAN", code);
            for (var i = 0; i < scale.TruongThon * scale.FrameFactor; i++) Row("XA-TRUONGTHON", code);
            for (var i = 0; i < scale.XaHdnd * scale.FrameFactor; i++) Row("XA-HDND", code);
            Row("SO-CTXA", "");   // one chair per xã/phường, rating the Sở
        }
        var perSo = (int)Math.Ceiling(scale.SoDanTotal / (double)scale.Departments);
        foreach (var (code, _) in units.Departments)
        {
            for (var i = 0; i < perSo * scale.FrameFactor; i++) Row("SO-DAN", code);
            Row("XA-GDSO", "");   // one director per Sở, rating the xã/phường
        }
        for (var i = 0; i < scale.SoHdnd; i++) Row("SO-HDND", "");
        return sb.ToString();
    }

    private static IEnumerable<SampleDesign> Designs(Scale scale)
    {
        var perSo = (int)Math.Ceiling(scale.SoDanTotal / (double)scale.Departments);
        SampleDesign ByUnit(string group, int count) => new()
        {
            Name = $"city-{group.ToLowerInvariant()}", Groups = [group], Strata = ["tang"], Stages = [new StageDesign { Method = "srs", Count = count }],
            Reserve = new ReserveDesign { Ratio = 0 },
        };
        yield return ByUnit("XA-DAN", scale.XaDan);
        yield return ByUnit("XA-TRUONGTHON", scale.TruongThon);
        yield return ByUnit("XA-HDND", scale.XaHdnd);
        yield return ByUnit("SO-DAN", perSo);
        yield return new SampleDesign
        {
            Name = "city-officials-census", Groups = ["SO-HDND", "SO-CTXA", "XA-GDSO"], Strata = ["tang"], Stages = [new StageDesign { Method = "census" }], Reserve = new ReserveDesign { Ratio = 0 },
        };
    }

    /// <summary>
    /// Submissions of the sampled members (a seeded shuffle of the link list) through /api/v1/forms/{token}/submissions,
    /// open model: submission i is due at i / rate whatever the server does, at most <c>clients</c> in flight, and its
    /// latency runs from its due time (waiting for a free client counts). Meanwhile dashboards watch the round over
    /// SignalR. The monitor's delay is measured per (response, dashboard) from the response's acknowledgement to the
    /// first update whose running total of submissions includes it: responses are numbered in commit order (their ids),
    /// and every update carries how many submissions it reports (it lists their ids only for batches of at most 50).
    /// Every dashboard must hear of every response.
    /// </summary>
    private static async Task<(Step Ingest, Step Monitor, bool CountOk)> Ingest(Uri baseAddress, HttpClient staff, DatabaseOptions database, int roundId,
        List<LinkLine> links, Scale scale, TextWriter log)
    {
        var chosen = links.ToList();
        new Random(23).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chosen));
        chosen = chosen.Take(scale.Responses).ToList();

        // Bodies: a few valid answer sets per questionnaire and rated unit(s), from the form each respondent is served.
        using var anonymous = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var jsonOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var pools = new Dictionary<(string Group, string Unit), string[]>();
        var prepare = Stopwatch.StartNew();
        foreach (var key in chosen.Select(l => (l.Group, l.Unit)).Distinct())
        {
            var token = chosen.First(l => (l.Group, l.Unit) == key).Token;
            var form = (await anonymous.GetFromJsonAsync<FormDto>($"/api/v1/forms/{token}", jsonOptions))!;
            var engine = AnswerEngine.Create(form.Definition);
            pools[key] = Enumerable.Range(0, 200).Select(i => engine.Validate(SyntheticAnswers.For(form.Definition, form.RatedUnits, new Random(i)), form.RatedUnits))
                .Where(v => v.IsValid).Take(4)
                .Select(v => JsonSerializer.Serialize(new { clientId = Guid.Parse(AppRun.Placeholder), answers = v.Cleaned.Answers, units = v.Cleaned.Units, language = "vi", deviceClass = "phone" }, JsonSerializerOptions.Web))
                .ToArray();
            if (pools[key].Length == 0) throw new InvalidOperationException($"no valid synthetic answers for {key}");
        }
        Console.WriteLine($"  answer pools for {pools.Count} (questionnaire, unit) pairs in {prepare.Elapsed.TotalSeconds:F1} s; load {Load()}");

        // The dashboards: each keeps (running total of submissions, arrival) per update.
        var cookie = staff.DefaultRequestHeaders.GetValues("Cookie").First();
        var updates = Enumerable.Range(0, scale.Dashboards).Select(_ => new List<(long Total, long At)>()).ToArray();
        var hubs = new List<HubConnection>();
        for (var d = 0; d < scale.Dashboards; d++)
        {
            var mine = updates[d];
            var hub = new HubConnectionBuilder().WithUrl(new Uri(baseAddress, MonitorHub.Path), o => o.Headers["Cookie"] = cookie).Build();
            hub.On<ProgressUpdate>(MonitorHub.ProgressMethod, u =>
            {
                var now = Stopwatch.GetTimestamp();
                lock (mine) if (u.Submissions > 0) mine.Add(((mine.Count == 0 ? 0 : mine[^1].Total) + u.Submissions, now));
            });
            await hub.StartAsync();
            await hub.InvokeAsync<ProgressUpdate>("JoinRound", roundId);
            hubs.Add(hub);
        }

        var clients = Math.Min(500, Math.Max(8, (int)scale.Rate));
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var n = chosen.Count;
        var latency = new double[n];
        var acks = new ConcurrentDictionary<long, long>();
        var errors = new ConcurrentDictionary<string, int>();
        var shown = 0;
        using var gate = new SemaphoreSlim(clients);
        var tasks = new List<Task>(n);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            var due = TimeSpan.FromSeconds(i / scale.Rate);
            if (due - clock.Elapsed is { TotalMilliseconds: > 2 } early) await Task.Delay(early);
            await gate.WaitAsync();
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var line = chosen[index];
                    var pool = pools[(line.Group, line.Unit)];
                    using var content = new StringContent(pool[index % pool.Length].Replace(AppRun.Placeholder, Guid.NewGuid().ToString()), Encoding.UTF8, "application/json");
                    using var r = await http.PostAsync($"/api/v1/forms/{line.Token}/submissions", content);
                    var at = Stopwatch.GetTimestamp();
                    latency[index] = (clock.Elapsed - due).TotalMilliseconds;
                    if (r.StatusCode == HttpStatusCode.Created)
                    {
                        using var ack = JsonDocument.Parse(await r.Content.ReadAsStreamAsync());
                        acks[ack.RootElement.GetProperty("responseId").GetInt64()] = at;
                        return;
                    }
                    latency[index] = double.NaN;
                    errors.AddOrUpdate(((int)r.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
                    var text = await r.Content.ReadAsStringAsync();
                    if (Interlocked.Increment(ref shown) <= 3) Console.WriteLine($"  {(int)r.StatusCode}: {text[..Math.Min(400, text.Length)]}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    latency[index] = double.NaN;
                    errors.AddOrUpdate(e.GetType().Name, 1, (_, c) => c + 1);
                }
                finally { gate.Release(); }
            }));
        }
        await Task.WhenAll(tasks);
        var wall = clock.Elapsed.TotalSeconds;
        var ingestLoad = Load();
        var until = DateTime.UtcNow.AddSeconds(30);
        long Heard(int d) { lock (updates[d]) return updates[d].Count == 0 ? 0 : updates[d][^1].Total; }
        while (Enumerable.Range(0, scale.Dashboards).Any(d => Heard(d) < acks.Count) && DateTime.UtcNow < until) await Task.Delay(100);
        foreach (var hub in hubs) await hub.DisposeAsync();

        var ok = latency.Where(double.IsFinite).Order().ToArray();
        static double Pct(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        var ids = acks.Keys.Order().ToArray();
        var sampleEvery = Math.Max(1, ids.Length / 5000);
        var delays = new List<double>();
        for (var rank = 0; rank < ids.Length; rank += sampleEvery)
            foreach (var list in updates)
            {
                var k = list.FindIndex(u => u.Total >= rank + 1);
                if (k >= 0) delays.Add(Math.Max(0, Stopwatch.GetElapsedTime(acks[ids[rank]], list[k].At).TotalMilliseconds));
            }
        var delaySorted = delays.Order().ToArray();
        var everyoneHeard = Enumerable.Range(0, scale.Dashboards).All(d => Heard(d) == acks.Count);

        await using var db = DatabaseSetup.CreateContext(database);
        var stored = await db.Responses.CountAsync(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted);
        var countOk = stored == acks.Count && errors.IsEmpty;
        var throughput = acks.Count / wall;
        var errorText = string.Join(", ", errors.Select(e => $"{e.Key}: {e.Value}"));
        var ingest = new Step($"ingest responses (HTTP API, open model at {scale.Rate:N0}/s offered, ≤ {clients} in flight)",
            $"{acks.Count:N0} acknowledged, {stored:N0} stored, {errors.Values.Sum()} errors{(errorText.Length > 0 ? " (" + errorText + ")" : "")}",
            "carries the offered rate; p99 < 200 ms", [wall], _ => $"{throughput:N0}/s, p50 {Pct(ok, 0.5):F0} ms, p95 {Pct(ok, 0.95):F0} ms, p99 {Pct(ok, 0.99):F0} ms",
            _ => countOk && throughput >= 0.95 * scale.Rate && Pct(ok, 0.99) < 200);
        ingest.Loads.Add(ingestLoad);
        var monitor = new Step($"live monitor: {scale.Dashboards} SignalR dashboards during ingestion",
            $"{delays.Count:N0} deliveries timed (every {sampleEvery}. response × {scale.Dashboards}); every dashboard heard every response: {(everyoneHeard ? "yes" : "NO")}",
            "p95 ack → update < 500 ms", [wall], _ => $"p50 {Pct(delaySorted, 0.5):F0} ms, p95 {Pct(delaySorted, 0.95):F0} ms, p99 {Pct(delaySorted, 0.99):F0} ms",
            _ => everyoneHeard && Pct(delaySorted, 0.95) < 500);
        monitor.Loads.Add(ingestLoad);
        Console.WriteLine($"  ingestion: {acks.Count} in {wall:F1} s ({throughput:F0}/s), p50 {Pct(ok, 0.5):F0} ms p99 {Pct(ok, 0.99):F0} ms, errors {errors.Values.Sum()}; "
                          + $"monitor p95 {Pct(delaySorted, 0.95):F0} ms; heard {string.Join(",", Enumerable.Range(0, Math.Min(5, scale.Dashboards)).Select(Heard))}… of {acks.Count}");
        return (ingest, monitor, countOk && everyoneHeard);
    }
}

/// <summary>One line of the link list export: the respondent's group and unit (names) and token.</summary>
internal sealed record LinkLine(string Group, string Unit, string Token)
{
    public static List<LinkLine> Parse(string csv)
    {
        var rows = Csv(csv.TrimStart('\uFEFF')).ToList();
        var header = rows[0];
        int Col(string name) => Array.IndexOf(header, name);
        int group = Col("nhom"), unit = Col("don_vi"), link = Col("lien_ket");
        return rows.Skip(1).Where(r => r.Length == header.Length)
            .Select(r => new LinkLine(r[group], r[unit], r[link][(r[link].LastIndexOf('/') + 1)..])).ToList();
    }

    private static IEnumerable<string[]> Csv(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r')); field.Clear();
                yield return [.. fields];
                fields.Clear();
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); yield return [.. fields]; }
    }
}

/// <summary>python3-aiosmtpd on loopback, counting what it receives (its Maildir handler writes one file per message).</summary>
internal sealed class SmtpServer : IDisposable
{
    private readonly Process process;
    private readonly string maildir;

    public int Port { get; }

    private SmtpServer(Process process, string maildir, int port) => (this.process, this.maildir, Port) = (process, maildir, port);

    public static SmtpServer Start(string dir)
    {
        var maildir = Path.Combine(dir, "mail");
        foreach (var sub in new[] { "new", "cur", "tmp" }) Directory.CreateDirectory(Path.Combine(maildir, sub));
        var port = LocalPorts.Free();
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var process = Process.Start(new ProcessStartInfo(python, ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
            { RedirectStandardError = true, RedirectStandardOutput = true }) ?? throw new InvalidOperationException("python3 did not start");
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; Thread.Sleep(100))
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return new SmtpServer(process, maildir, port);
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !process.HasExited) { }
            catch (System.Net.Sockets.SocketException)
            {
                throw new InvalidOperationException("aiosmtpd did not start (apt-get install -y python3-aiosmtpd): " + (process.HasExited ? process.StandardError.ReadToEnd() : ""));
            }
        }
    }

    public int Received() => Directory.GetFiles(Path.Combine(maildir, "new")).Length;

    public void Dispose()
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.Dispose();
    }
}
