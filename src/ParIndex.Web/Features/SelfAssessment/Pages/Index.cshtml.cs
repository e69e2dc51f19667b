using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.SelfAssessment.Pages;

/// <summary>A unit reporter's start page: their unit and its appraisal periods.</summary>
[Authorize(Policy = Policies.SelfAssess)]
public sealed class IndexModel(ParIndexDbContext db) : PageModel
{
    public sealed record Row(int PeriodId, string Name, DateOnly SubmissionDeadline, AssessmentState? State, DateOnly? ExplanationDeadline);

    public string? UnitName { get; private set; }
    public string? RoundName { get; private set; }
    public List<Row> Periods { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var unitId = await UnitReporters.UnitOf(db, User, ct);
        if (unitId is null) return;
        var unit = await db.Units.AsNoTracking().FirstAsync(u => u.Id == unitId, ct);
        UnitName = unit.Name;
        RoundName = await db.Rounds.Where(r => r.Id == unit.RoundId).Select(r => r.Name).FirstAsync(ct);
        Periods = await db.AssessmentPeriods.AsNoTracking().Where(p => p.RoundId == unit.RoundId).OrderBy(p => p.Kind)
            .Select(p => new Row(p.Id, p.Name,
                db.UnitAssessments.Where(a => a.PeriodId == p.Id && a.UnitId == unitId).Select(a => a.ExtendedSubmissionDeadline).FirstOrDefault() ?? p.SubmissionDeadline,
                db.UnitAssessments.Where(a => a.PeriodId == p.Id && a.UnitId == unitId).Select(a => (AssessmentState?)a.State).FirstOrDefault(),
                db.UnitAssessments.Where(a => a.PeriodId == p.Id && a.UnitId == unitId).Select(a => a.ExplanationDeadline).FirstOrDefault()))
            .ToListAsync(ct);
    }
}
