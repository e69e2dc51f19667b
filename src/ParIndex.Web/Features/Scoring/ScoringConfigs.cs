using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Scoring;

/// <summary>
/// A round's scoring configuration: the newest stored version, or (version 0) the defaults (<see cref="ScoringDefaults"/>)
/// with the groups' weights from the round set-up.
/// </summary>
public static class ScoringConfigs
{
    public static async Task<(ScoringConfiguration Configuration, int Version)> CurrentAsync(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var stored = await db.ScoringConfigVersions.AsNoTracking().Where(v => v.RoundId == roundId).OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        if (stored is not null) return (ScoringConfiguration.FromJson(stored.Json), stored.Version);
        var weights = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).OrderBy(g => g.Code).ToListAsync(ct);
        // The defaults: citizens' answers mapped into PAR sub-criteria, SIPAS by field and channel, the plans' targets (ScoringDefaults).
        return (ScoringDefaults.Apply(new ScoringConfiguration { GroupWeights = weights.ToDictionary(g => g.Code, g => (double)g.ScoreWeight, StringComparer.Ordinal) }), 0);
    }

    /// <summary>
    /// Stores a new version (never edits one); refuses invalid values and unknown groups. A configuration equal to the
    /// current one (stored, or the defaults of version 0) stores nothing: saving a form unchanged changes nothing.
    /// </summary>
    public static async Task<SavedConfiguration> SaveAsync(ParIndexDbContext db, int roundId, ScoringConfiguration configuration, string actor, DateTime now, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == roundId, ct)) throw new DomainException("not-found", $"Không có đợt điều tra số {roundId}.");
        var errors = configuration.Validate().ToList();
        var groups = await db.RespondentGroups.Where(g => g.RoundId == roundId).Select(g => g.Code).ToListAsync(ct);
        errors.AddRange(configuration.GroupWeights.Keys.Where(k => !groups.Contains(k)).Select(k => $"Không có nhóm đối tượng {k} trong đợt này."));
        errors.AddRange(configuration.TargetMappings.SelectMany(m => m.Groups).Distinct().Where(k => !groups.Contains(k)).Select(k => $"Ánh xạ mục tiêu: không có nhóm đối tượng {k} trong đợt này."));
        if (errors.Count > 0) throw new DomainException("validation-failed", string.Join(" ", errors));
        var (current, currentVersion) = await CurrentAsync(db, roundId, ct);
        var json = configuration.ToJson();
        if (json == current.ToJson()) return new SavedConfiguration(currentVersion, Changed: false);
        var last = await db.ScoringConfigVersions.Where(v => v.RoundId == roundId).MaxAsync(v => (int?)v.Version, ct) ?? 0;
        var version = new ScoringConfigVersion { RoundId = roundId, Version = last + 1, Json = json, CreatedBy = actor, CreatedAt = now };
        db.ScoringConfigVersions.Add(version);
        db.Record(actor, "scoring.configure", nameof(ScoringConfigVersion), version.Version, null, configuration, now, roundId);
        await db.SaveChangesAsync(ct);
        return new SavedConfiguration(version.Version, Changed: true);
    }
}

/// <summary>The version a save left current, and whether it stored a new one.</summary>
public sealed record SavedConfiguration(int Version, bool Changed);

internal static class SavedConfigurationText
{
    public static string Message(SavedConfiguration saved) => saved.Changed
        ? Ui.L($"Đã lưu cấu hình phiên bản {saved.Version}.", $"Saved configuration version {saved.Version}.")
        : Ui.L($"Không có thay đổi; cấu hình vẫn là phiên bản {saved.Version}.", $"Nothing changed; the configuration is still version {saved.Version}.");
}
