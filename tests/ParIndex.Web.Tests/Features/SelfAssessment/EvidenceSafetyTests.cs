using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Tests.Features.SelfAssessment;

/// <summary>
/// Evidence uploads that could run code are refused, and the sandbox the downloads promise reaches the browser (issue
/// #19, item 9) — checked over real HTTP (Kestrel on loopback), on the response a browser gets.
/// </summary>
public sealed class EvidenceSafetyTests(EvidenceSafetyTests.OwnApp app) : IClassFixture<EvidenceSafetyTests.OwnApp>
{
    public sealed class OwnApp : SelfAssessmentApp
    {
        /// <summary>Kestrel on loopback, started before anything else touches the server (it cannot start later).</summary>
        public OwnApp() => Root = StartKestrel();

        public Uri Root { get; }
    }

    private async Task<HttpClient> SignedIn(string email, string password)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.Root };
        (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).EnsureSuccessStatusCode();
        return client;
    }

    private static byte[] Package(params (string Name, string Content)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
                using (var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false))) w.Write(content);
        return ms.ToArray();
    }

    private const string WordTypes = """<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""";

    private static readonly byte[] Ole2 = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[1016]];

    public static TheoryData<string, string> Refused() => new()
    {
        { "a .docx carrying vbaProject.bin", "bao-cao.docx" },
        { "a .docx whose content types say macro-enabled", "bao-cao.docx" },
        { "an .xlsx carrying ActiveX controls", "bang.xlsx" },
        { "OLE2 bytes named .xls", "bang.xls" },
        { "OLE2 bytes named .doc", "van-ban.doc" },
        { "OLE2 bytes named .docx", "bao-cao.docx" },
        { "a .docm with clean content", "bao-cao.docm" },
        { "an .xlsm with clean content", "bang.xlsm" },
    };

    private static byte[] Bytes(string name) => name switch
    {
        "a .docx carrying vbaProject.bin" => Package(("[Content_Types].xml", WordTypes), ("word/document.xml", "<w:document/>"), ("word/vbaProject.bin", "VBA")),
        "a .docx whose content types say macro-enabled" => Package(("[Content_Types].xml", WordTypes.Replace("wordprocessingml.document.main", "ms-word.document.macroEnabled.main")), ("word/document.xml", "<w:document/>")),
        "an .xlsx carrying ActiveX controls" => Package(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>"), ("xl/activeX/activeX1.bin", "control")),
        "OLE2 bytes named .xls" or "OLE2 bytes named .doc" or "OLE2 bytes named .docx" => Ole2,
        _ => Package(("[Content_Types].xml", WordTypes), ("word/document.xml", "<w:document/>"), ("xl/workbook.xml", "<workbook/>")),
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Office_files_that_can_carry_macros_are_refused_and_nothing_is_kept(string name, string fileName)
    {
        var (_, periodId, _) = await app.Periods();
        var (email, password) = await app.ReporterAccount("SO-VHTT");
        var u = await SignedIn(email, password);
        var form = $"/self-assessment/{periodId}";
        var code = SelfAssessmentApp.Lines(await u.GetStringAsync(form))[0].Code;
        var before = await app.WithDb(db => db.EvidenceFiles.CountAsync());

        var response = await SelfAssessmentApp.Upload(u, form, code, fileName, Bytes(name), "application/octet-stream");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var text = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Tệp có macro và tệp Office định dạng cũ (.doc, .xls, .ppt) không được nhận", text);
        Assert.Equal(before, await app.WithDb(db => db.EvidenceFiles.CountAsync()));
    }

    [Fact]
    public async Task Evidence_downloads_reach_the_browser_with_the_sandbox_policy_and_other_responses_keep_the_site_policy()
    {
        var (_, periodId, _) = await app.Periods();
        var (email, password) = await app.ReporterAccount("SO-CT");
        var u = await SignedIn(email, password);
        var form = $"/self-assessment/{periodId}";
        var code = SelfAssessmentApp.Lines(await u.GetStringAsync(form))[0].Code;
        Assert.Equal(HttpStatusCode.Redirect, (await SelfAssessmentApp.Upload(u, form, code, "bien-ban.pdf", SelfAssessmentApp.Pdf())).StatusCode);
        var fileId = await app.WithDb(db => db.EvidenceFiles.Where(f => f.FileName == "bien-ban.pdf").Select(f => f.Id).SingleAsync());
        var (appraiserEmail, appraiserPassword) = await app.AccountFor(Roles.Appraiser);
        var appraiser = await SignedIn(appraiserEmail, appraiserPassword);

        foreach (var (client, url) in new[] { (u, $"/self-assessment/evidence/{fileId}"), (appraiser, $"/appraisal/evidence/{fileId}") })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("default-src 'none'; sandbox", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(response.Headers.CacheControl?.NoStore);
        }
        // The page that lists the file keeps the site-wide policy.
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, (await u.GetAsync(form)).Headers.GetValues("Content-Security-Policy").Single());
    }
}
