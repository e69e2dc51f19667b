using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;
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
}
