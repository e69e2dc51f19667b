using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ParIndex.Core.Domain;
using ParIndex.Web.Api;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Distribution;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Pages.Invitations;

/// <summary>Printable A4 invitation letters (Vietnamese): one respondent, or a whole unit/group as a batch, one letter per page.</summary>
[Authorize(Policy = Policies.Design)]
public sealed class LettersModel(ParIndexDbContext db, LinkTokens tokens, IOptions<PersonalLinkOptions> options) : PageModel
{
    public const int MaxBatch = 2000;

    public Round Round { get; private set; } = null!;
    public List<LinkRow> Letters { get; private set; } = [];
    public string? Deadline { get; private set; }

    public async Task<IActionResult> OnGetAsync(int roundId, int? invitationId, int? unitId, int? groupId, CancellationToken ct)
    {
        if (await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) is not { } round) return NotFound();
        Round = round;
        var rows = await LinkExport.Rows(db, tokens, new InvitationScope(roundId, unitId, groupId), DistributionApi.PublicBaseUrl(HttpContext, options.Value), ct);
        Letters = (invitationId is { } id ? rows.Where(r => r.InvitationId == id) : rows).Take(MaxBatch).ToList();
        if (invitationId is not null && Letters.Count == 0) return NotFound();
        Deadline = round.FieldworkEnd?.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }
}
