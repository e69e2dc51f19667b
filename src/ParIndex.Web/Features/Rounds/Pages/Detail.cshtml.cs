using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Rounds.Pages;

[Authorize(Policy = Policies.Supervise)]
public sealed class DetailModel(ParIndexDbContext db, TimeProvider clock) : PageModel
{
    public Round Round { get; private set; } = null!;
    public List<UnitType> UnitTypes { get; private set; } = [];
    public RoundProgressView Progress { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return NotFound();
        Round = round;
        UnitTypes = await db.UnitTypes.AsNoTracking().Where(t => t.RoundId == roundId).OrderBy(t => t.SortOrder).ToListAsync(ct);
        Progress = (await RoundProgress.Handle(db, roundId, clock.GetUtcNow().UtcDateTime, ct))!;
        return Page();
    }
}
