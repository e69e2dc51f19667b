using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.SelfAssessment.Pages;

/// <summary>Admin links UnitReporter accounts (created at /admin/users) to their unit.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class ReportersModel(ParIndexDbContext db, UserManager<StaffUser> users, TimeProvider clock) : RefusablePageModel
{
    public sealed record UnitOption(int Id, string Label);

    public List<UnitReporters.Row> Links { get; private set; } = [];
    public List<UnitOption> Units { get; private set; } = [];
    public List<string> Unlinked { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => Load(ct);

    public async Task<IActionResult> OnPostLinkAsync(string? email, int unitId, CancellationToken ct)
    {
        await UnitReporters.Link(db, users, email ?? "", unitId, Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnlinkAsync(int linkId, CancellationToken ct)
    {
        await UnitReporters.Unlink(db, linkId, Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        return RedirectToPage();
    }

    /// <summary>A refused link is answered 422 (as before); a refused unlink keeps 200.</summary>
    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct)
    {
        if (Request.Query["handler"] == "Link") Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await Load(ct);
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        Links = await UnitReporters.List(db, ct);
        Units = await db.Units.AsNoTracking().Join(db.Rounds, u => u.RoundId, r => r.Id, (u, r) => new { u, r })
            .OrderByDescending(x => x.r.Year).ThenBy(x => x.u.SortOrder)
            .Select(x => new UnitOption(x.u.Id, x.r.Code + " · " + x.u.Code + " — " + x.u.Name)).ToListAsync(ct);
        var linked = Links.Select(l => l.Email).ToHashSet();
        Unlinked = (await users.GetUsersInRoleAsync(Roles.UnitReporter)).Select(u => u.Email ?? "").Where(e => !linked.Contains(e)).Order().ToList();
    }
}
