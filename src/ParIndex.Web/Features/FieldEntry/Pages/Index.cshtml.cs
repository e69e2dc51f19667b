using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.FieldEntry.Pages;

/// <summary>Field entry's start: scan or type the code on a paper form; batches and the second-keying queue.</summary>
[Authorize(Policy = Policies.FieldEntry)]
public sealed class IndexModel(ParIndexDbContext db, TimeProvider clock) : FieldPage
{
    [FromRoute] public int RoundId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public int? Batch { get; set; }
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int? Diffs { get; set; }

    public Round Round { get; private set; } = null!;
    public FieldOverview Overview { get; private set; } = null!;
    public IReadOnlyList<ReturnedRow> Returned { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == RoundId, ct);
        if (round is null) return NotFound();
        if (!string.IsNullOrWhiteSpace(Code))
            return Redirect($"/rounds/{RoundId}/field/key/{Uri.EscapeDataString(Code.Trim())}" + (Batch is { } b ? $"?batch={b}" : ""));
        Round = round;
        Overview = await FieldEntryQueries.Overview(db, RoundId, CurrentKeyer.UserId, clock.GetUtcNow().UtcDateTime, ct, CurrentKeyer.LimitedToAssignments);
        Returned = await ReviewResponse.Returned(db, RoundId, CurrentKeyer, ct);
        return Page();
    }

    public bool CanSupervise => Policies.RolesOf[Policies.Supervise].Any(User.IsInRole);
}
