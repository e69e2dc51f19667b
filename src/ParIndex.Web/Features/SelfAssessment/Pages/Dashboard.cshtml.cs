using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.SelfAssessment.Pages;

/// <summary>The working group's dashboard: periods of a round, every unit's state, its next deadline and what is overdue.</summary>
[Authorize(Policy = Policies.Appraise)]
public sealed class DashboardModel(ParIndexDbContext db, WorkingCalendar calendar, TimeProvider clock) : RefusablePageModel
{
    public sealed record RoundOption(int Id, string Name);

    public List<RoundOption> Rounds { get; private set; } = [];
    public int RoundId { get; private set; }
    public List<AssessmentPeriod> Periods { get; private set; } = [];
    public AssessmentDashboard.PeriodSummary? Summary { get; private set; }
    public DateOnly Today { get; private set; }

    [BindProperty] public PeriodKind NewKind { get; set; } = PeriodKind.Year;
    [BindProperty] public string? NewName { get; set; }
    [BindProperty] public DateOnly? NewSubmissionDeadline { get; set; }
    [BindProperty] public DateOnly? NewAppraisalDeadline { get; set; }
    [BindProperty] public int NewExplanationWorkingDays { get; set; } = 3;
    [BindProperty] public string? NewItems { get; set; } = Features.SelfAssessment.Periods.Format(Features.SelfAssessment.Periods.DefaultItems);

    public async Task<IActionResult> OnGetAsync(int? roundId, int? periodId, CancellationToken ct) =>
        await Show(roundId, periodId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCreateAsync(int? roundId, CancellationToken ct)
    {
        if (!await Show(roundId, null, ct)) return NotFound();
        var items = Features.SelfAssessment.Periods.Parse(NewItems, Errors);
        if (NewSubmissionDeadline is null || NewAppraisalDeadline is null) Errors.Add(Ui.L("Nhập hạn nộp và hạn thẩm định lần 1.", "Enter both deadlines."));
        if (Errors.Count == 0)
        {
            var id = await Features.SelfAssessment.Periods.Create(db, new Features.SelfAssessment.Periods.Command(RoundId, NewKind, NewName ?? "", NewSubmissionDeadline!.Value,
                NewAppraisalDeadline!.Value, NewExplanationWorkingDays, items), Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
            return Redirect($"/appraisal?roundId={RoundId}&periodId={id}");
        }
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>The dashboard again (loaded here too: a value the binder refused is refused before the handler ran); the new period's fields stay as typed.</summary>
    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct)
    {
        if (!await Show(int.TryParse(Request.Query["roundId"], out var roundId) ? roundId : null, null, ct)) return NotFound();
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private async Task<bool> Show(int? roundId, int? periodId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Today = HanoiTime.Today(now);
        Rounds = await db.Rounds.AsNoTracking().OrderByDescending(r => r.Year).ThenByDescending(r => r.Id).Select(r => new RoundOption(r.Id, r.Name)).ToListAsync(ct);
        if (Rounds.Count == 0) return true;
        RoundId = roundId ?? Rounds[0].Id;
        if (Rounds.All(r => r.Id != RoundId)) return false;
        Periods = await AssessmentDashboard.Periods(db, RoundId, ct);
        var chosen = periodId is { } p ? Periods.FirstOrDefault(x => x.Id == p) : Periods.LastOrDefault();
        if (periodId is not null && chosen is null) return false;
        if (chosen is not null) Summary = await AssessmentDashboard.Load(db, calendar, chosen.Id, now, ct);
        NewName ??= NewKind == PeriodKind.Year ? "Kỳ năm" : "Kỳ 6 tháng đầu năm";
        return true;
    }
}
