using System.Globalization;
using ParIndex.Core.Tabular;

namespace ParIndex.Core.Publication;

/// <summary>One refused line of a unit mapping file: the line as a spreadsheet shows it, the column and what to fix.</summary>
public sealed record LineageRowError(int Line, string Column, string Message);

/// <summary>A unit as the mapping sees it: code, name and unit type code.</summary>
public sealed record LineageUnit(string Code, string Name, string UnitType);

/// <summary>One part of a unit's predecessor, as read and checked.</summary>
public sealed record LineagePart(string UnitCode, string PredecessorUnitCode, double Share, LineageBasis Basis);

/// <summary>
/// Reads and checks a unit mapping between a round and its predecessor (CSV/XLSX, columns <c>unit_code,
/// predecessor_unit_code, share, basis</c>; Vietnamese headers <c>mã đơn vị, mã đơn vị kỳ trước, tỷ trọng, căn cứ</c>
/// accepted). Every line is checked — the unit is in this round, the predecessor unit in the predecessor round and of the
/// same unit type, 0 &lt; share ≤ 1 (<c>0,35</c> or <c>0.35</c>), the basis is <c>identity</c>/<c>population</c>/<c>frame</c>
/// (<c>trùng</c>/<c>dân số</c>/<c>khung mẫu</c>), no pair twice — and then each unit's shares must sum to 1. One bad line
/// refuses the whole file.
/// </summary>
public static class LineageImport
{
    private static readonly string[] UnitColumns = ["unit_code", "unit", "mã đơn vị", "ma_don_vi"];
    private static readonly string[] PredecessorColumns = ["predecessor_unit_code", "predecessor", "mã đơn vị kỳ trước", "ma_don_vi_ky_truoc"];
    private static readonly string[] ShareColumns = ["share", "tỷ trọng", "ty_trong"];
    private static readonly string[] BasisColumns = ["basis", "căn cứ", "can_cu"];

