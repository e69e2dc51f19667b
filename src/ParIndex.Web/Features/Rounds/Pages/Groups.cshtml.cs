using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Rounds.Pages;

[Authorize(Policy = Policies.Design)]
public sealed class GroupsModel(ParIndexDbContext db, TimeProvider clock) : RefusablePageModel
{
    public int RoundId { get; private set; }
    public string RoundName { get; private set; } = "";
    public List<GroupDto> Groups { get; private set; } = [];
    public List<string> UnitTypes { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostSaveAsync(int roundId, int? groupId, string code, string name, string? nameEn, string unitTypeCode,
        decimal scoreWeight, bool ratesManyUnits, CancellationToken ct) =>
        await Run(roundId, async now =>
        {
            await SaveRespondentGroup.Handle(db, roundId, groupId, new SaveRespondentGroupRequest(code ?? "", name ?? "", nameEn, unitTypeCode ?? "", scoreWeight, ratesManyUnits),
                Actor.Of(HttpContext), now, ct);
            Message = Ui.L("Đã lưu.", "Saved.");
        }, ct);

    public async Task<IActionResult> OnPostDeleteAsync(int roundId, int groupId, CancellationToken ct) =>
        await Run(roundId, async now =>
        {
            await SaveRespondentGroup.Delete(db, roundId, groupId, Actor.Of(HttpContext), now, ct);
            Message = Ui.L("Đã xóa nhóm.", "Group deleted.");
        }, ct);

    private async Task<IActionResult> Run(int roundId, Func<DateTime, Task> action, CancellationToken ct)
    {
        await action(clock.GetUtcNow().UtcDateTime);
        db.ChangeTracker.Clear();
        return await Load(roundId, ct) ? Page() : NotFound();
    }

    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct) => await Load(RouteInt("roundId"), ct) ? Page() : NotFound();

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return false;
        (RoundId, RoundName) = (round.Id, round.Name);
        Groups = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).OrderBy(g => g.SortOrder)
            .Select(g => new GroupDto(g.Id, g.Code, g.Name, g.NameEn, g.UnitType!.Code, g.ScoreWeight, g.RatesManyUnits)).ToListAsync(ct);
        UnitTypes = await db.UnitTypes.Where(t => t.RoundId == roundId).OrderBy(t => t.SortOrder).Select(t => t.Code).ToListAsync(ct);
        return true;
    }
}
