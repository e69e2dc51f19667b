using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Xunit.Abstractions;
using Microsoft.EntityFrameworkCore;
using ParIndex.Cli;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Core.Tabular;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Features.FieldEntry;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Security;

/// <summary>
/// k = 5 on every output, as a property of the app rather than of today's outputs: a round is seeded with cells of 1–4
/// respondents (one Sở with exactly 1 citizen, one with 4, one with 5, plus the demo's own small delegate and official
/// cells), scored, and then every GET endpoint the app maps (read from <see cref="Microsoft.AspNetCore.Routing.EndpointDataSource"/>,
/// as the role matrix does — a new page or API is walked without editing this test) is called as Designer, Viewer and
/// Admin in both languages, and every file <c>parindex score</c> writes is read. It fails on any JSON object, HTML row or
/// paragraph, CSV/XLSX/Markdown row that ties a count of 1–4 respondents to a figure, any withheld figure with a number,
/// and any percentage interval outside 0–100 %.
/// </summary>
public sealed partial class SmallCellWalkerTests(SmallCellWalkerTests.OwnApp app, ITestOutputHelper log) : IClassFixture<SmallCellWalkerTests.OwnApp>, IDisposable
{
    /// <summary>Its own database: the walk rejects and adds responses and scores the round.</summary>
    public sealed class OwnApp : ParIndexFactory;

    private const int K = 5;
    private readonly string outDir = Directory.CreateTempSubdirectory("parindex-walk-").FullName;

    /// <summary>Sở whose citizens (SO-DAN) are set to exactly this many counted responses.</summary>
    private static readonly (string Unit, int Citizens)[] Designed = [("SO-NV", 1), ("SO-TP", 4), ("SO-TC", 5)];

    [Fact]
    public async Task No_output_of_any_endpoint_or_of_the_score_command_carries_a_figure_from_fewer_than_five_respondents()
    {
        var roundId = await SeedSmallCells();
        var designer = await app.CreateClientAs(Roles.Designer);
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsync($"/api/v1/rounds/{roundId}/scoring/appraisal?fileName=a.csv",
            new StringContent(await AppraisalCsv(roundId), Encoding.UTF8, "text/csv"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await designer.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).StatusCode);

        // The designed units, from the engine's own answer: the three Sở's SIPAS rests on their citizens only.
        var latest = await (await designer.GetAsync($"/api/v1/rounds/{roundId}/scoring/runs/latest")).ReadJson();
        var sipas = latest.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("unitCode").GetString()!,
            u => u.GetProperty("sipas").EnumerateArray().ToDictionary(s => s.GetProperty("code").GetString()!, s => s.GetProperty("share")));
        foreach (var unit in new[] { "SO-NV", "SO-TP" })
            Assert.All(sipas[unit].Values, s => { Assert.True(s.GetProperty("suppressed").GetBoolean(), unit); Assert.Equal(JsonValueKind.Null, s.GetProperty("value").ValueKind); });
        Assert.Contains(sipas["SO-TC"].Values, s => s.GetProperty("respondents").GetInt32() == K && s.GetProperty("value").ValueKind == JsonValueKind.Number);

        var findings = new Findings();
        await WalkEndpoints(roundId, findings);
        await WalkScoreCommand(roundId, findings);

