using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Core.Publication;

namespace ParIndex.Web.Features.Publication.Pages;

/// <summary>Every version of a round's publication with its score run and input hash, and for corrections the note and the figures that changed.</summary>
[AllowAnonymous, PublicPage]
public sealed class VersionsModel(PublishedResultsCache cache) : PageModel
{
    public PublishedView View { get; private set; } = null!;
    public IReadOnlyList<(PublishedVersion Version, IReadOnlyList<VersionChange> Changes)> All { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string roundCode, CancellationToken ct)
    {
        View = PublicPageAttribute.Current(HttpContext)!;
        var all = new List<(PublishedVersion, IReadOnlyList<VersionChange>)>();
        foreach (var version in View.Versions.Reverse())
            all.Add((version, (await cache.FindAsync(roundCode, version.Version, ct))?.Changes ?? []));
        All = all;
        return Page();
    }
}
