using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Monitoring;

/// <summary>
/// One cell of the progress table: a unit × respondent group. For groups who rate many units (officials), every
/// sampled member is designed to rate every unit, and a unit counts as completed when a submitted response holds
/// answers for it; for citizens, the member's own unit counts.
/// </summary>
public sealed record ProgressCell(int UnitId, string UnitCode, string UnitName, string UnitTypeCode, int GroupId, string GroupCode, string GroupName,
    int Designed, int Invited, int Completed)
{
    public double ResponseRate => Designed == 0 ? 0 : (double)Completed / Designed;
}

public sealed record RoundProgressView(int RoundId, string RoundName, IReadOnlyList<ProgressCell> Cells)
{
    public int Completed => Cells.Sum(c => c.Completed);
    public int Designed => Cells.Sum(c => c.Designed);
}

public static class RoundProgress
{
    public static async Task<RoundProgressView?> Handle(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return null;
        var units = await db.Units.AsNoTracking().Where(u => u.RoundId == roundId)
            .OrderBy(u => u.UnitTypeId).ThenBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Code, u.Name, u.UnitTypeId, TypeCode = u.UnitType!.Code }).ToListAsync(ct);
        var groups = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).OrderBy(g => g.SortOrder).ToListAsync(ct);

        var designed = await db.Respondents.Where(r => r.RoundId == roundId && r.Status == RespondentStatus.Active)
            .GroupBy(r => new { r.RespondentGroupId, r.UnitId }).Select(g => new { g.Key.RespondentGroupId, g.Key.UnitId, N = g.Count() }).ToListAsync(ct);
        var invited = await db.Respondents.Where(r => r.RoundId == roundId && r.Status == RespondentStatus.Active && db.Invitations.Any(i => i.RespondentId == r.Id))
            .GroupBy(r => new { r.RespondentGroupId, r.UnitId }).Select(g => new { g.Key.RespondentGroupId, g.Key.UnitId, N = g.Count() }).ToListAsync(ct);
        var submitted = db.Responses.Where(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted);
        var singleUnit = await submitted.Where(r => r.UnitId != null)
            .GroupBy(r => new { r.RespondentGroupId, r.UnitId }).Select(g => new { g.Key.RespondentGroupId, g.Key.UnitId, N = g.Count() }).ToListAsync(ct);
        var gridUnits = await db.AnswerSets.Where(a => a.RatedUnitId != null)
            .Join(submitted.Where(r => r.UnitId == null), a => a.ResponseId, r => r.Id, (a, r) => new { r.RespondentGroupId, a.RatedUnitId })
            .GroupBy(x => new { x.RespondentGroupId, x.RatedUnitId }).Select(g => new { g.Key.RespondentGroupId, UnitId = g.Key.RatedUnitId, N = g.Count() }).ToListAsync(ct);

        int Lookup<T>(IEnumerable<T> rows, Func<T, bool> match, Func<T, int> n) => rows.Where(match).Sum(n);
        var cells = new List<ProgressCell>();
        foreach (var g in groups)
        {
            foreach (var u in units.Where(u => u.UnitTypeId == g.UnitTypeId))
            {
                var d = g.RatesManyUnits
                    ? Lookup(designed, x => x.RespondentGroupId == g.Id && x.UnitId == null, x => x.N)
                    : Lookup(designed, x => x.RespondentGroupId == g.Id && x.UnitId == u.Id, x => x.N);
                var i = g.RatesManyUnits
                    ? Lookup(invited, x => x.RespondentGroupId == g.Id && x.UnitId == null, x => x.N)
                    : Lookup(invited, x => x.RespondentGroupId == g.Id && x.UnitId == u.Id, x => x.N);
                var c = Lookup(singleUnit, x => x.RespondentGroupId == g.Id && x.UnitId == u.Id, x => x.N)
                      + Lookup(gridUnits, x => x.RespondentGroupId == g.Id && x.UnitId == u.Id, x => x.N);
                cells.Add(new ProgressCell(u.Id, u.Code, u.Name, u.TypeCode, g.Id, g.Code, g.Name, d, i, c));
            }
        }
        return new RoundProgressView(round.Id, round.Name, cells);
    }
}
