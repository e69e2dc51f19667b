using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Sampling;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Sampling;

/// <summary>What a draw would do, before it is done: the strata, and the earlier draws it would collide with.</summary>
public sealed record DrawPreview(SampleDraw Draw, IReadOnlyList<string> Groups, IReadOnlyList<SampleDrawRecord> Conflicts, int ExistingRespondents);

/// <summary>
/// Draws a sample from a stored frame version with <see cref="SampleDrawer"/> and writes it to the round: the draw's
/// record (frame version and its hash, design as YAML, seed, generator), one <see cref="Respondent"/> per official
/// member (stratum, PSU/SSU, π₁, π₂, design weight 1/(π₁π₂), fpc N per stage) and per reserve member (status Reserve,
/// its rank in its pool, no weight until it is called up). A draw never silently replaces another: when an active
/// draw already covers one of the groups, the new one is refused unless the caller supersedes the old one with a
/// reason, which is allowed only while none of the old draw's members has a link, a response or a replacement.
/// </summary>
public static class DrawSample
{
    public static async Task<DrawPreview> Preview(ParIndexDbContext db, int roundId, int versionId, SampleDesign design, int seed, DateTime now, CancellationToken ct)
    {
        var version = await FrameVersions.Find(db, roundId, versionId, ct) ?? throw new DomainException("not-found", $"Không có phiên bản khung mẫu số {versionId} trong đợt này.");
        var (frame, _) = await FrameVersions.Load(db, version, ct);
        return await PreviewOf(db, roundId, frame, design, seed, now, ct);
    }

    private static async Task<DrawPreview> PreviewOf(ParIndexDbContext db, int roundId, Frame frame, SampleDesign design, int seed, DateTime now, CancellationToken ct)
    {
        SampleDraw draw;
        try { draw = SampleDrawer.Draw(frame, design, seed, new DateTimeOffset(now, TimeSpan.Zero)); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new DomainException("validation-failed", "Không rút được mẫu với thiết kế này: " + e.Message);
        }
        var groups = (design.Groups.Count > 0 ? design.Groups : frame.Records.Select(r => r.GroupCode))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (!frame.Records.Any(r => groups.Contains(r.GroupCode, StringComparer.OrdinalIgnoreCase)))
            throw new DomainException("validation-failed", $"Khung mẫu không có dòng nào thuộc nhóm {string.Join(", ", groups)}.");
        var active = await db.SampleDraws.AsNoTracking().Where(d => d.RoundId == roundId && d.Status == SampleDrawStatus.Active).ToListAsync(ct);
        var conflicts = active.Where(d => d.Groups.Split(',').Intersect(groups, StringComparer.OrdinalIgnoreCase).Any()).ToList();
        var existing = await db.Respondents.CountAsync(r => r.RoundId == roundId && groups.Contains(r.RespondentGroup!.Code)
            && !db.SampleDrawMembers.Any(m => m.RespondentId == r.Id), ct);
        return new DrawPreview(draw, groups, conflicts, existing);
    }

