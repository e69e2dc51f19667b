using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Distribution;

[Collection(DistributionCollection.Name)]
public sealed class InvitationTests(ParIndexFactory app)
{
    private async Task<(HttpClient Staff, int RoundId, int UnitId, int GroupId)> Designer(int unitIndex)
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN", unitIndex);
        return (await app.CreateClientAs(Roles.Designer), roundId, unitId, groupId);
    }

    private static async Task<List<string[]>> CsvRows(HttpClient staff, string url)
    {
        var bytes = await staff.GetByteArrayAsync(url);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(SplitCsv).ToList();
    }

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        cells.Add(cell.ToString());
        return [.. cells];
    }

    private static string Token(string link) => link[(link.LastIndexOf('/') + 1)..];

    [Fact]
    public async Task Exported_links_of_a_unit_open_the_form_for_every_member_who_has_not_answered()
    {
        var (staff, roundId, unitId, groupId) = await Designer(0);
        var unanswered = await app.WithDb(db => db.Respondents.CountAsync(r => r.UnitId == unitId && r.RespondentGroupId == groupId && !db.Responses.Any(x => x.RespondentId == r.Id)));

        var rows = await CsvRows(staff, $"/api/v1/rounds/{roundId}/invitations/export.csv?unitId={unitId}&groupId={groupId}");

        Assert.Equal(["ma_nguoi_tra_loi", "nhom", "don_vi", "ho_ten", "email", "dien_thoai", "lien_ket", "han_tra_loi (UTC+7)"], rows[0]);
        Assert.Equal(unanswered, rows.Count - 1);
        var client = app.CreateClient();
        foreach (var row in rows.Skip(1))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(row[6]).PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Issuing_gives_a_link_only_to_members_without_one_and_never_to_those_who_answered()
    {
        var (staff, roundId, unitId, groupId) = await Designer(1);
        var member = await app.WithDb(db => db.Respondents.Where(r => r.UnitId == unitId && r.RespondentGroupId == groupId && !db.Responses.Any(x => x.RespondentId == r.Id)).Select(r => r.Id).FirstAsync());
        await app.WithDb(async db => await db.Invitations.Where(i => i.RespondentId == member).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InvitationStatus.Revoked)));

        var issued = await (await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/invitations/issue",
            new { unitId, groupId, validUntil = DateTime.UtcNow.AddDays(30) })).ReadJson();
        var again = await (await staff.PostAsJsonAsync($"/api/v1/rounds/{roundId}/invitations/issue", new { unitId, groupId })).ReadJson();

        Assert.Equal(1, issued.GetProperty("issued").GetInt32());
        Assert.Equal(0, again.GetProperty("issued").GetInt32());
        var answered = await app.WithDb(db => db.Respondents.CountAsync(r => r.UnitId == unitId && r.RespondentGroupId == groupId && db.Responses.Any(x => x.RespondentId == r.Id)));
        Assert.Equal(answered, again.GetProperty("alreadyAnswered").GetInt32());
        Assert.NotNull(await app.WithDb(db => db.Invitations.Where(i => i.RespondentId == member && i.Status == InvitationStatus.Active).Select(i => i.ValidUntil).SingleAsync()));
    }

    [Fact]
    public async Task A_revoked_link_says_so_and_a_reissued_link_replaces_it()
    {
        var (staff, roundId, _, groupId) = await Designer(2);
        // The whole group: plenty of members who have not answered.
        var rows = await CsvRows(staff, $"/api/v1/rounds/{roundId}/invitations/export.csv?groupId={groupId}");
        var (first, second) = (rows[1], rows[2]);
        var client = app.CreateClient();
        var firstId = await app.WithDb(db => db.Invitations.Where(i => i.Respondent!.Code == first[0] && i.Status == InvitationStatus.Active).Select(i => i.Id).SingleAsync());
        var secondId = await app.WithDb(db => db.Invitations.Where(i => i.Respondent!.Code == second[0] && i.Status == InvitationStatus.Active).Select(i => i.Id).SingleAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync($"/api/v1/rounds/{roundId}/invitations/{firstId}/revoke", null)).StatusCode);
        var reissued = await (await staff.PostAsync($"/api/v1/rounds/{roundId}/invitations/{secondId}/reissue", null)).ReadJson();

        var revokedPage = await client.GetAsync($"/r/{Token(first[6])}");
        Assert.Equal(HttpStatusCode.Gone, revokedPage.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/r/{Token(second[6])}")).StatusCode);
        var newLink = reissued.GetProperty("link").GetString()!;
        Assert.NotEqual(second[6], newLink);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/r/{Token(newLink)}")).StatusCode);
    }

    [Fact]
    public async Task Exports_neutralise_spreadsheet_formulas_in_csv_and_xlsx()
    {
        var (staff, roundId, unitId, groupId) = await Designer(3);
        var code = await app.WithDb(async db =>
        {
            var contact = await db.RespondentContacts.Where(c => db.Respondents.Any(r => r.Id == c.RespondentId && r.UnitId == unitId && r.RespondentGroupId == groupId
                && db.Invitations.Any(i => i.RespondentId == r.Id && i.Status == InvitationStatus.Active))).FirstAsync();
            contact.FullName = "=HYPERLINK(\"http://evil\";\"x\")";
            contact.Phone = "+84912345678";
            await db.SaveChangesAsync();
            return await db.Respondents.Where(r => r.Id == contact.RespondentId).Select(r => r.Code).SingleAsync();
        });

        var csv = Encoding.UTF8.GetString(await staff.GetByteArrayAsync($"/api/v1/rounds/{roundId}/invitations/export.csv?unitId={unitId}&groupId={groupId}"));
        var xlsx = await staff.GetByteArrayAsync($"/api/v1/rounds/{roundId}/invitations/export.xlsx?unitId={unitId}&groupId={groupId}");

        var line = csv.Split("\r\n").Single(l => l.StartsWith(code, StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\"", line);
        Assert.Contains(",'+84912345678,", line);
        Assert.Equal("'=HYPERLINK(\"http://evil\";\"x\")", SplitCsv(line)[3]);
        var sheet = MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        var row = sheet.Single(r => (string)r["ma_nguoi_tra_loi"] == code);
        Assert.Equal("'=HYPERLINK(\"http://evil\";\"x\")", row["ho_ten"]);
        Assert.StartsWith("http://localhost/r/", (string)row["lien_ket"]);
    }

    [Fact]
    public async Task A_qr_code_decodes_to_the_invitations_link_with_a_real_decoder()
    {
        var (staff, roundId, unitId, groupId) = await Designer(4);
        var row = (await CsvRows(staff, $"/api/v1/rounds/{roundId}/invitations/export.csv?unitId={unitId}&groupId={groupId}"))[1];
        var id = await app.WithDb(db => db.Invitations.Where(i => i.Respondent!.Code == row[0] && i.Status == InvitationStatus.Active).Select(i => i.Id).SingleAsync());

        var png = await staff.GetAsync($"/api/v1/rounds/{roundId}/invitations/{id}/qr.png");
        var svg = await staff.GetAsync($"/api/v1/rounds/{roundId}/invitations/{id}/qr.svg");

        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<svg", (await svg.Content.ReadAsStringAsync()).TrimStart().Replace("<?xml", "<svg")[..4]);
        var file = Path.Combine(Path.GetTempPath(), $"parindex-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, await png.Content.ReadAsByteArrayAsync());
        try
        {
            Assert.Equal(row[6], Zbar(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_database_alone_holds_no_working_link()
    {
        var (staff, roundId, unitId, groupId) = await Designer(5);
        var link = (await CsvRows(staff, $"/api/v1/rounds/{roundId}/invitations/export.csv?unitId={unitId}&groupId={groupId}"))[1][6];

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(Path.GetDirectoryName(app.DatabasePath)!, "parindex.db*");
        Assert.Contains(app.DatabasePath, files);
        var dump = string.Concat(files.Select(f =>
        {
            try
            {
                using var s = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var r = new StreamReader(s, Encoding.Latin1);
                return r.ReadToEnd();
            }
            catch (FileNotFoundException) when (f != app.DatabasePath)
            {
                // A -wal or -shm file the checkpointer removed between listing and opening: its pages are in the database
                // file now, which is read above. The database file itself must always be read.
                return "";
            }
        }));
        Assert.DoesNotContain(Token(link), dump);
    }

    [Fact]
    public async Task Staff_outside_design_roles_cannot_export_links()
    {
        var (roundId, unitId, groupId) = await DemoRound.UnitAndGroup(app, "XA-DAN");
        var supervisor = await app.CreateClientAs(Roles.Supervisor);

        var response = await supervisor.GetAsync($"/api/v1/rounds/{roundId}/invitations/export.csv?unitId={unitId}&groupId={groupId}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static string Zbar(string file)
    {
        var info = new ProcessStartInfo("zbarimg", ["--raw", "-q", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"zbarimg exit {process.ExitCode}: {process.StandardError.ReadToEnd()}");
        return output.Trim();
    }
}
