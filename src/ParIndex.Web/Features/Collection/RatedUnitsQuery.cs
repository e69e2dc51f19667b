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

    /// <summary>The same units as a query (the node's <see cref="CollectionCatalog"/> reads it untracked).</summary>
    public static IQueryable<Unit> RatedUnits(this ParIndexDbContext db, int roundId, int unitTypeId) =>
        db.Units.Where(u => u.RoundId == roundId && u.UnitTypeId == unitTypeId).OrderBy(u => u.SortOrder).ThenBy(u => u.Name);
}
