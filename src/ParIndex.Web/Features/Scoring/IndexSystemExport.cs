using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Scoring;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Scoring;

/// <summary>
/// The scores of a run in the layout the city's index system imports (issue 21 item 11; docs/index-system-export.md):
/// long format, one row per unit × criterion of the unit type's tree (areas, criteria and leaves, appraisal and survey)
/// and four total rows per unit, keyed by the criterion code. A figure withheld under k has no number and the status
/// <c>suppressed</c>; one not available (no appraisal yet, no answers) the status <c>missing</c>. Numbers are written with
/// a '.' decimal point and no thousands separator, whatever the culture — in CSV (UTF-8 with BOM) and XLSX alike.
/// </summary>
public static class IndexSystemExport
{
    /// <summary>The layout's name and version, the first column of every row.</summary>
    public const string Layout = "parindex-index-system/1";

    /// <summary>Criterion codes of the total rows (they cannot clash with a tree code, which has no letters).</summary>
    public const string SurveyTotal = "TOTAL_SURVEY", AppraisalTotal = "TOTAL_APPRAISAL", IndexTotal = "TOTAL_INDEX", SipasTotal = "SIPAS_PCT";

    public const string Ok = "ok", Suppressed = "suppressed", Missing = "missing";

    public static readonly IReadOnlyList<string> Header =
    [
        "layout", "round_code", "year", "score_run_id", "unit_type", "unit_code", "unit_name", "criterion_code", "criterion_name",
        "level", "component", "max_points", "points", "se", "lower", "upper", "status",
    ];

    /// <summary>The round's criteria, as <see cref="ScoringCriterion"/> in tree order per unit type.</summary>
    public static async Task<List<ScoringCriterion>> CriteriaAsync(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var types = await db.UnitTypes.AsNoTracking().Where(t => t.RoundId == roundId).ToDictionaryAsync(t => t.Id, t => t.Code, ct);
        return (await db.Criteria.AsNoTracking().Where(c => c.RoundId == roundId).OrderBy(c => c.UnitTypeId).ThenBy(c => c.SortOrder).ToListAsync(ct))
            .Select(c => new ScoringCriterion(types[c.UnitTypeId], c.Code, c.Name, c.MaxPoints, c.Component)).ToList();
    }

