using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.FieldEntry.Pages;

/// <summary>The menu's "paper forms" link: the field-entry page of the round in fieldwork (else the newest round).</summary>
[Authorize(Policy = Policies.FieldEntry)]
public sealed class StartModel(ParIndexDbContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var id = await db.Rounds.OrderByDescending(r => r.Status == RoundStatus.Fieldwork).ThenByDescending(r => r.Id).Select(r => (int?)r.Id).FirstOrDefaultAsync(ct);
        return id is { } roundId ? Redirect($"/rounds/{roundId}/field") : Redirect("/");
    }
}
