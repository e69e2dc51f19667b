using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Scoring;

/// <summary>A round's scoring configuration: the newest stored version, or (version 0) the defaults with the groups' weights from the round set-up.</summary>
public static class ScoringConfigs
{
    public static async Task<(ScoringConfiguration Configuration, int Version)> CurrentAsync(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var stored = await db.ScoringConfigVersions.AsNoTracking().Where(v => v.RoundId == roundId).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        if (stored is not null) return (ScoringConfiguration.FromJson(stored.Json), stored.Version);
        var weights = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).OrderBy(g => g.Code).ToListAsync(ct);
        return (new ScoringConfiguration { GroupWeights = weights.ToDictionary(g => g.Code, g => (double)g.ScoreWeight, StringComparer.Ordinal) }, 0);
    }

    /// <summary>Stores a new version (never edits one); refuses invalid values and unknown groups.</summary>
    public static async Task<ScoringConfigVersion> SaveAsync(ParIndexDbContext db, int roundId, ScoringConfiguration configuration, string actor, DateTime now, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == roundId, ct)) throw new DomainException("not-found", $"Không có đợt điều tra số {roundId}.");
        var errors = configuration.Validate().ToList();
        var groups = await db.RespondentGroups.Where(g => g.RoundId == roundId).Select(g => g.Code).ToListAsync(ct);
        errors.AddRange(configuration.GroupWeights.Keys.Where(k => !groups.Contains(k)).Select(k => $"Không có nhóm đối tượng {k} trong đợt này."));
        if (errors.Count > 0) throw new DomainException("validation-failed", string.Join(" ", errors));
        var last = await db.ScoringConfigVersions.Where(v => v.RoundId == roundId).MaxAsync(v => (int?)v.Version, ct) ?? 0;
        var version = new ScoringConfigVersion { RoundId = roundId, Version = last + 1, Json = configuration.ToJson(), CreatedBy = actor, CreatedAt = now };
        db.ScoringConfigVersions.Add(version);
        db.Record(actor, "scoring.configure", nameof(ScoringConfigVersion), version.Version, null, configuration, now, roundId);
        await db.SaveChangesAsync(ct);
        return version;
    }
}
