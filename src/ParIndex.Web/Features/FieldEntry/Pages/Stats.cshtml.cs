using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.FieldEntry.Pages;

/// <summary>Operator statistics: forms and fields keyed per hour, discrepancy rate, escalation, per keyer.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class StatsModel(ParIndexDbContext db) : FieldPage
{
    [FromRoute] public int RoundId { get; set; }
    public IReadOnlyList<KeyerRow> Keyers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Keyers = await FieldEntryQueries.Keyers(db, RoundId, ct);
}
