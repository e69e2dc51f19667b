using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.FieldEntry.Pages;

/// <summary>A response's history: every keying, draw, comparison, resolution and acceptance with who, when, before, after and why.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class HistoryModel(ParIndexDbContext db) : FieldPage
{
    [FromRoute] public int RoundId { get; set; }
    [FromRoute] public string Code { get; set; } = "";
    public HistoryView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var view = await FieldEntryQueries.History(db, RoundId, Code, ct);
        if (view is null) return NotFound();
        View = view;
        return Page();
    }
}
