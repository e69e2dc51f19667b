using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Monitoring;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Monitoring;

/// <summary>Staff record a contact outcome for a sample member, by the code printed on letters and forms.</summary>
public sealed record RecordDispositionRequest(string RespondentCode, Disposition Disposition, string? Note, string? FieldStaffId);

public sealed record RecordedDispositionDto(long Id, string RespondentCode, Disposition Disposition, string? Note, string? FieldStaffId, string RecordedBy, DateTime RecordedAt);

/// <summary>
/// Adds a recorded disposition (audited). History is kept; the latest record counts, and a submitted response always
/// counts as a complete whatever was recorded.
/// </summary>
public static class RecordDisposition
{
    public static async Task<(RecordedDispositionDto? Recorded, string? Error)> Handle(ParIndexDbContext db, IProgressEvents events, int roundId, RecordDispositionRequest request,
        string actor, DateTime now, CancellationToken ct)
    {
        if (!DispositionRules.Recordable.Contains(request.Disposition))
            return (null, "Chỉ ghi được: từ chối, không liên lạc được, lý do khác, không đủ điều kiện, chưa rõ. / Only refusal, non-contact, other, not eligible or unknown can be recorded.");
        var code = (request.RespondentCode ?? "").Trim();
        var respondent = await db.Respondents.Where(r => r.RoundId == roundId && r.Code == code).Select(r => new { r.Id, r.Code }).FirstOrDefaultAsync(ct);
        if (respondent is null) return (null, $"Không có người trả lời mã \"{code}\" trong đợt này. / No respondent with code \"{code}\" in this round.");
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > 1000 }) return (null, "Ghi chú tối đa 1000 ký tự. / Note: at most 1000 characters.");
        var staff = string.IsNullOrWhiteSpace(request.FieldStaffId) ? null : request.FieldStaffId.Trim();
        if (staff is { Length: > 256 }) return (null, "Mã cán bộ quá dài. / Field staff id too long.");
        var record = new RecordedDisposition { RoundId = roundId, RespondentId = respondent.Id, Disposition = request.Disposition, Note = note, FieldStaffId = staff, RecordedBy = actor, RecordedAt = now };
        db.RecordedDispositions.Add(record);
        db.Record(actor, "disposition.record", "Respondent", respondent.Id, null, new { request.Disposition, note, staff }, now, roundId);
        await db.SaveChangesAsync(ct);
        events.RoundChanged(roundId);
        return (new RecordedDispositionDto(record.Id, respondent.Code, record.Disposition, note, staff, actor, now), null);
    }

    public static async Task<IReadOnlyList<RecordedDispositionDto>> Recent(ParIndexDbContext db, int roundId, int take, CancellationToken ct) =>
        await db.RecordedDispositions.AsNoTracking().Where(d => d.RoundId == roundId).OrderByDescending(d => d.Id).Take(take)
            .Join(db.Respondents, d => d.RespondentId, r => r.Id, (d, r) => new RecordedDispositionDto(d.Id, r.Code, d.Disposition, d.Note, d.FieldStaffId, d.RecordedBy, d.RecordedAt))
            .ToListAsync(ct);
}

/// <summary>Fieldwork dates and expected progress of a round (audited).</summary>
public sealed record FieldworkPlanRequest(DateTime FieldworkStart, DateTime FieldworkEnd, double TargetShare = 0.9, double Tolerance = 0.8);

public static class SaveFieldworkPlan
{
    public static async Task<string?> Handle(ParIndexDbContext db, IProgressEvents events, int roundId, FieldworkPlanRequest request, string actor, DateTime now, CancellationToken ct)
    {
        if (request.FieldworkEnd <= request.FieldworkStart) return "Ngày kết thúc phải sau ngày bắt đầu. / The end must be after the start.";
        if (request.TargetShare is <= 0 or > 1 || request.Tolerance is <= 0 or > 1) return "Tỷ lệ mục tiêu và ngưỡng cảnh báo là số trong (0; 1]. / Target and tolerance are shares in (0, 1].";
        if (!await db.Rounds.AnyAsync(r => r.Id == roundId, ct)) return "Không có đợt điều tra này. / No such round.";
        var plan = await db.FieldworkPlans.FirstOrDefaultAsync(p => p.RoundId == roundId, ct);
        var before = plan is null ? null : new { plan.FieldworkStart, plan.FieldworkEnd, plan.TargetShare, plan.Tolerance };
        if (plan is null) db.FieldworkPlans.Add(plan = new FieldworkPlan { RoundId = roundId });
        plan.FieldworkStart = DateTime.SpecifyKind(request.FieldworkStart, DateTimeKind.Utc);
        plan.FieldworkEnd = DateTime.SpecifyKind(request.FieldworkEnd, DateTimeKind.Utc);
        plan.TargetShare = request.TargetShare;
        plan.Tolerance = request.Tolerance;
        plan.UpdatedBy = actor;
        plan.UpdatedAt = now;
        db.Record(actor, "fieldwork-plan.save", "Round", roundId, before, new { plan.FieldworkStart, plan.FieldworkEnd, plan.TargetShare, plan.Tolerance }, now, roundId);
        await db.SaveChangesAsync(ct);
        events.RoundChanged(roundId);
        return null;
    }
}
