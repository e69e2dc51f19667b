using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Monitoring.Pages;

/// <summary>A compact, full-window view for the monitoring room: one tile per cell, live.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class ScreenModel(ParIndexDbContext db, TimeProvider clock) : PageModel
{
    public MonitorView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct)
    {
        var view = await MonitorDashboard.Handle(db, roundId, clock.GetUtcNow().UtcDateTime, ct);
        if (view is null) return NotFound();
        View = view;
        return Page();
    }
}
