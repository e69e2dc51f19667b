using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Rounds;

/// <summary>One refused row of an imported file: its line number, the column and what to fix.</summary>
public sealed record RowError(int Line, string Column, string Message);

public sealed record ImportUnitsResult(int Added, int Updated, IReadOnlyList<RowError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports a round's units from CSV/XLSX (columns <c>code, name, type, parent_area</c>; Vietnamese headers
/// <c>mã, tên, loại, địa bàn</c> also accepted). All or nothing: one bad row and nothing is written.
/// Existing units (same code) are updated; units missing from the file are kept.
/// </summary>
public static class ImportUnits
{
    private static readonly string[] CodeColumns = ["code", "mã", "ma", "ma_don_vi", "mã đơn vị"];
    private static readonly string[] NameColumns = ["name", "tên", "ten", "ten_don_vi", "tên đơn vị"];
    private static readonly string[] TypeColumns = ["type", "loại", "loai", "unit_type"];
    private static readonly string[] AreaColumns = ["parent_area", "địa bàn", "dia_ban", "area", "khu vực"];

    public static async Task<ImportUnitsResult> Handle(ParIndexDbContext db, int roundId, TabularFile file, string actor, DateTime now, CancellationToken ct)
    {
        var round = await RoundStructure.LoadEditable(db, roundId, ct);
        var errors = new List<RowError>();
        var codeCol = Find(file, CodeColumns);
        var nameCol = Find(file, NameColumns);
        var typeCol = Find(file, TypeColumns);
        var areaCol = Find(file, AreaColumns);
        if (codeCol is null) errors.Add(new RowError(1, "code", "Thiếu cột mã đơn vị (code/mã)."));
        if (nameCol is null) errors.Add(new RowError(1, "name", "Thiếu cột tên đơn vị (name/tên)."));
        if (typeCol is null) errors.Add(new RowError(1, "type", "Thiếu cột loại đơn vị (type/loại)."));
        if (errors.Count > 0) return new ImportUnitsResult(0, 0, errors);

        var types = await db.UnitTypes.Where(t => t.RoundId == roundId).ToDictionaryAsync(t => t.Code, StringComparer.OrdinalIgnoreCase, ct);
        var existing = await db.Units.Where(u => u.RoundId == roundId).ToDictionaryAsync(u => u.Code, StringComparer.OrdinalIgnoreCase, ct);
        var hasResponses = await RoundStructure.HasResponses(db, roundId, ct);
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var parsed = new List<(string Code, string Name, UnitType Type, string? Area)>();

        foreach (var row in file.Rows)
        {
            var code = row.Get(codeCol!);
            var name = row.Get(nameCol!);
            var typeCode = row.Get(typeCol!);
            var area = areaCol is null ? null : row.Get(areaCol);
            var before = errors.Count;
            if (code.Length == 0) errors.Add(new RowError(row.Line, "code", "Mã đơn vị bị trống."));
            else if (code.Length > 40 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                errors.Add(new RowError(row.Line, "code", $"Mã \"{Truncate(code)}\" không hợp lệ: chỉ gồm chữ, số, '-', '_', '.' (tối đa 40 ký tự)."));
            else if (seen.TryGetValue(code, out var firstLine))
                errors.Add(new RowError(row.Line, "code", $"Mã \"{code}\" trùng với dòng {firstLine}."));
            else seen[code] = row.Line;
            if (name.Length == 0) errors.Add(new RowError(row.Line, "name", "Tên đơn vị bị trống."));
            else if (name.Length > 300) errors.Add(new RowError(row.Line, "name", "Tên đơn vị dài quá 300 ký tự."));
            else if (name[0] is '=' or '+' or '@' or '-') errors.Add(new RowError(row.Line, "name", "Tên đơn vị không được bắt đầu bằng '=', '+', '-' hoặc '@' (công thức bảng tính)."));
            if (!types.TryGetValue(typeCode, out var type))
                errors.Add(new RowError(row.Line, "type", $"Loại đơn vị \"{Truncate(typeCode)}\" không có trong đợt này (có: {string.Join(", ", types.Keys)})."));
            if (area is { Length: > 300 }) errors.Add(new RowError(row.Line, "parent_area", "Địa bàn dài quá 300 ký tự."));
            if (errors.Count == before && type is not null)
            {
                if (hasResponses && existing.TryGetValue(code, out var old) && old.UnitTypeId != type.Id)
                    errors.Add(new RowError(row.Line, "type", $"Không thể đổi loại của đơn vị \"{code}\": đợt đã có phiếu trả lời."));
                else parsed.Add((code, name, type, string.IsNullOrEmpty(area) ? null : area));
            }
        }
        if (file.Rows.Count == 0) errors.Add(new RowError(2, "", "Tệp không có dòng dữ liệu nào."));
        if (errors.Count > 0) return new ImportUnitsResult(0, 0, errors);

        int added = 0, updated = 0;
        var order = existing.Count;
        foreach (var (code, name, type, area) in parsed)
        {
            if (existing.TryGetValue(code, out var unit))
            {
                if (unit.Name != name || unit.UnitTypeId != type.Id || unit.ParentArea != area)
                {
                    (unit.Name, unit.UnitTypeId, unit.ParentArea) = (name, type.Id, area);
                    updated++;
                }
            }
            else
            {
                db.Units.Add(new Unit { RoundId = round.Id, Code = code, Name = name, UnitTypeId = type.Id, ParentArea = area, SortOrder = order++ });
                added++;
            }
        }
        db.Record(actor, "units.import", nameof(Round), round.Id, null, new { added, updated, rows = parsed.Count }, now, round.Id);
        await db.SaveChangesAsync(ct);
        return new ImportUnitsResult(added, updated, []);
    }

    private static string? Find(TabularFile file, string[] names) => names.FirstOrDefault(file.Headers.Contains);

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
