using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Rounds.Pages;

[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(ParIndexDbContext db) : PageModel
{
    public sealed record Row(int Id, string Code, string Name, int Year, DateOnly PeriodStart, DateOnly PeriodEnd, RoundStatus Status, int Submitted);

    public List<Row> Rounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Rounds = await db.Rounds.OrderByDescending(r => r.Year).ThenBy(r => r.Id)
            .Select(r => new Row(r.Id, r.Code, r.Name, r.Year, r.PeriodStart, r.PeriodEnd, r.Status,
                db.Responses.Count(x => x.RoundId == r.Id && x.Status == ResponseStatus.Submitted)))
            .ToListAsync(ct);
}
