using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Rounds.Pages;

[Authorize(Policy = Policies.Design)]
public sealed class NewModel(ParIndexDbContext db, TimeProvider clock) : RefusablePageModel
{
    [BindProperty] public int? CopyFrom { get; set; }
    [BindProperty] public string Code { get; set; } = "";
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public int Year { get; set; } = DateTime.UtcNow.Year + 1;
    [BindProperty] public DateOnly PeriodStart { get; set; } = new(DateTime.UtcNow.Year + 1, 1, 1);
    [BindProperty] public DateOnly PeriodEnd { get; set; } = new(DateTime.UtcNow.Year + 1, 10, 31);
    [BindProperty] public decimal SurveyPoints { get; set; } = 30;

    public List<Round> Existing { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Existing = await db.Rounds.AsNoTracking().OrderByDescending(r => r.Year).ToListAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var round = CopyFrom is { } source
            ? await CopyRound.Handle(db, source, new CopyRoundRequest(Code, Name, Year, PeriodStart, PeriodEnd), Actor.Of(HttpContext), now, ct)
            : await CreateRound.Handle(db, new CreateRoundRequest(Code, Name, Year, PeriodStart, PeriodEnd, SurveyPoints, 100 - SurveyPoints), Actor.Of(HttpContext), now, ct);
        return Redirect($"/rounds/{round.Id}");
    }

    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct)
    {
        await OnGetAsync(ct);
        return Page();
    }
}
