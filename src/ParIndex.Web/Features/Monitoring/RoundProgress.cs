using Microsoft.EntityFrameworkCore;
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

/// <summary>
/// The progress table of the round pages and the API: the live monitor's counts (<see cref="MonitorDashboard"/>, the one
/// implementation of designed, invited and completed per unit × group), without its dispositions and flags.
/// </summary>
public static class RoundProgress
{
    public static async Task<RoundProgressView?> Handle(ParIndexDbContext db, int roundId, DateTime now, CancellationToken ct)
    {
        var view = await MonitorDashboard.Handle(db, roundId, now, ct);
        if (view is null) return null;
        var typeOf = await db.Units.AsNoTracking().Where(u => u.RoundId == roundId).Select(u => new { u.Id, TypeCode = u.UnitType!.Code })
            .ToDictionaryAsync(u => u.Id, u => u.TypeCode, ct);
        return new RoundProgressView(view.RoundId, view.RoundName, view.Cells
            .Select(c => new ProgressCell(c.UnitId, c.UnitCode, c.UnitName, typeOf[c.UnitId], c.GroupId, c.GroupCode, c.GroupName, c.Designed, c.Invited, c.Completed))
            .ToList());
    }
}
