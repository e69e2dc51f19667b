using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Sampling;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Sampling;

/// <summary>The validation report of an upload and, when something was imported, the version it became.</summary>
public sealed record ImportFrameResult(FrameImportResult Report, SamplingFrameVersion? Version)
{
    public bool Imported => Version is not null;
}

/// <summary>
/// Imports a sampling frame (CSV/XLSX) into a round, checked against the round's units and respondent groups
/// (<see cref="FrameImporter"/>; every bad row reported with its line and a Vietnamese reason). A file with any error
/// writes nothing unless the caller explicitly asks for the clean rows only. Each import becomes a new numbered
/// version of the named frame; no version is ever overwritten.
/// </summary>
public static class ImportFrame
{
    public static async Task<ImportFrameResult> Handle(ParIndexDbContext db, int roundId, string frameName, byte[] bytes, string fileName,
        bool cleanRowsOnly, string actor, DateTime now, CancellationToken ct)
    {
        var round = await RoundStructure.LoadEditable(db, roundId, ct);
        frameName = frameName.Trim();
        if (frameName.Length is 0 or > 200)
            throw new DomainException("validation-failed", "Tên khung mẫu phải có từ 1 đến 200 ký tự.");

        var options = await OptionsFor(db, roundId, ct) with { ImportCleanRowsOnly = cleanRowsOnly };
        var report = FrameImporter.Import(bytes, fileName, options);
        if (report.Frame is not { } frame) return new ImportFrameResult(report, null);

        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var owner = await db.SamplingFrames.FirstOrDefaultAsync(f => f.RoundId == roundId && f.Name == frameName, ct);
        if (owner is null)
        {
            owner = new SamplingFrame { RoundId = roundId, Name = frameName, CreatedAt = now };
            db.SamplingFrames.Add(owner);
            await db.SaveChangesAsync(ct);
        }
        var number = 1 + (await db.SamplingFrameVersions.Where(v => v.FrameId == owner.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0);
        var strataColumns = frame.Records.SelectMany(r => r.Strata.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var version = new SamplingFrameVersion
        {
            FrameId = owner.Id, Number = number, FileName = Path.GetFileName(fileName), ContentHash = frame.Version, Rows = frame.Count,
            RejectedRows = report.RowsRejected, StrataColumnsJson = JsonSerializer.Serialize(strataColumns), ImportedAt = now, ImportedBy = actor,
        };
        db.SamplingFrameVersions.Add(version);
        await db.SaveChangesAsync(ct);

        var members = frame.Records.Select(r => new FrameMember
        {
            FrameVersionId = version.Id, Line = r.Line, ExternalId = r.Id, GroupCode = r.GroupCode, UnitCode = r.UnitCode,
            Cluster1 = r.Cluster1, Cluster2 = r.Cluster2, Cluster3 = r.Cluster3, SizeMeasure = r.SizeMeasure,
            StrataJson = JsonSerializer.Serialize(r.Strata),
        }).ToList();
        db.FrameMembers.AddRange(members);
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < members.Count; i++)
        {
            var r = frame.Records[i];
            if (r.HasContact)
                db.FrameMemberContacts.Add(new FrameMemberContact { FrameMemberId = members[i].Id, FullName = r.Name, Phone = r.Phone, Email = r.Email, Address = r.Address });
        }
        db.Record(actor, "sampling.frame-import", nameof(SamplingFrameVersion), version.Id, null,
            new { frame = owner.Name, version = number, rows = frame.Count, rejected = report.RowsRejected, hash = frame.Version, file = version.FileName, cleanRowsOnly },
            now, roundId);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await tx.CommitAsync(ct);
        return new ImportFrameResult(report, version);
    }

    /// <summary>The round's codes a frame is checked against: units, groups, and the groups whose members need no unit.</summary>
    public static async Task<FrameImportOptions> OptionsFor(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var groups = await db.RespondentGroups.Where(g => g.RoundId == roundId).Select(g => new { g.Code, g.RatesManyUnits }).ToListAsync(ct);
        var units = await db.Units.Where(u => u.RoundId == roundId).Select(u => u.Code).ToListAsync(ct);
        return new FrameImportOptions
        {
            KnownGroups = groups.Select(g => g.Code).ToList(),
            KnownUnits = units,
            UnitOptionalGroups = groups.Where(g => g.RatesManyUnits).Select(g => g.Code).ToList(),
        };
    }
}
