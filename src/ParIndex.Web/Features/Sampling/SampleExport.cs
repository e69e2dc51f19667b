using System.Globalization;
using ParIndex.Core.Sampling;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using ParIndex.Core.Domain;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Sampling;

public sealed record DrawMemberRow(int RespondentId, string Code, string FrameId, string? Name, string? Phone, string? Email, string? Address,
    string Group, string? Unit, RespondentStatus Status, bool IsReserve, int? ReserveRank, string Pool, string? Stratum, string? Psu, string? Ssu,
    double Pi1, double Pi2, double Weight, double? Fpc1, double? Fpc2, int Sequence);

/// <summary>
/// The official sample and the reserve list of a stored draw, as the institute downloads them: CSV in UTF-8 with BOM
/// (Excel shows Vietnamese correctly) or XLSX, every text cell passed through <see cref="SpreadsheetSafe.Cell"/>;
/// numbers in invariant culture at full precision, so R's read.csv reads the weights as they are.
/// </summary>
public static class SampleExport
{
    public enum Kind { Sample, Reserve }

    public static Task<List<DrawMemberRow>> Members(ParIndexDbContext db, int drawId, CancellationToken ct) =>
        (from m in db.SampleDrawMembers.AsNoTracking()
         where m.SampleDrawId == drawId
         join r in db.Respondents on m.RespondentId equals r.Id
         join c in db.RespondentContacts on r.Id equals c.RespondentId into cs
         from c in cs.DefaultIfEmpty()
         orderby m.Sequence
         select new DrawMemberRow(r.Id, r.Code, r.FrameId ?? "", c != null ? c.FullName : null, c != null ? c.Phone : null, c != null ? c.Email : null,
             c != null ? c.Address : null, r.RespondentGroup!.Code, r.Unit != null ? r.Unit.Code : null, r.Status, m.IsReserve, m.ReserveRank, m.Pool,
             r.Stratum, r.Psu, r.Ssu, r.Pi1, r.Pi2, r.DesignWeight, r.Fpc1, r.Fpc2, m.Sequence)).ToListAsync(ct);

    /// <summary>Officials (with their status: official, replaced, replacement) or the ordered reserve list.</summary>
    public static (string[] Headers, List<string?[]> Rows) Table(SampleDrawRecord draw, IReadOnlyList<DrawMemberRow> members, Kind kind)
    {
        if (kind == Kind.Sample)
        {
            string[] headers = ["code", "frame_id", "name", "phone", "email", "address", "group", "unit", "status", "stratum", "psu", "ssu",
                "pi1", "pi2", "weight", "fpc1", "fpc2", "design", "seed", "rng", "frame_version"];
            var rows = members.Where(m => !m.IsReserve || m.Status != RespondentStatus.Reserve)
                .OrderBy(m => m.IsReserve).ThenBy(m => m.Sequence)
                .Select(m => new[]
                {
                    m.Code, m.FrameId, m.Name, m.Phone, m.Email, m.Address, m.Group, m.Unit,
                    m.Status == RespondentStatus.Replaced ? "replaced" : m.IsReserve ? "replacement" : "official",
                    m.Stratum, m.Psu, m.Ssu, Num(m.Pi1), Num(m.Pi2), Num(m.Weight), m.Fpc1 is { } f1 ? Num(f1) : null, m.Fpc2 is { } f2 ? Num(f2) : null,
                    draw.DesignName, draw.Seed.ToString(CultureInfo.InvariantCulture), draw.Algorithm, draw.FrameContentHash,
                }).ToList();
            return (headers, rows);
        }
        string[] reserveHeaders = ["pool", "rank", "code", "frame_id", "name", "phone", "email", "address", "group", "unit", "stratum", "used"];
        var reserve = members.Where(m => m.IsReserve).OrderBy(m => m.Sequence)
            .Select(m => new[]
            {
                m.Pool, m.ReserveRank?.ToString(CultureInfo.InvariantCulture), m.Code, m.FrameId, m.Name, m.Phone, m.Email, m.Address, m.Group, m.Unit,
                m.Stratum, m.Status == RespondentStatus.Reserve ? "no" : "yes",
            }).ToList();
        return (reserveHeaders, reserve);
    }

    public static byte[] Csv((string[] Headers, List<string?[]> Rows) table)
    {
        using var ms = new MemoryStream();
        using (var writer = new StreamWriter(ms, SampleCsv.Utf8WithBom))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }))
        {
            foreach (var h in table.Headers) csv.WriteField(h);
            csv.NextRecord();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row) csv.WriteField(SpreadsheetSafe.Cell(cell));
                csv.NextRecord();
            }
        }
        return ms.ToArray();
    }

    public static byte[] Xlsx((string[] Headers, List<string?[]> Rows) table, string sheet)
    {
        var rows = table.Rows.Select(r =>
        {
            var d = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < table.Headers.Length; i++) d[table.Headers[i]] = SpreadsheetSafe.Cell(r[i]);
            return d;
        }).ToList();
        if (rows.Count == 0) rows.Add(table.Headers.ToDictionary(h => h, _ => (object?)null));
        using var ms = new MemoryStream();
        ms.SaveAs(rows, sheetName: sheet);
        return ms.ToArray();
    }

    private static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
