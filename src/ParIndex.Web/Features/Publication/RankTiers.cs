using ParIndex.Core.Scoring;

namespace ParIndex.Web.Features.Publication;

/// <summary>
/// Which ranks can be told apart. Two units of a type are <b>not distinguishable</b> when their rank intervals overlap. For
/// reading a table, units are grouped in rank order into tiers: a tier starts with the best-ranked unit not yet placed and
/// takes every following unit whose rank interval overlaps that first unit's — so every unit of tier 1 is indistinguishable
/// from the top unit. Units without a rank interval (not ranked) are in no tier.
/// </summary>
public static class RankTiers
{
    public sealed record Standing(int Tier, int Overlapping, int? OverlapFrom, int? OverlapTo);

    public static IReadOnlyDictionary<string, Standing> Of(IEnumerable<UnitScore> units)
    {
        var ranked = units.Where(u => u.Rank is not null && u.RankLower is not null && u.RankUpper is not null)
            .OrderBy(u => u.Rank).ThenBy(u => u.UnitCode, StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, Standing>(StringComparer.Ordinal);
        var tier = 0;
        UnitScore? leader = null;
        foreach (var u in ranked)
        {
            if (leader is null || !Overlap(leader, u)) { tier++; leader = u; }
            var others = ranked.Where(o => o.UnitCode != u.UnitCode && Overlap(o, u)).ToList();
            result[u.UnitCode] = new Standing(tier, others.Count, others.Count == 0 ? null : others.Min(o => o.Rank), others.Count == 0 ? null : others.Max(o => o.Rank));
        }
        return result;
    }

    public static bool Overlap(UnitScore a, UnitScore b) => a.RankLower <= b.RankUpper && b.RankLower <= a.RankUpper;
}
