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

public sealed record ImportAppraisalResult(int Imported, IReadOnlyList<AppraisalRowError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports appraised self-assessment scores (CSV/XLSX, see <see cref="AppraisalImport"/>). All or nothing in one
/// transaction: a bad line and nothing is written. A line replaces the stored score of the same unit, criterion and round.
/// </summary>
public static class ImportAppraisal
{
    public static async Task<ImportAppraisalResult> Handle(ParIndexDbContext db, int roundId, Core.Tabular.TabularFile file, string actor, DateTime now, CancellationToken ct)
    {
        if (!await db.Rounds.AnyAsync(r => r.Id == roundId, ct)) throw new DomainException("not-found", $"Không có đợt điều tra số {roundId}.");
        var types = await db.UnitTypes.Where(t => t.RoundId == roundId).ToDictionaryAsync(t => t.Id, t => t.Code, ct);
        var units = await db.Units.Where(u => u.RoundId == roundId).ToListAsync(ct);
        var criteria = (await db.Criteria.Where(c => c.RoundId == roundId).ToListAsync(ct))
            .Select(c => new ScoringCriterion(types[c.UnitTypeId], c.Code, c.Name, c.MaxPoints, c.Component)).ToList();
        var (scores, errors) = AppraisalImport.Parse(file, units.Select(u => new ScoringUnit(u.Id, u.Code, u.Name, types[u.UnitTypeId])).ToList(), criteria);
        if (errors.Count > 0) return new ImportAppraisalResult(0, errors);

        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var unitId = units.ToDictionary(u => u.Code, u => u.Id, StringComparer.OrdinalIgnoreCase);
        var existing = await db.AppraisedScores.Where(a => a.RoundId == roundId).ToDictionaryAsync(a => (a.UnitId, a.CriterionCode, a.AppraisalRound), ct);
        foreach (var s in scores)
        {
            var key = (unitId[s.UnitCode], s.CriterionCode, s.AppraisalRound);
            if (existing.TryGetValue(key, out var old)) { old.Points = s.Points; old.ImportedAt = now; old.ImportedBy = actor; }
            else db.AppraisedScores.Add(new AppraisedScore { RoundId = roundId, UnitId = key.Item1, CriterionCode = s.CriterionCode, AppraisalRound = s.AppraisalRound, Points = s.Points, ImportedBy = actor, ImportedAt = now });
        }
        db.Record(actor, "scoring.import-appraisal", nameof(Round), roundId, null, new { rows = scores.Count }, now, roundId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ImportAppraisalResult(scores.Count, []);
    }
}
