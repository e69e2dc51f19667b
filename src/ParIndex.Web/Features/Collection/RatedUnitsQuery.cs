using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Collection;

public static class RatedUnitsQuery
{
    /// <summary>
    /// The units a respondent group rates, in the order every form shows them (sort order, then name): the personal
    /// link, the public link, the paper form and the keying screen all list a unit grid the same way.
    /// </summary>
    public static Task<List<Unit>> RatedUnitsAsync(this ParIndexDbContext db, int roundId, RespondentGroup group, CancellationToken ct) =>
        db.RatedUnits(roundId, group.UnitTypeId).ToListAsync(ct);

    /// <summary>
    /// The units one sample member rates: under a matrix design (<see cref="UnitAssignment"/>) only the units assigned to the
    /// member, otherwise every unit its group rates; in form order either way.
    /// </summary>
    public static async Task<List<Unit>> RatedUnitsForAsync(this ParIndexDbContext db, int roundId, RespondentGroup group, int respondentId, CancellationToken ct)
    {
        var units = await db.RatedUnitsAsync(roundId, group, ct);
        var assigned = await db.UnitAssignments.Where(a => a.RespondentId == respondentId).Select(a => a.UnitId).ToListAsync(ct);
        return assigned.Count == 0 ? units : units.Where(u => assigned.Contains(u.Id)).ToList();
    }

    /// <summary>The same units as a query (the node's <see cref="CollectionCatalog"/> reads it untracked).</summary>
    public static IQueryable<Unit> RatedUnits(this ParIndexDbContext db, int roundId, int unitTypeId) =>
        db.Units.Where(u => u.RoundId == roundId && u.UnitTypeId == unitTypeId).OrderBy(u => u.SortOrder).ThenBy(u => u.Name);
}