    public static (IReadOnlyList<LineagePart> Parts, IReadOnlyList<LineageRowError> Errors) Parse(
        TabularFile file, IReadOnlyList<LineageUnit> units, IReadOnlyList<LineageUnit> predecessorUnits)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<LineageRowError>();
        var unitCol = Find(file, UnitColumns);
        var predCol = Find(file, PredecessorColumns);
        var shareCol = Find(file, ShareColumns);
        var basisCol = Find(file, BasisColumns);
        if (unitCol is null) errors.Add(new(1, "unit_code", "Thiếu cột mã đơn vị (unit_code / mã đơn vị)."));
        if (predCol is null) errors.Add(new(1, "predecessor_unit_code", "Thiếu cột mã đơn vị kỳ trước (predecessor_unit_code / mã đơn vị kỳ trước)."));
        if (shareCol is null) errors.Add(new(1, "share", "Thiếu cột tỷ trọng (share / tỷ trọng)."));
        if (errors.Count > 0) return ([], errors);
        if (file.Rows.Count == 0) return ([], [new(2, "", "Tệp không có dòng dữ liệu nào.")]);
        var rows = file.Rows.Select(r => (r.Line, Unit: r.Get(unitCol!).Trim(), Predecessor: r.Get(predCol!).Trim(), Share: r.Get(shareCol!).Trim(),
            Basis: basisCol is null ? "" : r.Get(basisCol).Trim())).ToList();
        return Check(rows, units, predecessorUnits);
    }

    /// <summary>Checks rows given as text (from a file or a form): the same rules as <see cref="Parse"/>.</summary>
    public static (IReadOnlyList<LineagePart> Parts, IReadOnlyList<LineageRowError> Errors) Check(
        IReadOnlyList<(int Line, string Unit, string Predecessor, string Share, string Basis)> rows, IReadOnlyList<LineageUnit> units, IReadOnlyList<LineageUnit> predecessorUnits)
    {
        var errors = new List<LineageRowError>();
        var unitByCode = units.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        var predByCode = predecessorUnits.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        var seen = new Dictionary<(string, string), int>();
        var parts = new List<(int Line, LineagePart Part)>();
        foreach (var (line, unitCode, predCode, shareText, basisText) in rows)
        {
            var before = errors.Count;
            if (!unitByCode.TryGetValue(unitCode, out var unit))
                errors.Add(new(line, "unit_code", unitCode.Length == 0 ? "Mã đơn vị bị trống." : $"Không có đơn vị \"{Short(unitCode)}\" trong đợt này."));
            if (!predByCode.TryGetValue(predCode, out var pred))
                errors.Add(new(line, "predecessor_unit_code", predCode.Length == 0 ? "Mã đơn vị kỳ trước bị trống." : $"Không có đơn vị \"{Short(predCode)}\" trong đợt kỳ trước."));
            else if (unit is not null && !string.Equals(unit.UnitType, pred.UnitType, StringComparison.Ordinal))
                errors.Add(new(line, "predecessor_unit_code", $"{pred.Code} (loại {pred.UnitType}) và {unit.Code} (loại {unit.UnitType}) không cùng loại đơn vị."));
            if (!double.TryParse(shareText.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) || !(share > 0 && share <= 1))
                errors.Add(new(line, "share", $"Tỷ trọng \"{Short(shareText)}\" phải là số lớn hơn 0 và không quá 1 (ví dụ 0,35 hoặc 0.35)."));
            var basis = ParseBasis(basisText);
            if (basis is null) errors.Add(new(line, "basis", $"Căn cứ \"{Short(basisText)}\" phải là identity (trùng), population (dân số) hoặc frame (khung mẫu)."));
            if (errors.Count > before || unit is null || pred is null) continue;
            if (seen.TryGetValue((unit.Code, pred.Code), out var first))
            {
                errors.Add(new(line, "predecessor_unit_code", $"Cặp {unit.Code} ← {pred.Code} trùng với dòng {first}."));
                continue;
            }
            seen[(unit.Code, pred.Code)] = line;
            parts.Add((line, new LineagePart(unit.Code, pred.Code, share, basis!.Value)));
        }
        if (errors.Count == 0)
        {
            foreach (var g in parts.GroupBy(p => p.Part.UnitCode, StringComparer.Ordinal))
            {
                var total = g.Sum(p => p.Part.Share);
                if (Math.Abs(total - 1) > ChangeEstimator.ShareTolerance)
                    errors.Add(new(g.First().Line, "share", $"Tổng tỷ trọng của đơn vị {g.Key} là {total.ToString("0.####", CultureInfo.GetCultureInfo("vi-VN"))}; phải bằng 1 (các dòng {string.Join(", ", g.Select(p => p.Line))})."));
            }
        }
        return errors.Count > 0 ? ([], errors) : (parts.Select(p => p.Part).ToList(), errors);
    }

    /// <summary>The mapping of two rounds whose units keep their codes: every unit found in both, share 1.</summary>
    public static IReadOnlyList<LineagePart> SameCodes(IReadOnlyList<LineageUnit> units, IReadOnlyList<LineageUnit> predecessorUnits)
    {
        var pred = predecessorUnits.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        return units.Where(u => pred.TryGetValue(u.Code, out var p) && p.UnitType == u.UnitType)
            .Select(u => new LineagePart(u.Code, pred[u.Code].Code, 1, LineageBasis.Identity)).ToList();
    }

    public static LineageBasis? ParseBasis(string text) => text.Trim().ToLowerInvariant() switch
    {
        "" or "identity" or "trùng" or "trung" or "giữ nguyên" => LineageBasis.Identity,
        "population" or "dân số" or "dan so" or "dan_so" => LineageBasis.Population,
        "frame" or "khung mẫu" or "khung mau" or "khung_mau" => LineageBasis.Frame,
        _ => null,
    };

    public static string BasisCode(LineageBasis basis) => basis switch
    {
        LineageBasis.Population => "population",
        LineageBasis.Frame => "frame",
        _ => "identity",
    };

    private static string? Find(TabularFile file, string[] names) => names.FirstOrDefault(n => file.Headers.Contains(n, StringComparer.OrdinalIgnoreCase)) is { } n
        ? file.Headers.First(h => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)) : null;

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
