using System.Globalization;
using ParIndex.Core.Domain;
using ParIndex.Core.Tabular;

namespace ParIndex.Core.Scoring;

/// <summary>One refused line of an appraisal file: the line number as a spreadsheet shows it, the column and what to fix.</summary>
public sealed record AppraisalRowError(int Line, string Column, string Message);

/// <summary>
/// Reads appraised self-assessment scores (CSV/XLSX): columns <c>unit, criterion, appraisal_round, points</c>
/// (Vietnamese headers <c>mã đơn vị, tiêu chí, lần thẩm định, điểm</c> also accepted). Every line is checked — the
/// unit exists, the criterion is an appraisal leaf of the unit's type, the round is 1 or 2, 0 ≤ points ≤ the
/// criterion's maximum, no duplicate — and one bad line refuses the whole file.
/// </summary>
public static class AppraisalImport
{
    private static readonly string[] UnitColumns = ["unit", "unit_code", "mã đơn vị", "ma_don_vi", "mã", "ma"];
    private static readonly string[] CriterionColumns = ["criterion", "criterion_code", "tiêu chí", "tieu_chi", "mã tiêu chí"];
    private static readonly string[] RoundColumns = ["appraisal_round", "round", "lần thẩm định", "lan_tham_dinh", "lần"];
    private static readonly string[] PointsColumns = ["points", "score", "điểm", "diem", "điểm thẩm định"];

    public static (IReadOnlyList<AppraisalScore> Scores, IReadOnlyList<AppraisalRowError> Errors) Parse(
        TabularFile file, IReadOnlyList<ScoringUnit> units, IReadOnlyList<ScoringCriterion> criteria)
    {
        ArgumentNullException.ThrowIfNull(file);
        var errors = new List<AppraisalRowError>();
        var unitCol = Find(file, UnitColumns);
        var critCol = Find(file, CriterionColumns);
        var roundCol = Find(file, RoundColumns);
        var pointsCol = Find(file, PointsColumns);
        if (unitCol is null) errors.Add(new(1, "unit", "Thiếu cột mã đơn vị (unit / mã đơn vị)."));
        if (critCol is null) errors.Add(new(1, "criterion", "Thiếu cột tiêu chí (criterion / tiêu chí)."));
        if (pointsCol is null) errors.Add(new(1, "points", "Thiếu cột điểm (points / điểm)."));
        if (errors.Count > 0) return ([], errors);
        if (file.Rows.Count == 0) return ([], [new(2, "", "Tệp không có dòng dữ liệu nào.")]);

        var unitByCode = units.ToDictionary(u => u.Code, StringComparer.OrdinalIgnoreCase);
        var leaves = ScoringEngine.Leaves(criteria).ToDictionary(c => (c.UnitType, c.Code));
        var seen = new Dictionary<(string, string, int), int>();
        var scores = new List<AppraisalScore>();
        foreach (var row in file.Rows)
        {
            var before = errors.Count;
            var unitCode = row.Get(unitCol!).Trim();
            var code = row.Get(critCol!).Trim();
            var roundText = roundCol is null ? "1" : row.Get(roundCol).Trim();
            var pointsText = row.Get(pointsCol!).Trim();
            if (!unitByCode.TryGetValue(unitCode, out var unit))
                errors.Add(new(row.Line, "unit", unitCode.Length == 0 ? "Mã đơn vị bị trống." : $"Không có đơn vị \"{Short(unitCode)}\" trong đợt này."));
            ScoringCriterion? criterion = null;
            if (unit is not null && !leaves.TryGetValue((unit.UnitType, code), out criterion))
                errors.Add(new(row.Line, "criterion", code.Length == 0 ? "Mã tiêu chí bị trống." : $"Tiêu chí \"{Short(code)}\" không phải tiêu chí thành phần của loại đơn vị {unit.UnitType}."));
            else if (criterion is not null && criterion.Component != ScoreComponent.Appraisal)
            {
                errors.Add(new(row.Line, "criterion", $"Tiêu chí {code} được chấm bằng điều tra XHH, không nhập điểm thẩm định."));
                criterion = null;
            }
            if (!int.TryParse(roundText, NumberStyles.None, CultureInfo.InvariantCulture, out var round) || round is < 1 or > 2)
                errors.Add(new(row.Line, "appraisal_round", $"Lần thẩm định \"{Short(roundText)}\" phải là 1 hoặc 2."));
            if (!TryPoints(pointsText, out var points))
                errors.Add(new(row.Line, "points", $"Điểm \"{Short(pointsText)}\" không phải là số (ví dụ 6,5 hoặc 6.5)."));
            else if (points < 0) errors.Add(new(row.Line, "points", "Điểm không được âm."));
            else if (criterion is not null && points > criterion.MaxPoints)
                errors.Add(new(row.Line, "points", $"Điểm {points.ToString(CultureInfo.GetCultureInfo("vi-VN"))} vượt điểm tối đa {criterion.MaxPoints.ToString(CultureInfo.GetCultureInfo("vi-VN"))} của tiêu chí {code}."));
            if (errors.Count == before && unit is not null)
            {
                if (seen.TryGetValue((unit.Code, code, round), out var first))
                    errors.Add(new(row.Line, "criterion", $"Đơn vị {unit.Code}, tiêu chí {code}, lần {round} trùng với dòng {first}."));
                else
                {
                    seen[(unit.Code, code, round)] = row.Line;
                    scores.Add(new AppraisalScore(unit.Code, code, round, points));
                }
            }
        }
        return errors.Count > 0 ? ([], errors) : (scores, errors);
    }

    /// <summary>Accepts "6,5" (Vietnamese) and "6.5"; no thousands separators (points are below 100).</summary>
    private static bool TryPoints(string text, out decimal points) =>
        decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out points);

    private static string? Find(TabularFile file, string[] names) => names.FirstOrDefault(n => file.Headers.Contains(n, StringComparer.OrdinalIgnoreCase)) is { } n
        ? file.Headers.First(h => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)) : null;

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