    public static async Task<SampleDrawRecord> Handle(ParIndexDbContext db, int roundId, int versionId, SampleDesign design, int seed,
        string? supersedeReason, string actor, DateTime now, CancellationToken ct)
    {
        await RoundStructure.LoadEditable(db, roundId, ct);
        var version = await FrameVersions.Find(db, roundId, versionId, ct) ?? throw new DomainException("not-found", $"Không có phiên bản khung mẫu số {versionId} trong đợt này.");
        var (frame, memberIds) = await FrameVersions.Load(db, version, ct);
        var preview = await PreviewOf(db, roundId, frame, design, seed, now, ct);
        var draw = preview.Draw;

        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        foreach (var old in preview.Conflicts)
        {
            if (string.IsNullOrWhiteSpace(supersedeReason))
                throw new DomainException("sample-draw-exists",
                    $"Nhóm {old.Groups} đã có mẫu rút lần {old.Id} ({Ui.Date(old.DrawnAt)}, {old.Officials} chính thức). Muốn rút lại, hãy chọn thay thế lần rút đó và ghi lý do.");
            await Supersede(db, old.Id, supersedeReason.Trim(), actor, now, ct);
        }

        var groups = await db.RespondentGroups.Where(g => g.RoundId == roundId).ToDictionaryAsync(g => g.Code, StringComparer.OrdinalIgnoreCase, ct);
        var units = await db.Units.Where(u => u.RoundId == roundId).ToDictionaryAsync(u => u.Code, u => u.Id, StringComparer.OrdinalIgnoreCase, ct);
        foreach (var g in preview.Groups.Where(g => !groups.ContainsKey(g)))
            throw new DomainException("validation-failed", $"Nhóm đối tượng '{g}' không có trong đợt này.");

        var record = new SampleDrawRecord
        {
            RoundId = roundId, FrameVersionId = version.Id, DesignName = design.Name, DesignYaml = design.ToYaml(), Seed = seed,
            Algorithm = draw.RandomAlgorithm, FrameContentHash = draw.FrameVersion, Groups = string.Join(',', preview.Groups),
            StrataJson = JsonSerializer.Serialize(draw.Strata), Officials = draw.Members.Count, Reserves = draw.Reserve.Count,
            DrawnAt = now, DrawnBy = actor, Status = SampleDrawStatus.Active,
        };
        db.SampleDraws.Add(record);
        await db.SaveChangesAsync(ct);

        var idOf = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < frame.Records.Count; i++) idOf[frame.Records[i].Id] = memberIds[i];
        var written = new List<(Respondent Respondent, FrameRecord Record, string Pool, bool Reserve, int? Rank)>();
        var sequence = 0;
        Respondent New(FrameRecord r, string stratum) => new()
        {
            RoundId = roundId, RespondentGroupId = groups[r.GroupCode].Id, UnitId = units.TryGetValue(r.UnitCode, out var u) ? u : null,
            Code = $"S{record.Id}-{++sequence:D5}", FrameId = r.Id, Stratum = stratum, CreatedAt = now,
        };
        foreach (var m in draw.Members)
        {
            var respondent = New(m.Record, m.Stratum);
            respondent.Psu = m.Psu;
            respondent.Ssu = m.Stages.Count > 1 ? m.Stages[1].UnitId : null;
            respondent.Pi1 = m.Stages[0].Pi;
            respondent.Pi2 = m.Stages.Skip(1).Aggregate(1.0, (p, s) => p * s.Pi);
            respondent.DesignWeight = m.Weight;
            respondent.Fpc1 = m.Stages[0].PopulationCount;
            respondent.Fpc2 = m.Stages.Count > 1 ? m.Stages[1].PopulationCount : null;
            respondent.Status = RespondentStatus.Active;
            written.Add((respondent, m.Record, m.Pool, false, null));
        }
        foreach (var x in draw.Reserve)
        {
            // A reserve member has no inclusion probability of its own: it takes the replaced member's when called up.
            var respondent = New(x.Record, x.Stratum);
            (respondent.Pi1, respondent.Pi2, respondent.DesignWeight) = (0, 0, 0);
            respondent.Status = RespondentStatus.Reserve;
            respondent.ReserveRank = x.Rank;
            written.Add((respondent, x.Record, x.Pool, true, x.Rank));
        }
        db.Respondents.AddRange(written.Select(w => w.Respondent));
        await db.SaveChangesAsync(ct);
        var seq = 0;
        foreach (var w in written)
        {
            db.SampleDrawMembers.Add(new SampleDrawMember
            {
                SampleDrawId = record.Id, RespondentId = w.Respondent.Id, FrameMemberId = idOf[w.Record.Id], Pool = w.Pool,
                IsReserve = w.Reserve, ReserveRank = w.Rank, Sequence = ++seq,
            });
            if (w.Record.HasContact)
                db.RespondentContacts.Add(new RespondentContact
                {
                    RespondentId = w.Respondent.Id, FullName = w.Record.Name, Phone = w.Record.Phone, Email = w.Record.Email, Address = w.Record.Address,
                });
        }
        await db.SaveChangesAsync(ct);
        var matrix = design.Matrix is { } matrixDesign ? await AssignUnits(db, roundId, record.Id, matrixDesign, seed, written.Where(w => !w.Reserve).Select(w => w.Respondent).ToList(), ct) : null;
        db.Record(actor, "sampling.draw", nameof(SampleDrawRecord), record.Id, null,
            new { frameVersion = version.Id, hash = record.FrameContentHash, design = design.Name, seed, algorithm = record.Algorithm, groups = record.Groups, officials = record.Officials, reserves = record.Reserves, matrix },
            now, roundId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return record;
    }