        log.WriteLine($"{findings.Bodies} outputs, {findings.WithheldJson} withheld JSON figures, {findings.SmallHtmlRows} HTML rows with a count under k, "
            + $"{findings.WithheldCsvRows} withheld CSV rows, {findings.Intervals} intervals checked, {findings.Problems.Count} problems");
        Assert.True(findings.Problems.Count == 0, $"{findings.Problems.Count} outputs break k = {K} or an interval's range:\n"
            + string.Join("\n", findings.Problems.GroupBy(p => { var shape = Regex.Replace(p, @"\d+", "#"); return shape[..Math.Min(shape.Length, 90)]; }).Select(g => g.First()).Take(60)));
        // Not a vacuous walk: it read many outputs, and among them withheld figures of every kind.
        Assert.True(findings.Bodies > 300, $"only {findings.Bodies} outputs read");
        Assert.True(findings.WithheldJson > 50, $"only {findings.WithheldJson} withheld JSON figures seen");
        Assert.True(findings.SmallHtmlRows > 5, $"only {findings.SmallHtmlRows} HTML rows with a small count seen");
        Assert.True(findings.WithheldCsvRows > 5, $"only {findings.WithheldCsvRows} withheld CSV rows seen");
        Assert.True(findings.Intervals > 200, $"only {findings.Intervals} intervals checked");
    }

    /// <summary>The checks catch what engine 1.0 published (the issue's examples), so a pass means something.</summary>
    [Fact]
    public void The_checks_flag_what_the_old_engine_published()
    {
        Findings F(Action<Findings> check) { var f = new Findings(); check(f); return f; }
        Assert.Single(F(f => CheckJson("old api", """{"units":[{"sipas":[{"code":"feedback","share":{"value":0.6667,"standardError":0.3,"lower":0.1,"upper":0.99,"respondents":1,"suppressed":false}}]}]}""", f)).Problems);
        Assert.Equal(2, F(f => CheckJson("old projection", """[{"unitCode":"SO-NV","responses":3,"percent":66.67,"lower":10,"upper":104.2}]""", f)).Problems.Count);
        Assert.Equal(2, F(f => CheckHtml("old unit page", "<table><thead><tr><th>Yếu tố / lĩnh vực</th><th>Tỷ lệ hài lòng</th><th>KTC 95%</th><th>n</th></tr></thead><tbody><tr><td>feedback</td><td>66,67%</td><td>9,43% – 97,01%</td><td>1</td></tr></tbody></table>", f)).Problems.Count);
        Assert.Single(F(f => CheckHtml("old interval", "<p>SIPAS chung: 97,00% (KTC 95%: 91,20% – 102,80%)</p>", f)).Problems);
        Assert.Single(F(f => CheckHtml("old header", "<p>Chỉ số: — · Điểm thẩm định: 45,00 · Điểm điều tra XHH: 21,30 · 3 người trả lời</p>", f)).Problems);
        Assert.Equal(4, F(f => CheckCsv("old cells.csv", "unit_code,group,target,respondents,suppressed,share,se,lower,upper\nSO-NV,SO-DAN,access,3,0,0.5,0.2,0.1,0.9\n"u8.ToArray(), "cells.csv", f)).Problems.Count);
        // And leave alone what is allowed: a withheld row, appraisal points next to a small count shown as "< 5".
        Assert.Empty(F(f => CheckHtml("new unit page", "<table><thead><tr><th>Nhóm</th><th>n</th><th>Tỷ lệ</th></tr></thead><tbody><tr><td>SO-DAN</td><td>&lt; 5</td><td>ẩn</td></tr></tbody></table><p>Điểm thẩm định: 45,00 · &lt; 5 người trả lời</p>", f)).Problems);
    }

    // ---------------------------------------------------------------- seeding

    private async Task<int> SeedSmallCells()
    {
        var roundId = await app.WithDb(db => db.Rounds.Where(r => r.Code == DemoData.RoundCode).Select(r => r.Id).FirstAsync());
        var http = app.CreateClient();
        foreach (var (unitCode, target) in Designed)
        {
            var counted = await Counted(roundId, unitCode);
            // Too many: a supervisor rejects the surplus (a rejected response does not count).
            foreach (var id in counted.Skip(target))
                Assert.IsType<ReviewOutcome.Done>(await app.WithDb(db => ReviewResponse.Handle(db, roundId, id, ReviewAction.Reject, "kiểm thử ẩn danh", "tests", DateTime.UtcNow, default)));
            // Too few: more citizens of the unit answer through their personal links.
            for (var i = counted.Count; i < target; i++)
            {
                var token = await IssueToken(roundId, "SO-DAN", unitCode);
                var (_, data) = await Answers.ValidFor(http, token, seed: 700 + i);
                var post = await http.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data));
                Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            }
            Assert.Equal(target, (await Counted(roundId, unitCode)).Count);
        }
        return roundId;
    }

    private Task<List<long>> Counted(int roundId, string unitCode) => app.WithDb(async db =>
    {
        var unitId = await db.Units.Where(u => u.RoundId == roundId && u.Code == unitCode).Select(u => u.Id).SingleAsync();
        var groupId = await db.RespondentGroups.Where(g => g.RoundId == roundId && g.Code == "SO-DAN").Select(g => g.Id).SingleAsync();
        return await db.Responses.Where(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted && r.UnitId == unitId && r.RespondentGroupId == groupId
                                             && !db.ResponseReviews.Any(v => v.ResponseId == r.Id && v.State == ReviewState.Rejected))
            .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync();
    });

    private Task<string> IssueToken(int roundId, string groupCode, string unitCode) => app.WithDb(async db =>
    {
        var member = await db.Respondents.Where(r => r.RoundId == roundId && r.RespondentGroup!.Code == groupCode && r.Unit!.Code == unitCode
                                                     && r.Status == RespondentStatus.Active && !db.Responses.Any(x => x.RespondentId == r.Id)
                                                     && !db.Invitations.Any(i => i.RespondentId == r.Id && i.Channel == InvitationChannel.Email))
            .OrderBy(r => r.Id).FirstAsync();
        var token = Tokens.NewToken();
        db.Invitations.Add(new Invitation { RespondentId = member.Id, TokenHash = Tokens.Hash(token), Channel = InvitationChannel.Email, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return token;
    });

    private Task<string> AppraisalCsv(int roundId) => app.WithDb(async db =>
    {
        var criteria = await db.Criteria.Where(c => c.RoundId == roundId && c.Component == ScoreComponent.Appraisal).ToListAsync();
        var leaves = criteria.Where(c => !criteria.Any(o => o.UnitTypeId == c.UnitTypeId && o.Code.StartsWith(c.Code + ".", StringComparison.Ordinal))).ToList();
        var sb = new StringBuilder("unit,criterion,appraisal_round,points\n");
        foreach (var u in await db.Units.Where(u => u.RoundId == roundId).OrderBy(u => u.Id).ToListAsync())
            foreach (var c in leaves.Where(l => l.UnitTypeId == u.UnitTypeId))
                sb.Append(CultureInfo.InvariantCulture, $"{u.Code},{c.Code},1,{Math.Round(c.MaxPoints * 0.8m, 2).ToString(CultureInfo.InvariantCulture)}\n");
        return sb.ToString();
    });

    // ---------------------------------------------------------------- walking

    private async Task WalkEndpoints(int roundId, Findings findings)
    {
        var (unitType, versionIds, units, groups) = await app.WithDb(async db => (
            await db.UnitTypes.Where(t => t.RoundId == roundId).OrderBy(t => t.Id).Select(t => t.Code).FirstAsync(),
            await db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == roundId).Select(v => v.Id).ToListAsync(),
            await db.Units.Where(u => u.RoundId == roundId).Select(u => u.Code).ToListAsync(),
            await db.RespondentGroups.Where(g => g.RoundId == roundId).Select(g => g.Code).ToListAsync()));
        var gets = EndpointMatrixTests.Endpoints(app.Services).Where(e => e.Key.StartsWith("GET ", StringComparison.Ordinal) && !e.Key.Contains("{token}")
            && !e.Key.StartsWith("GET /hubs/", StringComparison.Ordinal)).Select(e => e.Key[4..]).ToList();
        var paths = new List<string>();
        foreach (var route in gets)
        {
            // Every unit's result page; every version; every group of the wide export; the monitor's views.
            var expanded = route.Contains("{unitCode}") ? units.Select(u => route.Replace("{unitCode}", u)) : [route];
            expanded = expanded.SelectMany(r => r.Contains("{versionId:int}") ? versionIds.Select(v => r.Replace("{versionId:int}", v.ToString(CultureInfo.InvariantCulture))) : [r]);
            foreach (var r in expanded)
            {
                var path = RouteSamples.Fill(r, roundId, unitType);
                if (path.Contains("/data/wide.")) paths.AddRange(groups.Select(g => $"{path}?group={g}"));
                else if (path.EndsWith($"/monitor/{roundId}", StringComparison.Ordinal)) paths.AddRange([path, $"{path}?by=strata", $"{path}?by=staff"]);
                else paths.Add(path);
            }
        }
        foreach (var role in new[] { Roles.Designer, Roles.Viewer, Roles.Admin })
        {
            var client = await app.CreateClientAs(role, followRedirects: false);
            foreach (var lang in new[] { "vi", "en" })
            {
                await client.GetAsync($"/lang/{lang}");
                foreach (var path in paths)
                {
                    using var response = await client.GetAsync(path);
                    if (response.StatusCode != HttpStatusCode.OK) continue;
                    var bytes = await response.Content.ReadAsByteArrayAsync();
                    Check($"{role} {lang} GET {path}", response.Content.Headers.ContentType?.MediaType ?? "", bytes, path, findings);
                }
            }
        }
    }

    private async Task WalkScoreCommand(int roundId, Findings findings)
    {
        var output = new StringWriter();
        var code = await CliProgram.Run(["score", "--round", roundId.ToString(CultureInfo.InvariantCulture), "--out", outDir, "--db", $"Data Source={app.DatabasePath}"], output, output);
        Assert.True(code == 0, output.ToString());
        findings.Bodies++;
        CheckText("parindex score (console)", output.ToString(), findings);
        foreach (var file in Directory.GetFiles(outDir))
        {
            var name = Path.GetFileName(file);
            var type = name.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : name.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv"
                : name.EndsWith(".xlsx", StringComparison.Ordinal) ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/markdown";
            Check($"parindex score → {name}", type, await File.ReadAllBytesAsync(file), name, findings);
        }
        // The Markdown report against the engine's answer: the designed small Sở show no SIPAS figure.
        var report = await File.ReadAllTextAsync(Path.Combine(outDir, "report.md"));
        foreach (var unit in new[] { "SO-NV", "SO-TP" })
        {
            var row = report.Split('\n').Single(l => l.Contains($"| {unit} |", StringComparison.Ordinal));
            var cells = row.Split('|').Select(c => c.Trim()).ToList();
            Assert.True(cells[^3] is "ẩn" or "—", $"report.md shows SIPAS {cells[^3]} for {unit}");
        }
    }

    private static void Check(string what, string mediaType, byte[] body, string name, Findings findings)
    {
        findings.Bodies++;
        if (mediaType.Contains("json", StringComparison.Ordinal)) CheckJson(what, Encoding.UTF8.GetString(body), findings);
        else if (mediaType.Contains("html", StringComparison.Ordinal)) CheckHtml(what, Encoding.UTF8.GetString(body), findings);
        else if (mediaType.Contains("csv", StringComparison.Ordinal) || mediaType.Contains("spreadsheetml", StringComparison.Ordinal)) CheckCsv(what, body, name, findings);
        else if (mediaType.StartsWith("text/", StringComparison.Ordinal)) CheckText(what, Encoding.UTF8.GetString(body), findings);
    }

    // ---------------------------------------------------------------- the checks

    public sealed class Findings
    {
        public List<string> Problems { get; } = [];
        public int Bodies { get; set; }
        public int WithheldJson { get; set; }
        public int SmallHtmlRows { get; set; }
        public int WithheldCsvRows { get; set; }
        public int Intervals { get; set; }
    }

    private static readonly string[] CountNames = ["respondents", "responses", "n"];
    private static readonly string[] FigureNames = ["value", "share", "percent", "lower", "upper", "standarderror", "se", "index", "indexstandarderror", "points", "estimate", "rank", "ranklower", "rankupper"];

    /// <summary>JSON: an object with a count of 1–4 has no figure; a withheld object has no figure and no count; intervals of shares lie in [0, 1], of percentages in [0, 100].</summary>
    private static void CheckJson(string what, string json, Findings f)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException) { return; }
        using (doc) Walk(doc.RootElement, "$", null);

        void Walk(JsonElement e, string path, string? parent)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var x in e.EnumerateArray()) Walk(x, $"{path}[{i++}]", parent);
                return;
            }
            if (e.ValueKind != JsonValueKind.Object) return;
            var props = e.EnumerateObject().ToDictionary(p => p.Name.ToLowerInvariant(), p => p.Value);
            var figures = FigureNames.Where(n => props.TryGetValue(n, out var v) && v.ValueKind == JsonValueKind.Number).ToList();
            var count = CountNames.Select(n => props.TryGetValue(n, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : (int?)null).FirstOrDefault(c => c is not null);
            if (count is > 0 and < K && figures.Count > 0) f.Problems.Add($"{what}: {path} has {string.Join(", ", figures)} from {count} respondents");
            if (props.TryGetValue("suppressed", out var s) && s.ValueKind == JsonValueKind.True || props.TryGetValue("withheld", out var w) && w.ValueKind == JsonValueKind.True)
            {
                f.WithheldJson++;
                if (figures.Count > 0) f.Problems.Add($"{what}: {path} is withheld but has {string.Join(", ", figures)}");
                if (props.TryGetValue("respondents", out var r) && r.ValueKind == JsonValueKind.Number && r.GetInt32() != 0) f.Problems.Add($"{what}: {path} is withheld but shows {r.GetInt32()} respondents");
            }
            if (props.TryGetValue("lower", out var lo) && lo.ValueKind == JsonValueKind.Number && props.TryGetValue("upper", out var hi) && hi.ValueKind == JsonValueKind.Number)
            {
                double? max = props.ContainsKey("percent") ? 100 : parent is "share" ? 1 : null;
                if (max is { } m)
                {
                    f.Intervals++;
                    var v = props.TryGetValue("percent", out var pv) && pv.ValueKind == JsonValueKind.Number ? pv.GetDouble()
                        : props.TryGetValue("value", out var vv) && vv.ValueKind == JsonValueKind.Number ? vv.GetDouble() : (double?)null;
                    if (lo.GetDouble() < 0 || hi.GetDouble() > m || v is { } x && (x < lo.GetDouble() - 1e-9 || x > hi.GetDouble() + 1e-9))
                        f.Problems.Add($"{what}: {path} interval [{lo.GetDouble()}, {hi.GetDouble()}] around {v} outside [0, {m}]");
                }
            }
            foreach (var p in e.EnumerateObject()) Walk(p.Value, $"{path}.{p.Name}", p.Name.ToLowerInvariant());
        }
    }

    [GeneratedRegex(@"<table\b.*?</table>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Table();

    [GeneratedRegex(@"<tr\b[^>]*>(.*?)</tr>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Row();

    [GeneratedRegex(@"<t([dh])\b[^>]*>(.*?)</t\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Cell();

    [GeneratedRegex(@"<(p|li|figcaption|h[1-6])\b[^>]*>(.*?)</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Block();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    /// <summary>A figure as pages show one: a number with two or more decimals ("66,67", "21.30") or a percentage; not a code like "3.2" or "3.2.2".</summary>
    [GeneratedRegex(@"(?<![\d.,])\d+[.,]\d{2,}(?![\d.,])|\d+\s?%")]
    private static partial Regex Figure();

    [GeneratedRegex(@"(?<!\d)(\d{1,3}(?:[.,]\d+)?)\s?%\s*[–-]\s*(\d{1,3}(?:[.,]\d+)?)\s?%")]
    private static partial Regex PercentInterval();

    [GeneratedRegex(@"(?:n\s*=\s*|\b)([1-4])\s+(?:người trả lời|respondents|phiếu|responses)\b|\bn\s*=\s*([1-4])\b", RegexOptions.IgnoreCase)]
    private static partial Regex SmallCount();

    private static string Text(string html) => Regex.Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), @"\s+", " ").Trim();

    private static bool IsCountHeader(string h) => h.ToLowerInvariant() is "n" or "số người trả lời" or "respondents" or "số phiếu" or "responses";

    private static bool IsAppraisalHeader(string h) => h.Contains("thẩm định", StringComparison.OrdinalIgnoreCase) || h.Contains("appraisal", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// HTML: in a table with a respondents column, a row whose count is 1–4 (or shown as "&lt; k") has no figure (a
    /// percentage or a decimal) outside the appraisal column; no paragraph shows a count of 1–4 respondents next to a
    /// figure; every percentage interval "a% – b%" lies in [0, 100], and so does every interval of a percentage table.
    /// </summary>
    private static void CheckHtml(string what, string html, Findings f)
    {
        foreach (Match table in Table().Matches(html))
        {
            var rows = Row().Matches(table.Value).Select(r => Cell().Matches(r.Groups[1].Value).Select(c => (Header: c.Groups[1].Value == "h", Text: Text(c.Groups[2].Value))).ToList()).ToList();
            var header = rows.FirstOrDefault(r => r.Count > 0 && r.All(c => c.Header))?.Select(c => c.Text).ToList() ?? [];
            var countColumn = header.FindIndex(IsCountHeader);
            var percentTable = header.Any(h => h.Contains('%', StringComparison.Ordinal));
            foreach (var row in rows.Where(r => r.Count > 0 && !r.All(c => c.Header)))
            {
                if (countColumn >= 0 && countColumn < row.Count)
                {
                    var n = row[countColumn].Text;
                    var small = int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c is > 0 and < K || n.StartsWith('<');
                    if (small)
                    {
                        f.SmallHtmlRows++;
                        for (var i = 0; i < row.Count; i++)
                        {
                            if (i == countColumn || i < header.Count && IsAppraisalHeader(header[i])) continue;
                            if (Figure().Match(row[i].Text) is { Success: true } m) f.Problems.Add($"{what}: row with {n} respondents shows {m.Value} ({string.Join(" | ", row.Select(x => x.Text))})");
                        }
                    }
                }
                if (!percentTable) continue;
                for (var i = 0; i < row.Count && i < header.Count; i++)
                {
                    if (!Regex.IsMatch(header[i], @"KTC|\bCI\b")) continue;
                    var bounds = Regex.Matches(row[i].Text, @"-?\d+(?:[.,]\d+)?").Select(m => double.Parse(m.Value.Replace(',', '.'), CultureInfo.InvariantCulture)).ToList();
                    if (bounds.Count != 2) continue;
                    f.Intervals++;
                    if (bounds.Any(b => b < 0 || b > 100)) f.Problems.Add($"{what}: percentage interval {row[i].Text} outside 0–100");
                }
            }
        }
        foreach (Match block in Block().Matches(html))
        {
            var text = Text(block.Groups[2].Value);
            if (SmallCount().IsMatch(text) && Figure().IsMatch(Regex.Replace(text, @"(Điểm thẩm định|Appraisal points)[^·]*", "")))
                f.Problems.Add($"{what}: \"{text}\" shows a figure next to a count under {K}");
        }
        CheckText(what, Text(html), f);
    }

    /// <summary>Any text (pages, Markdown, console): every "a% – b%" interval lies in [0, 100].</summary>
    private static void CheckText(string what, string text, Findings f)
    {
        foreach (Match m in PercentInterval().Matches(text))
        {
            f.Intervals++;
            var (lo, hi) = (double.Parse(m.Groups[1].Value.Replace(',', '.'), CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value.Replace(',', '.'), CultureInfo.InvariantCulture));
            if (lo < 0 || hi > 100 || lo > hi) f.Problems.Add($"{what}: percentage interval {m.Value} outside 0–100");
        }
    }

    /// <summary>
    /// CSV/XLSX: a row whose respondents column holds 1–4, or that is marked suppressed, has every figure column
    /// empty; share intervals lie in [0, 1], percentage intervals in [0, 100].
    /// </summary>
    private static void CheckCsv(string what, byte[] body, string name, Findings f)
    {
        TabularFile table;
        try { table = TabularReader.Read(body, name.EndsWith(".xlsx", StringComparison.Ordinal) || name.Contains(".xlsx", StringComparison.Ordinal) ? "f.xlsx" : "f.csv"); }
        catch (TabularFormatException) { return; }
        var counts = table.Headers.Where(h => CountNames.Contains(h)).ToList();
        var figures = table.Headers.Where(h => !h.Contains("appraisal", StringComparison.Ordinal) && !CountNames.Contains(h) && h != "suppressed"
            && (h is "share" or "se" or "lower" or "upper" or "value" or "index" or "index_se" or "rank" or "rank_lower" or "rank_upper" or "percent"
                || h.StartsWith("survey_", StringComparison.Ordinal) || h.StartsWith("sipas", StringComparison.Ordinal))).ToList();
        foreach (var row in table.Rows)
        {
            var n = counts.Select(c => int.TryParse(row.Get(c), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0).FirstOrDefault(v => v > 0);
            var withheld = table.Headers.Contains("suppressed") && row.Get("suppressed") == "1";
            if (withheld) f.WithheldCsvRows++;
            if (n is > 0 and < K || withheld)
            {
                if (withheld && n > 0) f.Problems.Add($"{what}: line {row.Line} is withheld but shows {n} respondents");
                foreach (var c in figures.Where(c => row.Get(c).Length > 0)) f.Problems.Add($"{what}: line {row.Line} ({(withheld ? "withheld" : $"{n} respondents")}) has {c} = {row.Get(c)}");
            }
            foreach (var (lo, hi, max) in new[] { ("lower", "upper", 1.0), ("sipas_pct_lower", "sipas_pct_upper", 100.0) })
            {
                if (!table.Headers.Contains(lo) || row.Get(lo).Length == 0 || (max == 1 && !table.Headers.Contains("share"))) continue;
                f.Intervals++;
                var (a, b) = (double.Parse(row.Get(lo), CultureInfo.InvariantCulture), double.Parse(row.Get(hi), CultureInfo.InvariantCulture));
                if (a < 0 || b > max || a > b) f.Problems.Add($"{what}: line {row.Line} interval [{a}, {b}] outside [0, {max}]");
            }
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(outDir, recursive: true); } catch (IOException) { }
    }
}
