using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ParIndex.Web.Features.Publication.Pages;

/// <summary>
/// The conference view: the SIPAS and index headlines as full-screen slides for the announcement (plan 003 §II–IV: results
/// per Sở and per xã/phường). One slide per screen; arrow keys and F move and go full screen when script runs, scrolling does
/// without it.
/// </summary>
[AllowAnonymous, PublicPage]
public sealed class ConferenceModel : PageModel
{
    public PublishedView View { get; private set; } = null!;

    public IActionResult OnGet(string roundCode)
    {
        View = PublicPageAttribute.Current(HttpContext)!;
        return Page();
    }
}