    public static List<object?[]> Rows(string roundCode, int year, ScoreRun run, ScoringResult result, IReadOnlyList<ScoringCriterion> criteria)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(criteria);
        var rows = new List<object?[]>();
        var byType = criteria.GroupBy(c => c.UnitType, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var u in result.Units.OrderBy(u => u.UnitType, StringComparer.Ordinal).ThenBy(u => u.UnitCode, StringComparer.Ordinal))
        {
            object?[] Row(string code, string name, string level, string component, decimal? max, double? points, double? se, double? lower, double? upper, string status) =>
            [
                Layout, SpreadsheetSafe.Cell(roundCode), year, run.Id, SpreadsheetSafe.Cell(u.UnitType), SpreadsheetSafe.Cell(u.UnitCode), SpreadsheetSafe.Cell(u.UnitName),
                SpreadsheetSafe.Cell(code), SpreadsheetSafe.Cell(name), level, component, max is { } m ? (double)m : null,
                status == Ok ? Num(points) : null, status == Ok ? Num(se, 4) : null, status == Ok ? Num(lower) : null, status == Ok ? Num(upper) : null, status,
            ];

            var tree = byType.GetValueOrDefault(u.UnitType) ?? [];
            var leaves = tree.Where(c => !tree.Any(d => IsChild(d.Code, c.Code))).ToList();
            // Each leaf's figure: a survey leaf's points estimate, an appraisal leaf's appraised points.
            var leafFigure = leaves.ToDictionary(l => l.Code, l => LeafFigure(u, l), StringComparer.Ordinal);
            foreach (var c in tree)
            {
                var isLeaf = leafFigure.TryGetValue(c.Code, out var own);
                var level = isLeaf ? "leaf" : c.Code.Contains('.', StringComparison.Ordinal) ? "criterion" : "area";
                if (isLeaf)
                {
                    rows.Add(Row(c.Code, c.Name, level, Component(c.Component), c.MaxPoints, own.Value, own.Se, own.Lower, own.Upper, own.Status));
                    continue;
                }
                // An area or criterion: the sum of its leaves, available only when every leaf is.
                var parts = leaves.Where(l => l.Code.StartsWith(c.Code + ".", StringComparison.Ordinal)).Select(l => leafFigure[l.Code]).ToList();
                var status = parts.Any(p => p.Status == Suppressed) ? Suppressed : parts.Count == 0 || parts.Any(p => p.Status == Missing) ? Missing : Ok;
                var components = leaves.Where(l => l.Code.StartsWith(c.Code + ".", StringComparison.Ordinal)).Select(l => Component(l.Component)).Distinct().ToList();
                rows.Add(Row(c.Code, c.Name, level, components.Count == 1 ? components[0] : "mixed", c.MaxPoints, parts.Sum(p => p.Value ?? 0), null, null, null, status));
            }

            var survey = u.SurveyPoints;
            rows.Add(Row(SurveyTotal, "Tổng điểm điều tra XHH", "total", "survey", tree.Where(l => leaves.Contains(l) && l.Component == ScoreComponent.Survey).Sum(l => l.MaxPoints),
                survey.Value, survey.StandardError, survey.Lower, survey.Upper, StatusOf(survey)));
            rows.Add(Row(AppraisalTotal, "Tổng điểm thẩm định", "total", "appraisal", tree.Where(l => leaves.Contains(l) && l.Component == ScoreComponent.Appraisal).Sum(l => l.MaxPoints),
                u.AppraisalPoints is { } a ? (double)a : null, null, null, null, u.AppraisalPoints is null ? Missing : Ok));
            var indexStatus = u.Index is not null ? Ok : survey.Suppressed ? Suppressed : Missing;
            rows.Add(Row(IndexTotal, "Chỉ số CCHC", "total", "index", leaves.Sum(l => l.MaxPoints), u.Index, u.IndexStandardError,
                u.Index is { } i && survey.Lower is not null ? i - survey.Value + survey.Lower : null, u.Index is { } j && survey.Upper is not null ? j - survey.Value + survey.Upper : null, indexStatus));
            var sipas = u.Sipas.FirstOrDefault(s => s.Code == "sipas")?.Share ?? Estimate.Missing;
            rows.Add(Row(SipasTotal, "Chỉ số SIPAS (%)", "total", "sipas", 100, sipas.Value * 100, sipas.StandardError * 100, sipas.Lower * 100, sipas.Upper * 100, StatusOf(sipas)));
        }
        return rows;
    }

    private static bool IsChild(string child, string parent) =>
        child.Length > parent.Length + 1 && child.StartsWith(parent + ".", StringComparison.Ordinal) && !child[(parent.Length + 1)..].Contains('.', StringComparison.Ordinal);

    private readonly record struct Figure(double? Value, double? Se, double? Lower, double? Upper, string Status);

    private static Figure LeafFigure(UnitScore u, ScoringCriterion leaf)
    {
        if (leaf.Component == ScoreComponent.Survey)
        {
            if (u.SurveyCriteria.FirstOrDefault(c => c.Criterion == leaf.Code) is not { } c) return new(null, null, null, null, Missing);
            return new(c.Points.Value, c.Points.StandardError, c.Points.Lower, c.Points.Upper, StatusOf(c.Points));
        }
        return u.AppraisalCriteria.TryGetValue(leaf.Code, out var p) ? new((double)p, null, null, null, Ok) : new(null, null, null, null, Missing);
    }

    private static string StatusOf(Estimate e) => e.Suppressed ? Suppressed : e.HasValue ? Ok : Missing;

    private static string Component(ScoreComponent c) => c == ScoreComponent.Survey ? "survey" : "appraisal";

    private static double? Num(double? x, int digits = 2) => x is { } v && double.IsFinite(v) ? Math.Round(v, digits, MidpointRounding.AwayFromZero) : null;

    /// <summary>A number as the layout writes it in CSV: '.' decimal point, no thousands separator.</summary>
    public static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
