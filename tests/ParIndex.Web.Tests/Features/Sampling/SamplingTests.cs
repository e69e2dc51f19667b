using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Sampling;
using ParIndex.Web.Features.Sampling;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Browser;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Sampling;

/// <summary>Frames, draws and replacements end to end over the real app and a real SQLite file (the demo round).</summary>
public sealed class SamplingTests(SamplingTests.OwnApp app) : IClassFixture<SamplingTests.OwnApp>
{
    /// <summary>Its own database: these tests draw samples into the demo round.</summary>
    public sealed class OwnApp : ParIndexFactory;

    private const string Header = "id,name,phone,email,group,unit,size,kênh\n";
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    private static string SamplingFolder => Path.Combine(RunCommandTests.RepositoryRoot(), "sampling");

    private async Task<int> RoundId() => await app.WithDb(db => db.Rounds.Where(r => r.Code == "CCHC-2026").Select(r => r.Id).FirstAsync());

    private static async Task<HttpResponseMessage> Upload(HttpClient client, int roundId, string frameName, byte[] file, string fileName, bool cleanRowsOnly = false)
    {
        var html = await client.GetStringAsync($"/rounds/{roundId}/sampling");
        var token = HttpExtensions.HiddenInputs(html)["__RequestVerificationToken"];
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(frameName), "FrameName" },
            { new ByteArrayContent(file), "Upload", fileName },
        };
        if (cleanRowsOnly) form.Add(new StringContent("true"), "CleanRowsOnly");
        return await client.PostAsync($"/rounds/{roundId}/sampling", form);
    }

    [Fact]
    public async Task A_bad_frame_gets_a_report_line_by_line_in_Vietnamese_and_nothing_is_written()
    {
        var roundId = await RoundId();
        var client = await app.CreateClientAs(Roles.Designer);
        var csv = Header
            + "D1,Nguyễn Văn An,0912345678,an@example.vn,SO-DAN,SO-TP,3,trực tiếp\n"   // line 2: clean
            + "D1,Trần Thị Bình,0912345679,,SO-DAN,SO-TP,2,trực tiếp\n"                // line 3: duplicate id
            + "D3,Lê Văn Cường,,,SO-DAN,SO-KHONGCO,2,trực tiếp\n"                      // line 4: unknown unit
            + "D4,Phạm Thu Dung,,dung@@example,SO-DAN,SO-NV,2,trực tuyến\n"            // line 5: invalid e-mail
            + "D5,Hoàng Minh Em,,,SO-DAN,SO-NV,nhiều,trực tuyến\n"                     // line 6: non-numeric size
            + "D6,Vũ Thị Giang,,,,SO-NV,1,trực tuyến\n"                                // line 7: missing group
            + "D8,Bùi Văn Hùng,,,SO-DAN,SO-NV,1,trực tuyến\n";                         // line 8: clean
        var response = await Upload(client, roundId, "Khung lỗi", Encoding.UTF8.GetBytes(csv), "khung-loi.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("chưa nhập dòng nào", html);
        foreach (var (line, fragment) in new[] { (3, "trùng với dòng 2"), (4, "Đơn vị 'SO-KHONGCO' không có"), (5, "thư điện tử"), (6, "không phải là số"), (7, "Thiếu mã nhóm") })
        {
            var row = html[html.IndexOf($"data-line=\"{line}\"", StringComparison.Ordinal)..];
            Assert.Contains(fragment, row[..row.IndexOf("</tr>", StringComparison.Ordinal)]);
        }
        Assert.DoesNotContain("data-line=\"2\"", html);
        Assert.DoesNotContain("data-line=\"8\"", html);
        await app.WithDb(async db =>
        {
            Assert.False(await db.SamplingFrames.AnyAsync(f => f.Name == "Khung lỗi"));
            Assert.False(await db.SamplingFrameVersions.AnyAsync(v => v.FileName == "khung-loi.csv"));
            return 0;
        });

        // Asked explicitly, the clean row alone is imported (not line 2: its id is duplicated on line 3, so neither
        // copy is trusted), and the report still lists every rejected row.
        var partial = await Upload(client, roundId, "Khung lỗi", Encoding.UTF8.GetBytes(csv), "khung-loi.csv", cleanRowsOnly: true);
        var partialHtml = WebUtility.HtmlDecode(await partial.Content.ReadAsStringAsync());
        Assert.Contains("id=\"import-ok\"", partialHtml);
        Assert.Contains("data-line=\"7\"", partialHtml);
        var version = await app.WithDb(db => db.SamplingFrameVersions.SingleAsync(v => v.Frame!.Name == "Khung lỗi"));
        Assert.Equal((1, 1, 6), (version.Number, version.Rows, version.RejectedRows));
        Assert.Equal("D8", await app.WithDb(db => db.FrameMembers.Where(m => m.FrameVersionId == version.Id).Select(m => m.ExternalId).SingleAsync()));
    }

    [Fact]
    public async Task An_xlsx_frame_is_checked_row_by_row_too()
    {
        var roundId = await RoundId();
        var client = await app.CreateClientAs(Roles.Designer);
        using var ms = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(ms, new[]
        {
            new Dictionary<string, object> { ["id"] = "X1", ["name"] = "Nguyễn Văn An", ["group"] = "XA-DAN", ["unit"] = "P-HOANKIEM", ["email"] = "an@example.vn" },
            new Dictionary<string, object> { ["id"] = "X2", ["name"] = "Trần Thị Bình", ["group"] = "XA-DAN", ["unit"] = "P-HOANKIEM", ["email"] = "không-phải-email" },
        });
        var html = WebUtility.HtmlDecode(await (await Upload(client, roundId, "Khung Excel", ms.ToArray(), "khung.xlsx")).Content.ReadAsStringAsync());
        var row = html[html.IndexOf("data-line=\"3\"", StringComparison.Ordinal)..];
        Assert.Contains("thư điện tử 'không-phải-email' không hợp lệ", row[..row.IndexOf("</tr>", StringComparison.Ordinal)]);
        Assert.False(await app.WithDb(db => db.SamplingFrames.AnyAsync(f => f.Name == "Khung Excel")));
    }

    [Fact]
    public async Task A_clean_import_is_version_1_and_a_re_import_is_version_2_leaving_version_1_as_it_was()
    {
        var roundId = await RoundId();
        var client = await app.CreateClientAs(Roles.Designer);
        var first = Header + "A1,Nguyễn Văn An,0912345678,,SO-DAN,SO-TP,3,trực tiếp\nA2,Trần Thị Bình,,,SO-DAN,SO-NV,2,trực tuyến\n";
        var second = first + "A3,Lê Văn Cường,,,SO-DAN,SO-NV,1,trực tuyến\n";

        var r1 = await Upload(client, roundId, "Người dân đánh giá Sở", Encoding.UTF8.GetBytes(first), "so-dan.csv");
        Assert.Contains("phiên bản 1", WebUtility.HtmlDecode(await r1.Content.ReadAsStringAsync()));
        var r2 = await Upload(client, roundId, "Người dân đánh giá Sở", Encoding.UTF8.GetBytes(second), "so-dan.csv");
        Assert.Contains("phiên bản 2", WebUtility.HtmlDecode(await r2.Content.ReadAsStringAsync()));

        await app.WithDb(async db =>
        {
            var versions = await db.SamplingFrameVersions.Where(v => v.Frame!.Name == "Người dân đánh giá Sở").OrderBy(v => v.Number).ToListAsync();
            Assert.Equal([1, 2], versions.Select(v => v.Number));
            Assert.Equal([2, 3], versions.Select(v => v.Rows));
            Assert.Equal(2, await db.FrameMembers.CountAsync(m => m.FrameVersionId == versions[0].Id));
            Assert.Equal(3, await db.FrameMembers.CountAsync(m => m.FrameVersionId == versions[1].Id));
            Assert.NotEqual(versions[0].ContentHash, versions[1].ContentHash);
            Assert.Equal("Nguyễn Văn An", await db.FrameMemberContacts.Where(c => db.FrameMembers.Any(m => m.Id == c.FrameMemberId && m.FrameVersionId == versions[0].Id && m.ExternalId == "A1")).Select(c => c.FullName).SingleAsync());
            var ids = versions.Select(v => v.Id.ToString()).ToList();
            Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "sampling.frame-import" && ids.Contains(a.EntityId!)));
            return 0;
        });
    }

    [Theory]
    [InlineData("frame-officials.csv", 322)]
    [InlineData("frame-so-dan.csv", 1078)]
    [InlineData("frame-xa-dan.csv", 3895)]
    public async Task The_example_frames_in_sampling_import_into_the_demo_round_without_errors(string file, int rows)
    {
        var roundId = await RoundId();
        var result = await app.WithDb(db => ImportFrame.Handle(db, roundId, "Ví dụ " + file, File.ReadAllBytes(Path.Combine(SamplingFolder, file)), file, false, "tests", Now, CancellationToken.None));
        Assert.True(result.Report.IsClean, string.Join("\n", result.Report.Errors.Take(5)));
        Assert.Equal(rows, result.Version!.Rows);
        // The catalogue the design files use is the demo round's: every unit and group code is one of the round's.
        var catalogue = SampleCatalogue.Load(Path.Combine(SamplingFolder, "catalogue.yaml"));
        var (units, groups) = await app.WithDb(async db => (await db.Units.Where(u => u.RoundId == roundId).Select(u => u.Code).ToListAsync(),
            await db.RespondentGroups.Where(g => g.RoundId == roundId).Select(g => g.Code).ToListAsync()));
        Assert.Empty(catalogue.Units.Keys.Except(units));
        Assert.Empty(catalogue.Groups.Keys.Except(groups));
    }

    private static SampleDesign SoDanDesign() => SampleDesign.FromYaml("""
        name: so-dan-test
        groups: [SO-DAN]
        strata: [unit]
        stages:
          - method: srs
            count: 4
        reserve:
          ratio: 1
        """);

    private async Task<int> ImportSoDan(string name) => await app.WithDb(async db =>
        (await ImportFrame.Handle(db, await RoundId(), name, File.ReadAllBytes(Path.Combine(SamplingFolder, "frame-so-dan.csv")), "frame-so-dan.csv", false, "tests", Now, CancellationToken.None)).Version!.Id);

    private Task<List<(string FrameId, RespondentStatus Status, int? Rank, string? Stratum, double Pi1, double Weight)>> MembersOf(int drawId) => app.WithDb(async db =>
        (await db.SampleDrawMembers.Where(m => m.SampleDrawId == drawId).OrderBy(m => m.Sequence)
            .Select(m => new { m.Respondent!.FrameId, m.Respondent.Status, m.Respondent.ReserveRank, m.Respondent.Stratum, m.Respondent.Pi1, m.Respondent.DesignWeight }).ToListAsync())
        .Select(x => (x.FrameId!, x.Status, x.ReserveRank, x.Stratum, x.Pi1, x.DesignWeight)).ToList());

    [Fact]
    public async Task A_draw_is_stored_with_its_seed_and_frame_version_and_redrawing_with_the_seed_gives_the_same_respondents()
    {
        var roundId = await RoundId();
        var versionId = await ImportSoDan("Dịch vụ công các Sở");
        var first = await app.WithDb(db => DrawSample.Handle(db, roundId, versionId, SoDanDesign(), 4242, null, "tests", Now, CancellationToken.None));
        Assert.Equal((4242, 20, 20), (first.Seed, first.Officials, first.Reserves));
        Assert.Contains("MT19937", first.Algorithm);
        var firstMembers = await MembersOf(first.Id);
        Assert.Equal(20, firstMembers.Count(m => m.Status == RespondentStatus.Active));
        Assert.All(firstMembers.Where(m => m.Status == RespondentStatus.Active), m => Assert.Equal(1 / m.Pi1, m.Weight, 12));

        // The same draw straight from the file with the library (what `parindex sample draw` does) picks the same people.
        var frame = FrameImporter.Import(Path.Combine(SamplingFolder, "frame-so-dan.csv"), new FrameImportOptions()).Frame!;
        var direct = SampleDrawer.Draw(frame, SoDanDesign(), 4242);
        Assert.Equal(direct.Members.Select(m => m.Record.Id), firstMembers.Where(m => m.Status == RespondentStatus.Active).Select(m => m.FrameId));
        Assert.Equal(first.FrameContentHash, direct.FrameVersion);

        // A second draw for the same group is refused: it would silently stand beside the first.
        var refused = await Assert.ThrowsAsync<DomainException>(() => app.WithDb(db => DrawSample.Handle(db, roundId, versionId, SoDanDesign(), 4242, null, "tests", Now, CancellationToken.None)));
        Assert.Equal("sample-draw-exists", refused.Code);

        // Superseding it explicitly, with the same seed, reproduces it member for member.
        var again = await app.WithDb(db => DrawSample.Handle(db, roundId, versionId, SoDanDesign(), 4242, "Kiểm tra tái lập", "tests", Now, CancellationToken.None));
        var againMembers = await MembersOf(again.Id);
        Assert.Equal(firstMembers.Select(m => (m.FrameId, m.Status, m.Rank, m.Stratum, m.Pi1)), againMembers.Select(m => (m.FrameId, m.Status, m.Rank, m.Stratum, m.Pi1)));
        await app.WithDb(async db =>
        {
            var old = await db.SampleDraws.SingleAsync(d => d.Id == first.Id);
            Assert.Equal((SampleDrawStatus.Superseded, "Kiểm tra tái lập"), (old.Status, old.SupersedeReason));
            Assert.Equal(0, await db.SampleDrawMembers.CountAsync(m => m.SampleDrawId == first.Id));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "sampling.draw-supersede" && a.EntityId == first.Id.ToString() && a.Reason == "Kiểm tra tái lập"));
            return 0;
        });

        // A different seed gives a different sample.
        var other = SampleDrawer.Draw(frame, SoDanDesign(), 4243);
        Assert.NotEqual(direct.Members.Select(m => m.Record.Id), other.Members.Select(m => m.Record.Id));

        // Once a member has a link, the draw can no longer be superseded.
        var member = await app.WithDb(db => db.SampleDrawMembers.Where(m => m.SampleDrawId == again.Id && !m.IsReserve).Select(m => m.RespondentId).FirstAsync());
        await app.WithDb(async db =>
        {
            db.Invitations.Add(new Invitation { RespondentId = member, TokenHash = new string('a', 64), CreatedAt = Now });
            return await db.SaveChangesAsync();
        });
        var inUse = await Assert.ThrowsAsync<DomainException>(() => app.WithDb(db => DrawSample.Handle(db, roundId, versionId, SoDanDesign(), 1, "lần nữa", "tests", Now, CancellationToken.None)));
        Assert.Equal("sample-draw-in-use", inUse.Code);

        // Replacement: the next reserve of the same stratum, inheriting the weight, logged and audited.
        var client = await app.CreateClientAs(Roles.Designer);
        var code = await app.WithDb(db => db.Respondents.Where(r => r.Id == member).Select(r => r.Code).SingleAsync());
        var page = $"/rounds/{roundId}/sampling/draws/{again.Id}/replace";
        var token = HttpExtensions.HiddenInputs(await client.GetStringAsync(page))["__RequestVerificationToken"];
        var posted = await client.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Code"] = code, ["Reason"] = "Từ chối trả lời qua điện thoại",
        }));
        var html = WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync());
        Assert.Contains("id=\"replace-ok\"", html);
        await app.WithDb(async db =>
        {
            var replaced = await db.Respondents.SingleAsync(r => r.Id == member);
            var pool = await db.SampleDrawMembers.Where(m => m.RespondentId == member).Select(m => m.Pool).SingleAsync();
            var log = await db.SampleReplacements.SingleAsync(r => r.SampleDrawId == again.Id);
            var replacement = await db.Respondents.SingleAsync(r => r.Id == log.ReplacementRespondentId);
            var expected = await db.SampleDrawMembers.Where(m => m.SampleDrawId == again.Id && m.IsReserve && m.Pool == pool)
                .OrderBy(m => m.ReserveRank).ThenBy(m => m.Sequence).Select(m => m.RespondentId).FirstAsync();
            Assert.Equal(RespondentStatus.Replaced, replaced.Status);
            Assert.Equal((RespondentStatus.Active, expected), (replacement.Status, replacement.Id));
            Assert.Equal((replaced.Stratum, replaced.Pi1, replaced.DesignWeight), (replacement.Stratum, replacement.Pi1, replacement.DesignWeight));
            Assert.Equal((1, "Từ chối trả lời qua điện thoại", "designer@tests.parindex.local"), (log.ReserveRank, log.Reason, log.By));
            Assert.Equal(InvitationStatus.Revoked, (await db.Invitations.SingleAsync(i => i.RespondentId == member)).Status);
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == "sampling.replace" && a.EntityId == member.ToString());
            Assert.Equal("Từ chối trả lời qua điện thoại", audit.Reason);
            return 0;
        });
        // The same member cannot be replaced twice.
        var twice = await Assert.ThrowsAsync<DomainException>(() => app.WithDb(db => ReplaceSampleMember.Handle(db, roundId, again.Id, code, "lại", "tests", Now, CancellationToken.None)));
        Assert.Equal("validation-failed", twice.Code);

        // Downloads: CSV in UTF-8 with BOM, official list with the replacement marked; reserve list with the used member.
        var sampleCsv = await client.GetByteArrayAsync($"/rounds/{roundId}/sampling/draws/{again.Id}?handler=download&kind=sample&format=csv");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, sampleCsv[..3]);
        var text = Encoding.UTF8.GetString(sampleCsv[3..]);
        Assert.StartsWith("code,frame_id,name,phone,email,address,group,unit,status,stratum,psu,ssu,pi1,pi2,weight", text);
        Assert.Equal(22, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length); // header + 20 + 1 replacement
        Assert.Contains(",replaced,", text);
        Assert.Contains(",replacement,", text);
        var reserveXlsx = await client.GetAsync($"/rounds/{roundId}/sampling/draws/{again.Id}?handler=download&kind=reserve&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", reserveXlsx.Content.Headers.ContentType?.MediaType);
        var sheet = ParIndex.Core.Tabular.TabularReader.Read(await reserveXlsx.Content.ReadAsByteArrayAsync(), "r.xlsx");
        Assert.Equal(20, sheet.Rows.Count);
        Assert.Equal(1, sheet.Rows.Count(r => r.Get("used") == "yes"));
    }

    [Fact]
    public async Task The_size_page_shows_the_formula_and_a_size_per_unit_and_group()
    {
        var roundId = await RoundId();
        var versionId = await ImportSoDan("Cỡ mẫu");
        var client = await app.CreateClientAs(Roles.Designer);
        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/rounds/{roundId}/sampling/size?Version={versionId}&Formula=cochran-proportion&Margin=0.05&Confidence=0.95&Proportion=0.5&DesignEffect=1&ResponseRate=0.8&Total=100&AllocationMethod=proportional"));
        Assert.Contains("n₀ = z²·p(1 − p) / e²", html);
        // SO-TP has N = 171 in the example frame: n₀ = 384.15, n = 384.15/(1 + 383.15/171) = 118.4 → 119 completed, ⌈118.4/0.8⌉ = 149 issued.
        var row = html[html.IndexOf("data-unit=\"SO-TP\" data-group=\"SO-DAN\"", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains(">171<", row);
        Assert.Contains(">149<", row);
        Assert.Contains("allocation-table", html);
    }
}
