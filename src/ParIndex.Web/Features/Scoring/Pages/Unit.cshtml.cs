using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Scoring.Pages;

/// <summary>One unit's scores: survey points per criterion, SIPAS elements, estimates per respondent group (cells under k withheld), appraisal points.</summary>
[Authorize(Policy = Policies.ViewResults)]
public sealed class UnitModel(ParIndexDbContext db) : PageModel
{
    public int RoundId { get; private set; }
    public ScoreRun Run { get; private set; } = null!;
    public UnitScore Unit { get; private set; } = null!;
    public List<CellEstimate> Cells { get; private set; } = [];
    public int MinCellSize { get; private set; }
    public ScoringResult Result { get; private set; } = null!;

    /// <summary>The configured targets judged against this unit's figures.</summary>
    public List<TargetCheck> Targets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int roundId, string unitCode, int? run, CancellationToken ct)
    {
        if (await RunScoring.LatestAsync(db, roundId, run, ct) is not { } found) return NotFound();
        var unit = found.Result.Units.FirstOrDefault(u => string.Equals(u.UnitCode, unitCode, StringComparison.OrdinalIgnoreCase));
        if (unit is null) return NotFound();
        (RoundId, Run, Unit, Result) = (roundId, found.Run, unit, found.Result);
        Targets = found.Result.TargetChecks.Where(c => c.Scope == unit.UnitCode).ToList();
        Cells = found.Result.Cells.Where(c => c.UnitCode == unit.UnitCode).ToList();
        MinCellSize = Math.Max(ScoringConfiguration.MinimumCellSize, found.Result.MinCellSize);
        return Page();
    }
}
