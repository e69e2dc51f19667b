using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Sampling;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Sampling;

public sealed record FrameVersionRow(int Id, int FrameId, string FrameName, int Number, string FileName, string ContentHash, int Rows, int RejectedRows,
    DateTime ImportedAt, string ImportedBy, bool IsLatest, int Draws);

/// <summary>Reads stored frames: the versions of a round's frames, and one version as the sampling library's <see cref="Frame"/>.</summary>
public static class FrameVersions
{
    public static async Task<List<FrameVersionRow>> List(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var rows = await db.SamplingFrameVersions.AsNoTracking().Where(v => v.Frame!.RoundId == roundId)
            .OrderBy(v => v.Frame!.Name).ThenByDescending(v => v.Number)
            .Select(v => new { v.Id, v.FrameId, v.Frame!.Name, v.Number, v.FileName, v.ContentHash, v.Rows, v.RejectedRows, v.ImportedAt, v.ImportedBy,
                Draws = db.SampleDraws.Count(d => d.FrameVersionId == v.Id) })
            .ToListAsync(ct);
        var latest = rows.GroupBy(r => r.FrameId).ToDictionary(g => g.Key, g => g.Max(r => r.Number));
        return rows.Select(r => new FrameVersionRow(r.Id, r.FrameId, r.Name, r.Number, r.FileName, r.ContentHash, r.Rows, r.RejectedRows,
            r.ImportedAt, r.ImportedBy, latest[r.FrameId] == r.Number, r.Draws)).ToList();
    }

    public static async Task<SamplingFrameVersion?> Find(ParIndexDbContext db, int roundId, int versionId, CancellationToken ct) =>
        await db.SamplingFrameVersions.AsNoTracking().Include(v => v.Frame).FirstOrDefaultAsync(v => v.Id == versionId && v.Frame!.RoundId == roundId, ct);

    /// <summary>
    /// The stored rows in file order, with contacts, as a <see cref="Frame"/> whose version is the stored content hash:
    /// the same input the draw saw, so a seed gives the same sample again.
    /// </summary>
    public static async Task<(Frame Frame, List<long> MemberIds)> Load(ParIndexDbContext db, SamplingFrameVersion version, CancellationToken ct)
    {
        var rows = await (from m in db.FrameMembers.AsNoTracking()
                          where m.FrameVersionId == version.Id
                          join c in db.FrameMemberContacts.AsNoTracking() on m.Id equals c.FrameMemberId into cs
                          from c in cs.DefaultIfEmpty()
                          orderby m.Line
                          select new { m, c }).ToListAsync(ct);
        var records = rows.Select(x => new FrameRecord
        {
            Id = x.m.ExternalId, Name = x.c?.FullName ?? "", Phone = x.c?.Phone, Email = x.c?.Email, Address = x.c?.Address,
            GroupCode = x.m.GroupCode, UnitCode = x.m.UnitCode, Cluster1 = x.m.Cluster1, Cluster2 = x.m.Cluster2, Cluster3 = x.m.Cluster3,
            SizeMeasure = x.m.SizeMeasure, Line = x.m.Line,
            Strata = JsonSerializer.Deserialize<Dictionary<string, string>>(x.m.StrataJson) ?? [],
        }).ToList();
        return (new Frame(records, version.ContentHash, version.FileName), rows.Select(x => x.m.Id).ToList());
    }

    /// <summary>Distinct values per group and unit of a version: N per unit × group, for the sample-size table.</summary>
    public static async Task<List<(string Unit, string Group, int Count)>> Cells(ParIndexDbContext db, int versionId, CancellationToken ct) =>
        (await db.FrameMembers.AsNoTracking().Where(m => m.FrameVersionId == versionId)
            .GroupBy(m => new { m.UnitCode, m.GroupCode }).Select(g => new { g.Key.UnitCode, g.Key.GroupCode, N = g.Count() })
            .ToListAsync(ct))
        .OrderBy(c => c.GroupCode, StringComparer.Ordinal).ThenBy(c => c.UnitCode, StringComparer.Ordinal)
        .Select(c => (c.UnitCode, c.GroupCode, c.N)).ToList();
}
