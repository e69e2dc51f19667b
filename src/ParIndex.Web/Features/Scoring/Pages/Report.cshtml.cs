using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Scoring.Pages;

/// <summary>The published report of a round: ranking per unit type with intervals, a ranked chart, SIPAS, exports.</summary>
[Authorize(Policy = Policies.ViewResults)]
public sealed class ReportModel(ParIndexDbContext db) : PageModel
{
    public int RoundId { get; private set; }
    public string RoundName { get; private set; } = "";
    public ScoreRun? Run { get; private set; }
    public ScoringResult? Result { get; private set; }
    public decimal SurveyPoints { get; private set; }

    /// <summary>Survey points of each unit type's split (its own or the round's).</summary>
    public Dictionary<string, decimal> TypeSurveyPoints { get; private set; } = [];

    /// <summary>The k the shown run applied (its configuration version's, never below the floor).</summary>
    public int MinCellSize { get; private set; } = ScoringConfiguration.MinimumCellSize;

    public async Task<IActionResult> OnGetAsync(int roundId, int? run, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return NotFound();
        (RoundId, RoundName, SurveyPoints) = (round.Id, round.Name, round.SurveyPoints);
        var types = await db.UnitTypes.AsNoTracking().Where(t => t.RoundId == roundId).ToListAsync(ct);
        TypeNames = types.ToDictionary(t => t.Code, t => Ui.L(t.Name, t.NameEn ?? t.Name));
        TypeSurveyPoints = types.ToDictionary(t => t.Code, t => t.Split(round).Survey);
        if (await RunScoring.LatestAsync(db, roundId, run, ct) is { } found)
        {
            (Run, Result) = found;
            MinCellSize = Math.Max(ScoringConfiguration.MinimumCellSize, found.Result.MinCellSize);
        }
        return Page();
    }

    /// <summary>Vietnamese (or English) name of a city figure or target code, never the raw code in the Vietnamese UI.</summary>
    public string FigureName(string code) => FigureName(Result, code);

    /// <summary>Name of a figure code of <paramref name="result"/> (its labels first).</summary>
    public static string FigureName(ScoringResult? result, string code)
    {
        if (result is not null && result.Labels.TryGetValue(code, out var label)) return label;
        if (ParIndex.Core.Questionnaires.ScoringTargets.SipasElements.FirstOrDefault(e => e.Code == code) is { } element) return Ui.L(element.Vi, element.En);
        return code switch
        {
            "index" => Ui.L("Chỉ số CCHC (trung bình các đơn vị)", "PAR index (mean of units)"),
            "survey_points" => Ui.L("Điểm điều tra XHH (trung bình các đơn vị)", "Survey points (mean of units)"),
            "sipas" => Ui.L("Chỉ số SIPAS", "SIPAS index"),
            "service" => Ui.L("Hài lòng về dịch vụ hành chính công", "Satisfaction with public services"),
            "policy" => Ui.L("Hài lòng về chính sách", "Satisfaction with policies"),
            _ => Ui.L("Số liệu khác", "Other figure") + " (" + code + ")",
        };
    }

    /// <summary>A unit type as a reader sees it: its name, or "all unit types" for the city as a whole.</summary>
    public string TypeName(string code) => code == ScoringEngine.AllUnitTypes ? Ui.L("Tất cả loại đơn vị", "All unit types") : TypeNames.GetValueOrDefault(code, code);

    public Dictionary<string, string> TypeNames { get; private set; } = [];

    /// <summary>A target's status in words.</summary>
    public static string Status(TargetStatus status) => status switch
    {
        TargetStatus.Met => Ui.L("Đạt", "Met"),
        TargetStatus.NotMet => Ui.L("Chưa đạt", "Not met"),
        TargetStatus.Indistinguishable => Ui.L("Chưa phân định được (khoảng tin cậy chứa mục tiêu)", "Not distinguishable (the interval contains the target)"),
        _ => Ui.L("Không có số liệu (ẩn dưới k hoặc chưa có)", "No figure (withheld under k or none)"),
    };

    /// <summary>A target value in its figure's published scale: percent or points.</summary>
    public static string TargetValue(TargetCheck check) => check.Percent ? Pct(check.Target / 100) : Num(check.Target);

    public static string Num(double? x) => x is { } v && double.IsFinite(v) ? v.ToString("0.00", Ui.IsEnglish ? CultureInfo.InvariantCulture : Ui.Vi) : "—";

    public static string Pct(double? x) => x is { } v && double.IsFinite(v) ? Ui.Percent(v) : "—";

    /// <summary>A share (as a percentage) or points, or why there is none: withheld under k ("ẩn"), or no answers ("—").</summary>
    public static string Fig(Estimate e, bool points = false) =>
        e.Suppressed ? Ui.L("ẩn (dưới k người trả lời)", "withheld (fewer than k respondents)") : points ? Num(e.Value) : Pct(e.Value);

    /// <summary>A respondent count as published: counts under k are shown as "&lt; k", like the cells they would reveal.</summary>
    public static string Count(int n, int k) => n > 0 && n < k ? $"< {k}" : n.ToString(CultureInfo.InvariantCulture);

    /// <summary>SVG coordinate with a '.' whatever the UI culture.</summary>
    public static string X(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
