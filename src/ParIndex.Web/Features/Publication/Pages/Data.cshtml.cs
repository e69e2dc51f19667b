using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ParIndex.Web.Features.Publication.Pages;

/// <summary>The open data of a publication: the files and their codebook, and how the figures were made.</summary>
[AllowAnonymous, PublicPage]
public sealed class DataModel : PageModel
{
    public PublishedView View { get; private set; } = null!;

    public IActionResult OnGet(string roundCode)
    {
        View = PublicPageAttribute.Current(HttpContext)!;
        return Page();
    }
}
