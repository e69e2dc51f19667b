using Microsoft.EntityFrameworkCore;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.Distribution;

/// <summary>An app of their own for the distribution tests: they revoke and reissue links, which other tests must not see.</summary>
[CollectionDefinition(Name)]
public sealed class DistributionCollection : ICollectionFixture<ParIndexFactory>
{
    public const string Name = "distribution";
}

public static class DemoRound
{
    public static Task<(int RoundId, int UnitId, int GroupId)> UnitAndGroup(ParIndexFactory app, string groupCode = "XA-HDND", int unitIndex = 0) => app.WithDb(async db =>
    {
        var group = await db.RespondentGroups.FirstAsync(g => g.Code == groupCode);
        var unit = await db.Units.Where(u => u.UnitTypeId == group.UnitTypeId).OrderBy(u => u.SortOrder).Skip(unitIndex).FirstAsync();
        return (group.RoundId, unit.Id, group.Id);
    });
}
