using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.FieldEntry.Pages;

/// <summary>What the field-entry pages share: the keyer behind the request.</summary>
public abstract class FieldPage : PageModel
{
    public Keyer CurrentKeyer => new(
        User.FindFirstValue(ClaimTypes.NameIdentifier) ?? User.Identity?.Name ?? "staff",
        Infrastructure.Actor.Of(HttpContext),
        // Field staff key their assignments only; supervisors and administrators key any form of the round.
        User.IsInRole(Roles.FieldStaff) && !User.IsInRole(Roles.Admin) && !User.IsInRole(Roles.Supervisor));

    /// <summary>A round that does not exist is a 404 on every field-entry page (not an empty list).</summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (RouteData.Values.TryGetValue("roundId", out var raw) && int.TryParse(Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture), out var roundId)
            && !await HttpContext.RequestServices.GetRequiredService<Data.ParIndexDbContext>().Rounds.AnyAsync(r => r.Id == roundId, HttpContext.RequestAborted))
        {
            context.Result = NotFound();
            return;
        }
        await next();
    }
}
