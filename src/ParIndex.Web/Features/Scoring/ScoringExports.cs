using System.Globalization;
using System.Text;
using MiniExcelLibs;
using ParIndex.Core.Scoring;
using ParIndex.Core.Tabular;

namespace ParIndex.Web.Features.Scoring;

/// <summary>
/// The exports of a score run for the city's index system: one row per unit (survey points per survey
/// sub-criterion, SIPAS %, appraisal points, index, rank with its interval, score run id), and the cell table
/// (unit × group × target) where cells under k respondents are left empty and marked suppressed.
/// Numbers are invariant-culture with a '.' decimal point (machine-readable); text cells pass through
/// <see cref="SpreadsheetSafe.Cell"/>.
/// </summary>
public static class ScoringExports
{
    public static readonly UTF8Encoding Utf8Bom = new(encoderShouldEmitUTF8Identifier: true);

    public static (List<string> Header, List<object?[]> Rows) IndexTable(ScoreRun run, ScoringResult result)
    {
        var leaves = result.Units.SelectMany(u => u.SurveyCriteria.Select(c => c.Criterion)).Distinct().ToList();
        var header = new List<string> { "score_run_id", "input_hash", "unit_type", "unit_code", "unit_name", "respondents" };
        header.AddRange(leaves.Select(l => "survey_" + l));
        header.AddRange(["survey_points", "survey_points_se", "sipas_pct", "sipas_pct_lower", "sipas_pct_upper", "appraisal_points", "index", "index_se", "rank", "rank_lower", "rank_upper", "tied", "appraisal_source"]);
        var rows = new List<object?[]>();
        foreach (var u in result.Units.OrderBy(u => u.UnitType, StringComparer.Ordinal).ThenBy(u => u.Rank ?? int.MaxValue).ThenBy(u => u.UnitCode, StringComparer.Ordinal))
        {
            var sipas = u.Sipas.FirstOrDefault(s => s.Code == "sipas")?.Share;
            // A count under k is withheld like the figures it would go with (the pages show "< k").
            var respondents = u.Respondents > 0 && u.Respondents < result.MinCellSize ? (int?)null : u.Respondents;
            var row = new List<object?> { run.Id, run.InputHash, u.UnitType, SpreadsheetSafe.Cell(u.UnitCode), SpreadsheetSafe.Cell(u.UnitName), respondents };
            row.AddRange(leaves.Select(l => (object?)(u.SurveyCriteria.FirstOrDefault(c => c.Criterion == l) is { } c ? Num(c.Points.Value) : null)));
            row.AddRange([Num(u.SurveyPoints.Value), Num(u.SurveyPoints.StandardError, 4), Num(sipas?.Value * 100), Num(sipas?.Lower * 100), Num(sipas?.Upper * 100),
                u.AppraisalPoints is { } a ? Math.Round((double)a, 2) : null, Num(u.Index), Num(u.IndexStandardError, 4), u.Rank, u.RankLower, u.RankUpper, u.Rank is null ? null : u.Tied ? 1 : 0, u.AppraisalSource ?? "none"]);
            rows.Add([.. row]);
        }
        return (header, rows);
    }

    public static (List<string> Header, List<object?[]> Rows) CellTable(ScoreRun run, ScoringResult result)
    {
        var header = new List<string> { "score_run_id", "unit_code", "group", "target", "respondents", "suppressed", "share", "se", "lower", "upper" };
        var rows = result.Cells.Select(c => c.Share.Suppressed
            ? new object?[] { run.Id, SpreadsheetSafe.Cell(c.UnitCode), SpreadsheetSafe.Cell(c.Group), SpreadsheetSafe.Cell(c.Target), null, 1, null, null, null, null }
            : new object?[] { run.Id, SpreadsheetSafe.Cell(c.UnitCode), SpreadsheetSafe.Cell(c.Group), SpreadsheetSafe.Cell(c.Target), c.Share.Respondents, 0,
                Num(c.Share.Value, 6), Num(c.Share.StandardError, 6), Num(c.Share.Lower, 6), Num(c.Share.Upper, 6) }).ToList();
        return (header, rows);
    }

    /// <summary>
    /// Each configured target in force against the city-wide and unit figures (issue 21 items 5 and 6): the figure as
    /// published (percent for SIPAS figures, points otherwise), its interval and the verdict (met, not_met,
    /// indistinguishable, no_figure — withheld under k or none, then without numbers).
    /// </summary>
    public static (List<string> Header, List<object?[]> Rows) TargetTable(ScoreRun run, ScoringResult result)
    {
        var header = new List<string> { "score_run_id", "scope", "unit_type", "figure", "name", "target", "unit", "value", "lower", "upper", "status", "source" };
        var rows = result.TargetChecks.OrderBy(c => c.Scope == TargetCheck.CityScope ? 0 : 1).ThenBy(c => c.Scope, StringComparer.Ordinal).Select(c =>
        {
            var scale = c.Percent ? 100.0 : 1.0;
            var shown = c.Estimate.HasValue && !c.Estimate.Suppressed;
            return new object?[]
            {
                run.Id, SpreadsheetSafe.Cell(c.Scope), SpreadsheetSafe.Cell(c.UnitType), SpreadsheetSafe.Cell(c.Figure), c.Name is null ? null : SpreadsheetSafe.Cell(c.Name), c.Target,
                c.Percent ? "percent" : "points", shown ? Num(c.Estimate.Value * scale) : null, shown ? Num(c.Estimate.Lower * scale) : null, shown ? Num(c.Estimate.Upper * scale) : null,
                c.Status switch { TargetStatus.Met => "met", TargetStatus.NotMet => "not_met", TargetStatus.Indistinguishable => "indistinguishable", _ => "no_figure" },
                c.Source is null ? null : SpreadsheetSafe.Cell(c.Source),
            };
        }).ToList();
        return (header, rows);
    }

    private static double? Num(double? x, int digits = 2) => x is { } v && double.IsFinite(v) ? Math.Round(v, digits, MidpointRounding.AwayFromZero) : null;

    public static async Task WriteCsvAsync(Stream output, List<string> header, IEnumerable<object?[]> rows, CancellationToken ct)
    {
        await using var w = new StreamWriter(output, Utf8Bom, 64 * 1024, leaveOpen: true);
        await w.WriteLineAsync(string.Join(',', header.Select(Quote)));
        foreach (var r in rows)
        {
            ct.ThrowIfCancellationRequested();
            await w.WriteLineAsync(string.Join(',', r.Select(Field)));
        }
    }

    public static void WriteXlsx(Stream output, string sheet, List<string> header, IEnumerable<object?[]> rows)
    {
        var data = rows.Select(r =>
        {
            IDictionary<string, object?> d = new Dictionary<string, object?>();
            for (var i = 0; i < header.Count; i++) d[header[i]] = r[i];
            return d;
        }).ToList();
        if (data.Count == 0) data.Add(header.ToDictionary(h => h, _ => (object?)null));
        output.SaveAs(data, sheetName: sheet, excelType: ExcelType.XLSX);
    }

    public static string Field(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString()!),
    };

    /// <summary>RFC 4180 quoting.</summary>
    public static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r', ';']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
