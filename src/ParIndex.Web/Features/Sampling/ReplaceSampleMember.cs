using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Sampling;

public sealed record ReplacementRow(int Id, string ReplacedCode, string ReplacementCode, string Pool, int ReserveRank, string Reason, DateTime At, string By);

/// <summary>
/// Replaces a non-responding official member (refusal, unreachable, ineligible) by the next unused reserve member of the
/// same pool — the stratum in a one-stage design, the parent cluster in a multi-stage one — in reserve-rank order.
/// The replacement takes over the replaced member's stratum, PSU, inclusion probabilities, weight, fpc and (matrix designs)
/// assigned units: substitution
/// keeps the planned sample size, not the probabilities (docs/sampling.md § Replacement). The replaced member's open
/// links are revoked. Each replacement is logged (who, when, why) in <see cref="SampleReplacement"/> and the audit log.
/// </summary>
public static class ReplaceSampleMember
{
    public static async Task<SampleReplacement> Handle(ParIndexDbContext db, int roundId, int drawId, string respondentCode, string reason,
        string actor, DateTime now, CancellationToken ct)
    {
        await RoundStructure.LoadEditable(db, roundId, ct);
        reason = reason.Trim();
        if (reason.Length is 0 or > 1000) throw new DomainException("validation-failed", "Hãy ghi lý do thay thế (tối đa 1000 ký tự).");
        var draw = await db.SampleDraws.FirstOrDefaultAsync(d => d.Id == drawId && d.RoundId == roundId, ct)
            ?? throw new DomainException("not-found", $"Không có lần rút mẫu số {drawId} trong đợt này.");
        if (draw.Status != SampleDrawStatus.Active) throw new DomainException("sample-draw-superseded", $"Lần rút mẫu {drawId} đã bị thay thế; không thể dùng danh sách dự phòng của nó.");

        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var member = await db.SampleDrawMembers.Include(m => m.Respondent)
            .FirstOrDefaultAsync(m => m.SampleDrawId == drawId && m.Respondent!.Code == respondentCode.Trim(), ct)
            ?? throw new DomainException("not-found", $"Mã '{respondentCode}' không có trong lần rút mẫu {drawId}.");
        var replaced = member.Respondent!;
        if (replaced.Status != RespondentStatus.Active)
            throw new DomainException("validation-failed", $"'{replaced.Code}' không thuộc mẫu chính thức đang khảo sát (trạng thái: {Status(replaced.Status)}).");
        if (await db.Responses.AnyAsync(r => r.RespondentId == replaced.Id && r.Status == ResponseStatus.Submitted, ct))
            throw new DomainException("validation-failed", $"'{replaced.Code}' đã nộp phiếu; chỉ thay thế người không trả lời.");

        var next = await db.SampleDrawMembers.Include(m => m.Respondent)
            .Where(m => m.SampleDrawId == drawId && m.IsReserve && m.Pool == member.Pool && m.Respondent!.Status == RespondentStatus.Reserve)
            .OrderBy(m => m.ReserveRank).ThenBy(m => m.Sequence).FirstOrDefaultAsync(ct)
            ?? throw new DomainException("reserve-exhausted", $"Danh sách dự phòng của tầng '{member.Pool}' đã dùng hết; cần rút mẫu bổ sung.");
        var replacement = next.Respondent!;

        var before = new { replaced = replaced.Code, replacedStatus = replaced.Status.ToString(), replacement = replacement.Code, replacementStatus = replacement.Status.ToString() };
        replacement.Status = RespondentStatus.Active;
        (replacement.Stratum, replacement.Psu, replacement.Ssu) = (replaced.Stratum, replaced.Psu, replaced.Ssu);
        (replacement.Pi1, replacement.Pi2, replacement.DesignWeight) = (replaced.Pi1, replaced.Pi2, replaced.DesignWeight);
        (replacement.Fpc1, replacement.Fpc2) = (replaced.Fpc1, replaced.Fpc2);
        if (replacement.UnitId is null) replacement.UnitId = replaced.UnitId;
        replaced.Status = RespondentStatus.Replaced;
        // Under a matrix design the replacement rates the units the replaced member was given.
        foreach (var assignment in await db.UnitAssignments.Where(a => a.RespondentId == replaced.Id).ToListAsync(ct))
            assignment.RespondentId = replacement.Id;
        foreach (var link in await db.Invitations.Where(i => i.RespondentId == replaced.Id && i.Status == InvitationStatus.Active).ToListAsync(ct))
            link.Revoke(now);

        var entry = new SampleReplacement
        {
            SampleDrawId = drawId, ReplacedRespondentId = replaced.Id, ReplacementRespondentId = replacement.Id, Pool = member.Pool,
            ReserveRank = next.ReserveRank ?? 0, Reason = reason, At = now, By = actor,
        };
        db.SampleReplacements.Add(entry);
        db.Record(actor, "sampling.replace", nameof(Respondent), replaced.Id, before,
            new { replaced = replaced.Code, replacedStatus = "Replaced", replacement = replacement.Code, replacementStatus = "Active", pool = member.Pool, rank = next.ReserveRank },
            now, roundId, reason);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return entry;
    }

    public static Task<List<ReplacementRow>> Log(ParIndexDbContext db, int drawId, CancellationToken ct) =>
        (from r in db.SampleReplacements.AsNoTracking()
         where r.SampleDrawId == drawId
         join a in db.Respondents on r.ReplacedRespondentId equals a.Id
         join b in db.Respondents on r.ReplacementRespondentId equals b.Id
         orderby r.Id
         select new ReplacementRow(r.Id, a.Code, b.Code, r.Pool, r.ReserveRank, r.Reason, r.At, r.By)).ToListAsync(ct);

    public static string Status(RespondentStatus s) => s switch
    {
        RespondentStatus.Active => "chính thức",
        RespondentStatus.Reserve => "dự phòng",
        RespondentStatus.Replaced => "đã được thay thế",
        _ => s.ToString(),
    };
}
