using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ParIndex.Web.Features.Publication.Pages;

/// <summary>The public site's front page: every round with published results (nothing of an unpublished round appears).</summary>
[AllowAnonymous, PublicPage]
public sealed class PublishedRoundsModel(PublishedResultsCache cache) : PageModel
{
    public IReadOnlyList<(string Code, string Name, string? NameEn, int Year, int Version, DateTime PublishedAt)> Rounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rounds = await cache.RoundsAsync(ct);
}
