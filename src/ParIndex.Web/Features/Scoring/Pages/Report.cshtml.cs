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

    /// <summary>The k the shown run applied (its configuration version's, never below the floor).</summary>
    public int MinCellSize { get; private set; } = ScoringConfiguration.MinimumCellSize;

    public async Task<IActionResult> OnGetAsync(int roundId, int? run, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return NotFound();
        (RoundId, RoundName, SurveyPoints) = (round.Id, round.Name, round.SurveyPoints);
        if (await RunScoring.LatestAsync(db, roundId, run, ct) is { } found)
        {
            (Run, Result) = found;
            MinCellSize = Math.Max(ScoringConfiguration.MinimumCellSize, found.Result.MinCellSize);
        }
        return Page();
    }

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
