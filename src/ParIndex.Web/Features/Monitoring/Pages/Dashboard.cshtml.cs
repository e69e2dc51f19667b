using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Monitoring.Pages;

/// <summary>The supervisors' dashboard: units × groups with live counts, rates, alerts, flags, drill-downs and projected scores.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class DashboardModel(ParIndexDbContext db, IProgressEvents events, TimeProvider clock) : PageModel
{
    public MonitorView View { get; private set; } = null!;
    public IReadOnlyList<MonitorBreakdownRow>? Breakdown { get; private set; }
    public IReadOnlyList<ProjectedScore> Projection { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public string? By { get; set; }
    [BindProperty(SupportsGet = true)] public int? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public int? Group { get; set; }

    [BindProperty] public PlanInput Plan { get; set; } = new();
    public string? Error { get; private set; }
    public string? Saved { get; private set; }

    public sealed class PlanInput
    {
        [Required] public DateTime? Start { get; set; }
        [Required] public DateTime? End { get; set; }
        // Double bounds: with int bounds RangeAttribute converts the value to int and throws on 1e308.
        [Range(1.0, 100.0)] public double TargetPercent { get; set; } = 90;
        [Range(1.0, 100.0)] public double TolerancePercent { get; set; } = 80;
    }

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPlanAsync(int roundId, CancellationToken ct)
    {
        if (!ModelState.IsValid || Plan.Start is null || Plan.End is null)
            Error = Ui.L("Nhập ngày bắt đầu, ngày kết thúc, tỷ lệ mục tiêu và ngưỡng cảnh báo (1–100%).", "Enter the start, the end, the target and the tolerance (1–100%).");
        else
            Error = await SaveFieldworkPlan.Handle(db, events, roundId, new FieldworkPlanRequest(Plan.Start.Value, Plan.End.Value, Plan.TargetPercent / 100, Plan.TolerancePercent / 100),
                Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        if (Error is null) Saved = Ui.L("Đã lưu kế hoạch thu thập.", "Fieldwork plan saved.");
        return await Load(roundId, ct) ? Page() : NotFound();
    }

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        var view = await MonitorDashboard.Handle(db, roundId, clock.GetUtcNow().UtcDateTime, ct);
        if (view is null) return false;
        View = view;
        if (view.Plan is { } p && Error is null)
            Plan = new PlanInput { Start = p.FieldworkStart, End = p.FieldworkEnd, TargetPercent = Math.Round(p.TargetShare * 100, 9), TolerancePercent = Math.Round(p.Tolerance * 100, 9) };
        Breakdown = By switch
        {
            "strata" => await MonitorDashboard.ByStratum(db, roundId, Unit, Group, ct),
            "staff" => await MonitorDashboard.ByFieldStaff(db, roundId, ct),
            _ => null,
        };
        Projection = await ProjectedScores.Handle(db, roundId, ct);
        return true;
    }

    public static string Rate(double x) => double.IsNaN(x) ? "–" : Ui.Percent(x);

    public static string BarClass(double progress) => "w" + (int)Math.Round(Math.Min(1, progress) * 20) * 5;
}
