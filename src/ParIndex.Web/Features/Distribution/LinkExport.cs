using System.Text;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Distribution;

/// <summary>One row of a link list: what a letter, an export line or an e-mail needs.</summary>
public sealed record LinkRow(int InvitationId, string RespondentCode, string Group, string? Unit, string? FullName, string? Email, string? Phone,
    string Link, DateTime? ValidUntil);

/// <summary>Active personal links of a unit/group, re-rendered from the link secret, for letters and other channels (Zalo, SMS).</summary>
public static class LinkExport
{
    public static async Task<List<LinkRow>> Rows(ParIndexDbContext db, LinkTokens tokens, InvitationScope scope, string baseUrl, CancellationToken ct)
    {
        var rows = await (
            from i in db.Invitations
            join r in ManageInvitations.Members(db, scope) on i.RespondentId equals r.Id
            where i.Status == InvitationStatus.Active && i.Salt != null
            join c in db.RespondentContacts on r.Id equals c.RespondentId into contacts
            from c in contacts.DefaultIfEmpty()
            orderby r.Unit!.SortOrder, r.Code
            select new { Invitation = i, r.Code, Group = r.RespondentGroup!.Name, Unit = r.Unit!.Name, c.FullName, c.Email, c.Phone })
            .AsNoTracking().ToListAsync(ct);
        return rows.Select(x => new LinkRow(x.Invitation.Id, x.Code, x.Group, x.Unit, x.FullName, x.Email, x.Phone,
            LinkOf(baseUrl, tokens.TokenOf(x.Invitation)!), x.Invitation.ValidUntil)).ToList();
    }

    public static string LinkOf(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}/r/{token}";

    /// <summary>The deadline column says its clock: people read it, so it is Hanoi time (UTC+7), not the stored UTC.</summary>
    private static readonly string[] Header = ["ma_nguoi_tra_loi", "nhom", "don_vi", "ho_ten", "email", "dien_thoai", "lien_ket", "han_tra_loi (UTC+7)"];

    private static string?[] Cells(LinkRow r) =>
        [r.RespondentCode, r.Group, r.Unit, r.FullName, r.Email, r.Phone, r.Link, r.ValidUntil is { } until ? Infrastructure.Ui.Date(until) : null];

    /// <summary>
    /// A cell a spreadsheet would read as a formula (= + - @, and tab/CR that some apps strip first) gets a leading
    /// apostrophe, so a name like "=HYPERLINK(…)" in a frame cannot run when the institute opens the export.
    /// </summary>
    public static string Neutralise(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value ?? "";

    /// <summary>CSV, UTF-8 with BOM (so Excel shows Vietnamese correctly), RFC 4180 quoting.</summary>
    public static byte[] Csv(IEnumerable<LinkRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Header).Append("\r\n");
        foreach (var r in rows) sb.AppendJoin(',', Cells(r).Select(c => Quote(Neutralise(c)))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    public static byte[] Xlsx(IEnumerable<LinkRow> rows)
    {
        var sheet = rows.Select(r => Header.Zip(Cells(r), (h, c) => (h, c: Neutralise(c))).ToDictionary(x => x.h, x => (object)x.c)).ToList();
        if (sheet.Count == 0) sheet.Add(Header.ToDictionary(h => h, _ => (object)""));
        using var stream = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(stream, sheet);
        return stream.ToArray();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
