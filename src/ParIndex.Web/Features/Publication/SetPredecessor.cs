using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Publication;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Publication;

/// <summary>The outcome of linking a round to its predecessor: the parts stored, or the lines refused (nothing stored).</summary>
public sealed record SetPredecessorResult(int Parts, IReadOnlyList<LineageRowError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Links a round to its predecessor ("last year") with the unit mapping its changes are measured through
/// (<see cref="LineageImport"/>): a file of parts, or "same codes" when the units kept their codes. All or nothing: one bad
/// line and nothing changes. Saving the same link and mapping again changes nothing (and records nothing).
/// </summary>
public static class SetPredecessor
{
    public static async Task<SetPredecessorResult> FromFile(ParIndexDbContext db, int roundId, int predecessorRoundId, TabularFile file, string actor, DateTime now, CancellationToken ct)
    {
        var (units, predecessorUnits) = await Units(db, roundId, predecessorRoundId, ct);
        var (parts, errors) = LineageImport.Parse(file, units, predecessorUnits);
        return errors.Count > 0 ? new SetPredecessorResult(0, errors) : await Store(db, roundId, predecessorRoundId, parts, actor, now, ct);
    }

    public static async Task<SetPredecessorResult> SameCodes(ParIndexDbContext db, int roundId, int predecessorRoundId, string actor, DateTime now, CancellationToken ct)
    {
        var (units, predecessorUnits) = await Units(db, roundId, predecessorRoundId, ct);
        return await Store(db, roundId, predecessorRoundId, LineageImport.SameCodes(units, predecessorUnits), actor, now, ct);
    }

    public static async Task<SetPredecessorResult> FromParts(ParIndexDbContext db, int roundId, int predecessorRoundId, IReadOnlyList<(string Unit, string Predecessor, double Share, LineageBasis Basis)> rows,
        string actor, DateTime now, CancellationToken ct)
    {
        var (units, predecessorUnits) = await Units(db, roundId, predecessorRoundId, ct);
        var text = rows.Select((r, i) => (i + 1, r.Unit, r.Predecessor, r.Share.ToString("R", System.Globalization.CultureInfo.InvariantCulture), LineageImport.BasisCode(r.Basis))).ToList();
        var (parts, errors) = LineageImport.Check(text, units, predecessorUnits);
        return errors.Count > 0 ? new SetPredecessorResult(0, errors) : await Store(db, roundId, predecessorRoundId, parts, actor, now, ct);
    }

    /// <summary>Removes the link and the mapping (the round then has no changes since last year in its next publication).</summary>
    public static async Task Remove(ParIndexDbContext db, int roundId, string actor, DateTime now, CancellationToken ct)
    {
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var link = await db.RoundPredecessors.FirstOrDefaultAsync(p => p.RoundId == roundId, ct);
        if (link is null) return;
        db.RoundPredecessors.Remove(link);
        db.UnitLineages.RemoveRange(await db.UnitLineages.Where(l => l.RoundId == roundId).ToListAsync(ct));
        db.Record(actor, "publication.predecessor.remove", "Round", roundId, new { link.PredecessorRoundId }, null, now, roundId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<(List<LineageUnit> Units, List<LineageUnit> Predecessor)> Units(ParIndexDbContext db, int roundId, int predecessorRoundId, CancellationToken ct)
    {
        if (roundId == predecessorRoundId)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["predecessorRoundId"] = ["Một đợt không thể là kỳ trước của chính nó."] });
        var rounds = await db.Rounds.AsNoTracking().Where(r => r.Id == roundId || r.Id == predecessorRoundId).Select(r => new { r.Id, r.Year }).ToListAsync(ct);
        if (rounds.All(r => r.Id != roundId)) throw new DomainException("not-found", $"Không có đợt điều tra số {roundId}.");
        if (rounds.All(r => r.Id != predecessorRoundId))
            throw new RequestValidationException(new Dictionary<string, string[]> { ["predecessorRoundId"] = [$"Không có đợt điều tra số {predecessorRoundId} để làm kỳ trước."] });
        if (rounds.Single(r => r.Id == predecessorRoundId).Year >= rounds.Single(r => r.Id == roundId).Year)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["predecessorRoundId"] = ["Kỳ trước phải là một đợt của năm trước đó."] });
        return (await UnitsOf(db, roundId, ct), await UnitsOf(db, predecessorRoundId, ct));
    }

    private static Task<List<LineageUnit>> UnitsOf(ParIndexDbContext db, int roundId, CancellationToken ct) =>
        db.Units.AsNoTracking().Where(u => u.RoundId == roundId).OrderBy(u => u.SortOrder).Select(u => new LineageUnit(u.Code, u.Name, u.UnitType!.Code)).ToListAsync(ct);

    private static async Task<SetPredecessorResult> Store(ParIndexDbContext db, int roundId, int predecessorRoundId, IReadOnlyList<LineagePart> parts, string actor, DateTime now, CancellationToken ct)
    {
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var link = await db.RoundPredecessors.FirstOrDefaultAsync(p => p.RoundId == roundId, ct);
        var existing = await db.UnitLineages.Where(l => l.RoundId == roundId).ToListAsync(ct);
        static string Key(string u, string p, double s, LineageBasis b) => $"{u}\u0001{p}\u0001{s:R}\u0001{b}";
        var same = link?.PredecessorRoundId == predecessorRoundId
                   && existing.Select(l => Key(l.UnitCode, l.PredecessorUnitCode, l.Share, l.Basis)).Order(StringComparer.Ordinal)
                       .SequenceEqual(parts.Select(p => Key(p.UnitCode, p.PredecessorUnitCode, p.Share, p.Basis)).Order(StringComparer.Ordinal));
        if (same) return new SetPredecessorResult(parts.Count, []);
        var before = link is null ? null : new { link.PredecessorRoundId, Parts = existing.Count };
        if (link is null) db.RoundPredecessors.Add(link = new RoundPredecessor { RoundId = roundId, PredecessorRoundId = predecessorRoundId, SetBy = actor, SetAt = now });
        else (link.PredecessorRoundId, link.SetBy, link.SetAt) = (predecessorRoundId, actor, now);
        db.UnitLineages.RemoveRange(existing);
        db.UnitLineages.AddRange(parts.Select(p => new UnitLineage { RoundId = roundId, UnitCode = p.UnitCode, PredecessorUnitCode = p.PredecessorUnitCode, Share = p.Share, Basis = p.Basis }));
        db.Record(actor, "publication.predecessor.set", "Round", roundId, before, new { PredecessorRoundId = predecessorRoundId, Parts = parts.Count,
            Merged = parts.GroupBy(p => p.UnitCode).Count(g => g.Count() > 1) }, now, roundId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new SetPredecessorResult(parts.Count, []);
    }
}
