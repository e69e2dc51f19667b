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
        db.Units.Where(u => u.RoundId == roundId && u.UnitTypeId == group.UnitTypeId).OrderBy(u => u.SortOrder).ThenBy(u => u.Name).ToListAsync(ct);
}
