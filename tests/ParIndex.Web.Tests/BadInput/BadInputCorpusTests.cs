using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.BadInput;

/// <summary>
/// The bad-input corpus: malformed tokens, API bodies, unit files and tampered form posts, kept as data in this
/// folder (*.txt) or generated here when bytes matter. Every case must get a clear refusal — a ProblemDetails with
/// a catalogued type on the API, a Vietnamese message on pages — never a 5xx, and must write nothing.
/// </summary>
public sealed class BadInputCorpusTests(BadInputCorpusTests.App app) : IClassFixture<BadInputCorpusTests.App>
{
    /// <summary>Its own database, so counting rows before and after is not disturbed by other tests.</summary>
    public sealed class App : ParIndexFactory;

    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "BadInput", name);

    private static IEnumerable<(string Name, string Header, string Body)> Blocks(string file)
    {
        var text = File.ReadAllText(DataFile(file));
        foreach (var block in text.Split("\n### ").Skip(1))
        {
            var newline = block.IndexOf('\n');
            var header = newline < 0 ? block : block[..newline];
            var body = newline < 0 ? "" : block[(newline + 1)..];
            var parts = header.Split(" | ", 2);
            yield return (parts[0].Trim(), parts.Length > 1 ? parts[1].Trim() : "", body.EndsWith('\n') ? body[..^1] : body);
        }
    }

    // ---------------------------------------------------------------- tokens

    public static TheoryData<string> MalformedTokens()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(DataFile("tokens.txt")).Where(l => l.Length > 0 && !l.StartsWith('#'))) data.Add(line);
        data.Add(new string('A', 5000));
        for (var i = 0; i < 20; i++) data.Add(Tokens.NewToken()); // random, well-formed, never issued
        data.Add(new string('a', 43).Replace('a', 'ạ'));
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task Malformed_or_random_tokens_are_refused_cleanly_everywhere(string token)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var before = await Counts();

        var page = await client.GetAsync($"/r/{token}");
        var api = await client.GetAsync($"/api/v1/forms/{token}");
        var submit = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", new { clientId = Guid.NewGuid(), answers = new { } });

        await AssertRefusedPage(page);
        await AssertRefusedApi(api);
        await AssertRefusedApi(submit);
        Assert.Equal(before, await Counts());
    }

    /// <summary>A NUL in the path never reaches the app: Kestrel refuses the request line (the in-process test server cannot send it).</summary>
    [Theory]
    [InlineData("%00")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAA%00AAAAAAAAAAAAAAAAAAAAA")]
    public async Task Tokens_with_a_nul_are_refused_by_the_server_before_the_app(string token)
    {
        using var kestrel = new ParIndexFactory();
        var address = kestrel.StartKestrel();
        using var client = new HttpClient { BaseAddress = address };
        var before = await kestrel.WithDb(db => db.Responses.CountAsync());

        foreach (var path in new[] { $"/r/{token}", $"/api/v1/forms/{token}", $"/api/v1/forms/{token}/submissions" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        Assert.Equal(before, await kestrel.WithDb(db => db.Responses.CountAsync()));
    }

    [Fact]
    public async Task Near_miss_tokens_of_a_real_link_are_all_not_valid()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var client = app.CreateClient();
        var variants = new List<string>();
        for (var i = 0; i < token.Length; i += 3) variants.Add(token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..]); // one character changed
        variants.Add(token[..^1]);
        variants.Add(token + "A");
        variants.Add(token.ToUpperInvariant() == token ? token.ToLowerInvariant() : token.ToUpperInvariant());
        variants.Add(new string(token.Reverse().ToArray()));
        variants.Add(Tokens.Hash(token)); // the stored hash is not a credential

        foreach (var v in variants.Where(v => v != token))
        {
            await (await client.GetAsync($"/api/v1/forms/{v}")).AssertProblem(404, "token-invalid");
            var page = await client.GetAsync($"/r/{v}");
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Contains("Liên kết không hợp lệ", await page.Content.ReadAsStringAsync());
        }
        Assert.True(variants.Count >= 18);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/forms/{token}")).StatusCode);
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    // ---------------------------------------------------------------- API JSON

    /// <summary>Cases by name; bodies are built when the case runs (test discovery must not hold 17 MB strings).</summary>
    private static readonly Dictionary<string, (string ContentType, Func<string> Body)> SubmissionCases = BuildSubmissionCases();

    private static Dictionary<string, (string, Func<string>)> BuildSubmissionCases()
    {
        var cases = new Dictionary<string, (string, Func<string>)>();
        foreach (var (name, contentType, body) in Blocks("submissions.txt")) cases.Add(name, (contentType, () => body));
        cases.Add("deep nesting 10000", ("application/json", () => "{\"clientId\":\"{{guid}}\",\"answers\":" + new string('[', 10_000) + new string(']', 10_000) + "}"));
        cases.Add("deep nesting 70 objects", ("application/json", () => "{\"clientId\":\"{{guid}}\",\"x\":" + string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70) + "}"));
        cases.Add("one answer of 1 MB", ("application/json", () => "{\"clientId\":\"{{guid}}\",\"answers\":{\"q1\":\"" + new string('x', 1 << 20) + "\"}}"));
        cases.Add("10000 answer keys", ("application/json", () => "{\"clientId\":\"{{guid}}\",\"answers\":{" + string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"\"k{i}\":\"1\"")) + "}}"));
        cases.Add("17 MB body over the limit", ("application/json", () => "{\"clientId\":\"{{guid}}\",\"pad\":\"" + new string('x', 17 << 20) + "\"}"));
        cases.Add("invalid utf-8", ("application/json", () => "{\"clientId\":\"{{guid}}\",\"answers\":{\"q1\":\"\uFFFD\"}}"));
        return cases;
    }

    public static TheoryData<string> InvalidSubmissionBodies() => [.. SubmissionCases.Keys];

    [Theory]
    [MemberData(nameof(InvalidSubmissionBodies))]
    public async Task Invalid_submission_json_gets_a_problem_and_stores_nothing(string name)
    {
        var (contentType, makeBody) = SubmissionCases[name];
        var body = makeBody();
        var (token, respondentId) = await SharedToken();
        var before = await Counts();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Replace("{{guid}}", Guid.NewGuid().ToString())));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await app.CreateClient().PostAsync($"/api/v1/forms/{token}/submissions", content);

        await AssertRefusedApi(response, name);
        Assert.Equal(before, await Counts());
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    // ---------------------------------------------------------------- unit files

    private static readonly Dictionary<string, (string FileName, Func<byte[]> Bytes)> UnitCases = BuildUnitCases();

    public static TheoryData<string> BrokenUnitFiles() => [.. UnitCases.Keys];

    /// <summary>Cases by name; the bytes are made when the case runs (a zip bomb must not be built at discovery).</summary>
    private static Dictionary<string, (string, Func<byte[]>)> BuildUnitCases()
    {
        var data = new LazyCases();
        foreach (var (name, _, body) in Blocks("units.txt")) data.Add(name, "units.csv", () => Encoding.UTF8.GetBytes(body));
        var good = "code,name,type\nSNV,Sở Nội vụ,SO\nXBD,Phường Ba Đình,XA\n";
        var bad = "code,name,type\nSNV,Sở Nội vụ,SO\n,Phường Ba Đình,XA\n";
        data.Add("name of 301 characters", "units.csv", () => Encoding.UTF8.GetBytes("code,name,type\nSNV," + new string('Ả', 301) + ",SO\n"));
        data.Add("utf-16 LE with BOM", "units.csv", () => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(good)]);
        data.Add("utf-16 BE with BOM", "units.csv", () => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(good)]);
        data.Add("utf-16 LE without BOM", "units.csv", () => Encoding.Unicode.GetBytes(good));
        data.Add("utf-32 with BOM", "units.csv", () => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(good)]);
        data.Add("latin-1 bytes (mojibake)", "units.csv", () => Encoding.Latin1.GetBytes("code,name,type\nSNV,S\u00f4 N\u00f4i v\u00fa,SO\n").Select(b => b).Concat(new byte[] { 0xE0, 0xFF, 0x0A }).ToArray());
        data.Add("windows-1258-like bytes", "units.csv", () => [.. Encoding.ASCII.GetBytes("code,name,type\nSNV,S"), 0xD2, 0xF5, .. Encoding.ASCII.GetBytes(" N"), 0xEA, .. Encoding.ASCII.GetBytes("i vu,SO\n")]);
        data.Add("double utf-8 BOM then bad row", "units.csv", () => [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(bad)]);
        data.Add("utf-8 BOM and a bad row", "units.csv", () => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(bad)]);
        data.Add("truncated utf-8 sequence", "units.csv", () => [.. Encoding.UTF8.GetBytes("code,name,type\nSNV,S"), 0xE1, 0xBB]);
        data.Add("overlong utf-8", "units.csv", () => [.. Encoding.UTF8.GetBytes("code,name,type\nSNV,S"), 0xC0, 0xAF, .. Encoding.UTF8.GetBytes(",SO\n")]);
        data.Add("empty file", "units.csv", () => []);
        data.Add("only a BOM", "units.csv", () => [0xEF, 0xBB, 0xBF]);
        data.Add("random binary", "units.csv", () => RandomBytes(4096, 1));
        data.Add("png header", "units.csv", () => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomBytes(200, 2)]);
        data.Add("pdf", "units.csv", () => Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF"));
        data.Add("gzip", "units.csv", () => [0x1F, 0x8B, 0x08, 0x00, .. RandomBytes(100, 3)]);
        data.Add("CR-only line ends with a bad row", "units.csv", () => Encoding.UTF8.GetBytes(bad.Replace('\n', '\r')));
        data.Add("huge field 2 MB", "units.csv", () => Encoding.UTF8.GetBytes("code,name,type\nSNV," + new string('x', 2 << 20) + ",SO\n"));
        data.Add("huge quoted field with newlines", "units.csv", () => Encoding.UTF8.GetBytes("code,name,type\nSNV,\"" + string.Concat(Enumerable.Repeat("dòng\n", 100_000)) + "\",SO\n"));
        data.Add("10000 columns", "units.csv", () => Encoding.UTF8.GetBytes(string.Join(',', Enumerable.Range(0, 10_000).Select(i => $"c{i}")) + "\n"));
        data.Add("file over the 16 MB body limit", "units.csv", () => Encoding.UTF8.GetBytes("code,name,type\n" + string.Concat(Enumerable.Repeat("S,x,SO\n", (17 << 20) / 7))));
        data.Add("zip that is not xlsx", "units.xlsx", () => Zip(("hello.txt", Encoding.UTF8.GetBytes("hi"))));
        data.Add("truncated zip", "units.xlsx", () => Zip(("xl/workbook.xml", Encoding.UTF8.GetBytes("<workbook/>")))[..30]);
        data.Add("xlsx extension on csv text with bad row", "units.xlsx", () => Encoding.UTF8.GetBytes(bad));
        data.Add("PK header then garbage", "units.xlsx", () => [0x50, 0x4B, 0x03, 0x04, .. RandomBytes(500, 4)]);
        data.Add("zip bomb: 200 MB of zeros in a sheet", "units.xlsx", () => ZipBomb(200));
        data.Add("xlsx with broken sheet xml", "units.xlsx", () => Zip(("[Content_Types].xml", Encoding.UTF8.GetBytes("<Types/>")), ("xl/workbook.xml", Encoding.UTF8.GetBytes("<workbook><sheets><sheet name=\"a\"")), ("xl/worksheets/sheet1.xml", Encoding.UTF8.GetBytes("<<<"))));
        // Issue #19: decompression and expansion bombs, refused while reading (Core.Tabular.XlsxGuard).
        data.Add("xlsx of 100 KB with one 100 MB cell", "units.xlsx", () => ParIndex.Core.Tests.Tabular.Workbooks.OneHugeCell(100L << 20, shared: true));
        data.Add("xlsx with a million tiny cells", "units.xlsx", () => ParIndex.Core.Tests.Tabular.Workbooks.ManyTinyCells(1000, 1000));
        data.Add("xlsx with cells at A1 and XFD1048576", "units.xlsx", ParIndex.Core.Tests.Tabular.Workbooks.FarCorners);
        data.Add("xlsx whose shared string expands to 512 million characters", "units.xlsx", () => ParIndex.Core.Tests.Tabular.Workbooks.XlsFormExpansion());
        data.Add("xlsx with xml entity expansion", "units.xlsx", () => Zip(("[Content_Types].xml", Encoding.UTF8.GetBytes("<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><Types>&c;</Types>"))));
        return data.Cases;
    }

    private sealed class LazyCases
    {
        public Dictionary<string, (string, Func<byte[]>)> Cases { get; } = [];

        public void Add(string name, string fileName, Func<byte[]> bytes) => Cases.Add(name, (fileName, bytes));
    }

    [Theory]
    [MemberData(nameof(BrokenUnitFiles))]
    public async Task Broken_unit_files_are_rejected_with_a_problem_and_import_nothing(string name)
    {
        var (fileName, makeBytes) = UnitCases[name];
        var bytes = makeBytes();
        var (designer, roundId) = await ImportTarget();
        var before = await app.WithDb(db => db.Units.CountAsync(u => u.RoundId == roundId));
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".xlsx") ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");

        var response = await designer.PostAsync($"/api/v1/rounds/{roundId}/units/import?fileName={fileName}", content);

        await AssertRefusedApi(response, name);
        Assert.Equal(before, await app.WithDb(db => db.Units.CountAsync(u => u.RoundId == roundId)));
    }

    // ---------------------------------------------------------------- tampered form posts

    private static readonly string[] Tampers =
    [
        "no anti-forgery token", "wrong anti-forgery token", "anti-forgery token of another session", "out-of-range choice 9", "choice 0",
        "negative choice", "text in a choice", "unknown item", "item of another questionnaire", "unknown unit", "unit grid field with no item",
        "missing client id", "client id not a uuid", "empty client id", "5000 form fields", "value of 100 KB", "body of 17 MB", "key of 2 KB",
        "invalid percent-encoding", "calculated item value",
    ];

    /// <summary>
    /// Each tamper is tried on both ways the page takes answers: a screen of the phone form (the <c>step</c> field the
    /// page serves: only that screen's answers, autosaved when it holds) and a whole form in one post (no step field).
    /// </summary>
    public static TheoryData<string, string> FormTampers()
    {
        var data = new TheoryData<string, string>();
        foreach (var mode in new[] { "screen", "whole form" }) foreach (var tamper in Tampers) data.Add(mode, tamper);
        return data;
    }

    /// <summary>The post an honest page sends: the served hidden fields and valid answers, for one screen or the whole form.</summary>
    private async Task<(Dictionary<string, string> Post, ParIndex.Core.Questionnaires.Item? Choice, ParIndex.Web.Features.Collection.FormDto Form)> HonestPost(HttpClient client, string token, string mode)
    {
        var (form, data) = await Answers.ValidFor(client, token);
        var post = HttpExtensions.HiddenInputs(await client.GetStringAsync($"/r/{token}")).ToDictionary();
        if (mode == "screen")
        {
            var step = ParIndex.Web.Features.Collection.FormStep.Parse(post["step"])!;
            var section = form.Definition.Sections.First(s => s.Id == step.SectionId);
            foreach (var item in section.Items)
                if (data.Get(item.Id, step.UnitCode) is { } v) post[ParIndex.Web.Features.Collection.FormPosts.FieldName(item.Id, step.UnitCode)] = v;
            var choice = section.Items.FirstOrDefault(i => (i.IsLikert || i.Type == ParIndex.Core.Questionnaires.ItemType.Single) && i.Relevant is null);
            return (post, choice, form);
        }
        post.Remove("step");
        foreach (var (k, v) in data.Answers) post[$"a.{k}"] = v;
        foreach (var (unit, answers) in data.Units) foreach (var (k, v) in answers) post[$"u|{unit}|{k}"] = v;
        return (post, form.Definition.AllItems().Select(p => p.Item).FirstOrDefault(i => i.IsLikert && i.Relevant is null), form);
    }

    [Theory]
    [InlineData("screen")]
    [InlineData("whole form")]
    public async Task The_honest_post_the_tampers_start_from_is_accepted(string mode)
    {
        // The control for the corpus below: without the tamper, the same post is stored, so each refusal is the tamper's doing.
        var (token, respondentId) = await app.IssueTokenAsync();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (post, _, _) = await HonestPost(client, token, mode);

        var response = await client.PostAsync($"/r/{token}", new FormUrlEncodedContent(post));

        // A screen that holds is saved and answered with a redirect to the next one, or shown again (200) when its answers
        // opened questions the respondent has not seen yet; a whole form is stored and thanked.
        if (mode == "screen") Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.OK });
        else Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var status = await app.WithDb(db => db.Responses.Where(r => r.RespondentId == respondentId).Select(r => (ResponseStatus?)r.Status).SingleOrDefaultAsync());
        // A screen is autosaved (InProgress; Submitted when it is the form's only screen), a whole form submitted.
        Assert.NotNull(status);
        if (mode != "screen") Assert.Equal(ResponseStatus.Submitted, status);
    }

    [Theory]
    [MemberData(nameof(FormTampers))]
    public async Task Tampered_form_posts_are_refused_in_vietnamese_and_store_nothing(string mode, string tamper)
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var (post, likert, form) = await HonestPost(client, token, mode);
        var likertKey = post.Keys.First(k => likert is not null && (k == $"a.{likert.Id}" || k.EndsWith($"|{likert.Id}")));
        string? raw = null;
        switch (tamper)
        {
            case "no anti-forgery token": post.Remove("__RequestVerificationToken"); break;
            case "wrong anti-forgery token": post["__RequestVerificationToken"] = "CfDJ8" + new string('A', 100); break;
            case "anti-forgery token of another session":
                post["__RequestVerificationToken"] = HttpExtensions.HiddenInputs(await app.CreateClient().GetStringAsync($"/r/{(await app.IssueTokenAsync()).Token}"))["__RequestVerificationToken"];
                break;
            case "out-of-range choice 9": post[likertKey] = "9"; break;
            case "choice 0": post[likertKey] = "0"; break;
            case "negative choice": post[likertKey] = "-1"; break;
            case "text in a choice": post[likertKey] = "rất hài lòng"; break;
            case "unknown item": post["a.q_not_in_this_form"] = "1"; break;
            case "item of another questionnaire": post["a.cb_q1_other_form"] = "1"; break;
            case "unknown unit": post["u|NO-SUCH-UNIT|" + (likert?.Id ?? "q1")] = "1"; break;
            case "unit grid field with no item": post["u|X"] = "1"; post["u|||"] = "1"; post["a.q_not_in_this_form"] = "1"; break;
            case "missing client id": post.Remove("clientId"); break;
            case "client id not a uuid": post["clientId"] = "'; DROP TABLE Responses;--"; break;
            case "empty client id": post["clientId"] = Guid.Empty.ToString(); break;
            case "5000 form fields": for (var i = 0; i < 5000; i++) post[$"a.x{i}"] = "1"; break;
            case "value of 100 KB": post[likertKey] = new string('9', 100 * 1024); break;
            case "body of 17 MB": post["a.pad"] = new string('x', 17 << 20); break;
            case "key of 2 KB": post["a." + new string('k', 2048)] = "1"; break;
            case "invalid percent-encoding":
                raw = string.Join('&', post.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}")) + $"&{Uri.EscapeDataString(likertKey)}=%FF%FE%ZZ";
                break;
            case "calculated item value":
                var calc = form.Definition.AllItems().Select(p => p.Item).FirstOrDefault(i => i.Calculation is not null);
                post[$"a.{calc?.Id ?? "q_not_in_this_form"}"] = "999";
                break;
        }
        var before = await Counts();
        using var content = raw is null ? (HttpContent)new FormUrlEncodedContent(post) : new StringContent(raw, Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await client.PostAsync($"/r/{token}", content);

        var status = (int)response.StatusCode;
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(status < 500, $"{mode}, {tamper}: {status}\n{html[..Math.Min(html.Length, 2000)]}");
        Assert.True(status is 200 or 400 or 404 or 413, $"{mode}, {tamper}: {status}");
        if (status == 200) Assert.Matches("câu cần xem lại|không hợp lệ", html);
        if (response.Content.Headers.ContentType?.MediaType == "text/html") Assert.Matches("câu cần xem lại|không hợp lệ|Dữ liệu gửi lên", html);
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json") await AssertRefusedApi(response, tamper);
        Assert.Equal(before, await Counts());
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
    }

    [Fact]
    public async Task An_answer_to_a_hidden_item_is_dropped_not_stored()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var client = app.CreateClient();
        var (form, data) = await Answers.ValidFor(client, token);
        var hidden = form.Definition.AllItems().Select(p => p.Item).FirstOrDefault(i => i.Relevant is not null && !data.Answers.ContainsKey(i.Id) && !i.IsLikert);
        if (hidden is null) return; // the demo questionnaire shows every item for these answers
        data.Answers[hidden!.Id] = "1";

        var response = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data));

        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        var stored = await app.WithDb(db => db.AnswerSets.Where(a => db.Responses.Any(r => r.Id == a.ResponseId && r.RespondentId == respondentId)).Select(a => a.AnswersJson).ToListAsync());
        Assert.DoesNotContain(stored, json => json.Contains($"\"{hidden.Id}\""));
    }

    // ---------------------------------------------------------------- helpers

    private (string Token, int RespondentId)? shared;
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private async Task<(string Token, int RespondentId)> SharedToken()
    {
        await Gate.WaitAsync();
        try { return shared ??= await app.IssueTokenAsync(); }
        finally { Gate.Release(); }
    }

    private async Task<(HttpClient Designer, int RoundId)> ImportTarget()
    {
        var designer = await app.CreateClientAs(Roles.Designer);
        var code = "BAD-INPUT";
        var existing = await app.WithDb(db => db.Rounds.Where(r => r.Code == code).Select(r => (int?)r.Id).FirstOrDefaultAsync());
        if (existing is { } id) return (designer, id);
        await Gate.WaitAsync();
        try
        {
            existing = await app.WithDb(db => db.Rounds.Where(r => r.Code == code).Select(r => (int?)r.Id).FirstOrDefaultAsync());
            if (existing is { } again) return (designer, again);
            var created = await designer.PostAsJsonAsync("/api/v1/rounds", new { code, name = "Đợt thử dữ liệu hỏng", year = 2030, periodStart = "2030-01-01", periodEnd = "2030-12-31" });
            created.EnsureSuccessStatusCode();
            return (designer, (await created.ReadJson()).GetProperty("id").GetInt32());
        }
        finally { Gate.Release(); }
    }

    private Task<(int Responses, int AnswerSets, int Units, int Rounds)> Counts() => app.WithDb(async db =>
        (await db.Responses.CountAsync(), await db.AnswerSets.CountAsync(), await db.Units.CountAsync(), await db.Rounds.CountAsync()));

    private static async Task AssertRefusedApi(HttpResponseMessage response, string? name = null)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status is >= 400 and < 500, $"{name}: {status} {body[..Math.Min(body.Length, 500)]}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{name}: {status} {response.Content.Headers.ContentType} {body[..Math.Min(body.Length, 300)]}");
        var type = (await response.ReadJson()).GetProperty("type").GetString() ?? "";
        Assert.True(type.StartsWith("/problems/") && Problems.Catalogue.ContainsKey(type["/problems/".Length..]), $"{name}: type {type}");
    }

    private static async Task AssertRefusedPage(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500 || (status == 302 && response.Headers.Location?.OriginalString.Contains("/login") == true), $"page: {status}");
        var html = await response.Content.ReadAsStringAsync();
        if (status == 404 && response.Content.Headers.ContentType?.MediaType == "text/html") Assert.Contains("Liên kết không hợp lệ", html);
        Assert.DoesNotContain("Exception", html);
    }

    private static byte[] RandomBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
            foreach (var (name, bytes) in entries)
            {
                using var s = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                s.Write(bytes);
            }
        return ms.ToArray();
    }

    private static byte[] ZipBomb(int megabytes)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, true))
        {
            using (var t = zip.CreateEntry("[Content_Types].xml").Open()) t.Write(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"));
            using var s = zip.CreateEntry("xl/sharedStrings.xml", CompressionLevel.Optimal).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < megabytes; i++) s.Write(zeros);
        }
        return ms.ToArray();
    }
}
