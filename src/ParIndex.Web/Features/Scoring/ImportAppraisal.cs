using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Scoring;

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