    /// <summary>
    /// The matrix option: each official member of a group that rates many units gets <see cref="MatrixDesign.UnitsPerMember"/>
    /// of the group's units (<see cref="MatrixAssignment"/>, seeded with the design's matrix seed or the draw's), stored as
    /// <see cref="UnitAssignment"/> rows with π_{u|i} = m/U. Returns the assignment's summary for the audit entry.
    /// </summary>
    private static async Task<object> AssignUnits(ParIndexDbContext db, int roundId, int drawId, MatrixDesign matrix, int seed, List<Respondent> officials, CancellationToken ct)
    {
        var groupIds = officials.Select(o => o.RespondentGroupId).Distinct().ToList();
        var groups = await db.RespondentGroups.Where(g => groupIds.Contains(g.Id) && g.RatesManyUnits).OrderBy(g => g.SortOrder).ToListAsync(ct);
        if (groups.Count == 0)
            throw new DomainException("validation-failed", "Thiết kế ma trận chỉ dùng cho nhóm đối tượng đánh giá nhiều đơn vị (ví dụ đại biểu HĐND Thành phố đánh giá các Sở); các nhóm của lần rút này không có nhóm nào như vậy.");
        var assignmentSeed = matrix.Seed ?? seed;
        var summary = new List<object>();
        foreach (var group in groups)
        {
            var units = await db.RatedUnits(roundId, group.UnitTypeId).Select(u => new { u.Id, u.Code }).ToListAsync(ct);
            if (matrix.UnitsPerMember > units.Count)
                throw new DomainException("validation-failed", $"Thiết kế ma trận: mỗi người đánh giá {matrix.UnitsPerMember} đơn vị, nhưng nhóm {group.Code} chỉ có {units.Count} đơn vị để đánh giá.");
            var members = officials.Where(o => o.RespondentGroupId == group.Id).OrderBy(o => o.Code, StringComparer.Ordinal).ToList();
            var result = MatrixAssignment.Assign(members.Select(o => o.Code).ToList(), units.Select(u => u.Code).ToList(), matrix.UnitsPerMember, assignmentSeed);
            var memberId = members.ToDictionary(o => o.Code, o => o.Id, StringComparer.Ordinal);
            var unitId = units.ToDictionary(u => u.Code, u => u.Id, StringComparer.Ordinal);
            db.UnitAssignments.AddRange(result.Assignments.Select(a => new UnitAssignment
            {
                RoundId = roundId, SampleDrawId = drawId, RespondentId = memberId[a.Member], UnitId = unitId[a.Unit], Probability = a.Probability,
            }));
            summary.Add(new { group = group.Code, members = members.Count, units = units.Count, perMember = matrix.UnitsPerMember, seed = assignmentSeed,
                ratersMin = result.RatersPerUnit.Values.Min(), ratersMax = result.RatersPerUnit.Values.Max() });
        }
        await db.SaveChangesAsync(ct);
        return summary;
    }

    private static async Task Supersede(ParIndexDbContext db, int drawId, string reason, string actor, DateTime now, CancellationToken ct)
    {
        var draw = await db.SampleDraws.FirstAsync(d => d.Id == drawId, ct);
        var respondentIds = db.SampleDrawMembers.Where(m => m.SampleDrawId == drawId).Select(m => m.RespondentId);
        if (await db.Invitations.AnyAsync(i => respondentIds.Contains(i.RespondentId), ct)
            || await db.Responses.AnyAsync(r => r.RespondentId != null && respondentIds.Contains(r.RespondentId.Value), ct)
            || await db.SampleReplacements.AnyAsync(r => r.SampleDrawId == drawId, ct))
            throw new DomainException("sample-draw-in-use",
                $"Không thể thay thế lần rút {drawId}: đã có người trong mẫu được gửi liên kết, đã trả lời hoặc đã được thay thế. Hãy dùng danh sách dự phòng.");
        var removed = await db.Respondents.Where(r => respondentIds.Contains(r.Id)).ExecuteDeleteAsync(ct);
        draw.Status = SampleDrawStatus.Superseded;
        (draw.SupersededAt, draw.SupersededBy, draw.SupersedeReason) = (now, actor, reason);
        db.Record(actor, "sampling.draw-supersede", nameof(SampleDrawRecord), draw.Id,
            new { status = "Active", respondents = removed }, new { status = "Superseded" }, now, draw.RoundId, reason);
        await db.SaveChangesAsync(ct);
    }
}
