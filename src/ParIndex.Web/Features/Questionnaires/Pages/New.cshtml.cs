using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Questionnaires.Pages;

/// <summary>Creates the questionnaire of a respondent group that has none: from the group's 2026 default or a one-question skeleton.</summary>
[Authorize(Policy = Policies.Design)]
public sealed class NewModel(ParIndexDbContext db, TimeProvider clock) : RefusablePageModel
{
    public int RoundId { get; private set; }
    public List<(int Id, string Code, string Name)> Groups { get; private set; } = [];
    public int? GroupId { get; private set; }

    public async Task<IActionResult> OnGetAsync(int roundId, int? groupId, CancellationToken ct)
    {
        GroupId = groupId;
        return await Load(roundId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(int roundId, int groupId, string? source, CancellationToken ct)
    {
        GroupId = groupId;
        var version = await DesignQuestionnaire.Create(db, roundId, groupId, source != "blank", Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        return Redirect($"/questionnaires/versions/{version.Id}/edit");
    }

    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct) => await Load(RouteInt("roundId"), ct) ? Page() : NotFound();

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == roundId, ct)) return false;
        RoundId = roundId;
        Groups = (await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId && !db.Questionnaires.Any(q => q.RespondentGroupId == g.Id))
            .OrderBy(g => g.SortOrder).Select(g => new { g.Id, g.Code, g.Name }).ToListAsync(ct)).Select(g => (g.Id, g.Code, g.Name)).ToList();
        return true;
    }
}
