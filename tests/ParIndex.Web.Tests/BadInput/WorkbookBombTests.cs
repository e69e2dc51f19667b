using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Tests.Tabular;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParIndex.Web.Tests.BadInput;

/// <summary>Runs alone, after the parallel tests, so the process's allocation counter measures one upload at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}

/// <summary>
/// Decompression and expansion bombs against every importer that reads XLSX or CSV (issue #19, item 7): units (API and
/// page), sampling frames (page), XLSForm questionnaires (designer page) and appraisal scores (API and page). Each bomb
/// is refused with a Vietnamese message (ProblemDetails <c>import-rejected</c> on the API, the page's error otherwise),
/// nothing is imported, and the whole request — upload, parsing, refusal, page — allocates less than
/// <see cref="AllocationBound"/> (GC.GetTotalAllocatedBytes around the call, the app in-process, nothing else running).
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class WorkbookBombTests(WorkbookBombTests.OwnApp app, ITestOutputHelper output) : IClassFixture<WorkbookBombTests.OwnApp>
{
    public sealed class OwnApp : ParIndexFactory;

    public const long AllocationBound = 64L << 20;

    private static readonly Dictionary<string, Lazy<byte[]>> Bombs = new()
    {
        ["one 100 MB cell in a 100 KB workbook"] = new(() => Workbooks.OneHugeCell(100L << 20, shared: true)),
        ["one 100 MB inline cell"] = new(() => Workbooks.OneHugeCell(100L << 20, shared: false)),
        ["a million tiny cells"] = new(() => Workbooks.ManyTinyCells(1000, 1000)),
        ["cells at A1 and XFD1048576"] = new(Workbooks.FarCorners),
        ["an XLSForm whose shared string expands to 512 million characters"] = new(() => Workbooks.XlsFormExpansion()),
    };

    public static readonly string[] Importers = ["units API", "units page", "frames page", "XLSForm page", "appraisal API", "appraisal page"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var importer in Importers) foreach (var bomb in Bombs.Keys) data.Add(importer, bomb);
        return data;
    }

    private static MultipartFormDataContent Multipart(string field, string fileName, byte[] bytes, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, field, fileName);
        return form;
    }

    private static async Task<string> Token(HttpClient client, string page) => HttpExtensions.HiddenInputs(await client.GetStringAsync(page))["__RequestVerificationToken"];

    /// <summary>What an importer wrote: units, frame versions, questionnaire edits, appraisal scores, and the audit rows of imports.</summary>
    private Task<string> Written(int roundId) => app.WithDb(async db =>
        $"units {await db.Units.CountAsync(u => u.RoundId == roundId)}, frames {await db.SamplingFrameVersions.CountAsync()}, "
        + $"appraisal {await db.AppraisedScores.CountAsync(a => a.RoundId == roundId)}, "
        + $"imports {await db.AuditEntries.CountAsync(a => a.Action.Contains("import"))}");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_importer_refuses_every_bomb_with_a_vietnamese_message_and_bounded_memory(string importer, string bomb)
    {
        var bytes = Bombs[bomb].Value;
        var roundId = await app.WithDb(db => db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync());
        var designer = await app.CreateClientAs(Roles.Designer, followRedirects: false);
        var draftId = importer == "XLSForm page" ? await DraftVersion(designer, roundId) : 0;
        var token = importer.EndsWith("page") ? await Token(designer, importer switch
        {
            "units page" => $"/rounds/{roundId}/units",
            "frames page" => $"/rounds/{roundId}/sampling",
            "XLSForm page" => $"/questionnaires/versions/{draftId}/edit",
            _ => $"/rounds/{roundId}/scoring/run",
        }) : "";
        var revision = importer == "XLSForm page" ? HttpExtensions.HiddenInputs(await designer.GetStringAsync($"/questionnaires/versions/{draftId}/edit"))["revision"] : "";
        var draftBefore = draftId == 0 ? "" : await app.WithDb(db => db.QuestionnaireVersions.Where(v => v.Id == draftId).Select(v => v.DefinitionJson).SingleAsync());
        var before = await Written(roundId);
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);

        var response = importer switch
        {
            "units API" => await designer.PostAsync($"/api/v1/rounds/{roundId}/units/import?fileName=bomb.xlsx",
                new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") } }),
            "appraisal API" => await designer.PostAsync($"/api/v1/rounds/{roundId}/scoring/appraisal?fileName=bomb.xlsx",
                new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") } }),
            "units page" => await designer.PostAsync($"/rounds/{roundId}/units", Multipart("Upload", "bomb.xlsx", bytes, ("__RequestVerificationToken", token))),
            "frames page" => await designer.PostAsync($"/rounds/{roundId}/sampling", Multipart("Upload", "bomb.xlsx", bytes, ("__RequestVerificationToken", token), ("FrameName", "bomb"))),
            "XLSForm page" => await designer.PostAsync($"/questionnaires/versions/{draftId}/edit?handler=ImportXlsForm",
                Multipart("file", "bomb.xlsx", bytes, ("__RequestVerificationToken", token), ("revision", revision))),
            _ => await designer.PostAsync($"/rounds/{roundId}/scoring/run?handler=Appraisal", Multipart("Upload", "bomb.xlsx", bytes, ("__RequestVerificationToken", token))),
        };
        var text = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

        output.WriteLine($"{importer} × {bomb}: {(int)response.StatusCode}, file {bytes.Length / 1024.0:0} KB, {allocated / 1048576.0:0.0} MB allocated");
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
        if (importer.EndsWith("API"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("/problems/import-rejected", text);
        }
        Assert.Contains("Không có gì được nhập", text);
        Assert.True(allocated < AllocationBound, $"{allocated:N0} bytes allocated to refuse it (bound {AllocationBound:N0})");
        Assert.Equal(before, await Written(roundId));
        if (draftId != 0) Assert.Equal(draftBefore, await app.WithDb(db => db.QuestionnaireVersions.Where(v => v.Id == draftId).Select(v => v.DefinitionJson).SingleAsync()));
    }

    /// <summary>A draft version of the round's first questionnaire (the designer's "new draft" button).</summary>
    private async Task<int> DraftVersion(HttpClient designer, int roundId)
    {
        var published = await app.WithDb(db => db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == roundId).OrderBy(v => v.Id).Select(v => v.Id).FirstAsync());
        var page = $"/questionnaires/versions/{published}/edit";
        var response = await designer.PostAsync($"{page}?handler=NewDraft", new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", await Token(designer, page))]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task An_ordinary_workbook_still_imports_through_the_api()
    {
        var designer = await app.CreateClientAs(Roles.Designer);
        var created = await designer.PostAsJsonAsync("/api/v1/rounds", new { code = "XLSX-OK", name = "Đợt thử tệp Excel", year = 2031, periodStart = "2031-01-01", periodEnd = "2031-12-31" });
        created.EnsureSuccessStatusCode();
        var roundId = (await created.ReadJson()).GetProperty("id").GetInt32();
        var bytes = Workbooks.Units(("SO-BOMB-OK", "Sở Kiểm tra tệp", "SO"));
        var response = await designer.PostAsync($"/api/v1/rounds/{roundId}/units/import?fileName=units.xlsx",
            new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.True(await app.WithDb(db => db.Units.AnyAsync(u => u.RoundId == roundId && u.Code == "SO-BOMB-OK")));
    }
}
