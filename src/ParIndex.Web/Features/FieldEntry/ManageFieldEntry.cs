using Microsoft.EntityFrameworkCore;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.FieldEntry;

public sealed record SettingsRequest(bool VerifyAll, double SamplePercent, double ErrorRatePercent, int MinFieldsForRate);

public sealed record BatchRequest(string? Label, int? UnitId, int? GroupId, int ExpectedCount, string? Note);

public sealed record AssignmentRequest(string? StaffEmail, int? UnitId, int? GroupId);

/// <summary>Supervisors' set-up of field entry: the verification policy, batches received, and who keys what. Every change is audited.</summary>
public static class ManageFieldEntry
{
    public static async Task<string?> SaveSettings(ParIndexDbContext db, int roundId, SettingsRequest r, string actor, DateTime now, CancellationToken ct)
    {
        var policy = new VerificationPolicy(r.VerifyAll, r.SamplePercent, r.ErrorRatePercent / 100, r.MinFieldsForRate);
        if (policy.Problem is { } p)
            return p switch
            {
                "sample-percent" => "Tỷ lệ kiểm tra phải từ 0 đến 100%.",
                "error-threshold" => "Ngưỡng tỷ lệ lỗi phải từ 0 đến 100%.",
                _ => "Số trường tối thiểu phải không âm.",
            };
        var s = await db.FieldEntrySettings.FirstOrDefaultAsync(x => x.RoundId == roundId, ct);
        var before = s?.Policy;
        if (s is null) db.FieldEntrySettings.Add(s = new FieldEntrySettings { RoundId = roundId });
        (s.VerifyAll, s.SamplePercent, s.ErrorRateThreshold, s.MinFieldsForRate) = (policy.VerifyAll, policy.SamplePercent, policy.ErrorRateThreshold, policy.MinFieldsForRate);
        db.Record(actor, "field.settings", nameof(FieldEntrySettings), roundId, before, policy, now, roundId);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public static async Task<string?> AddBatch(ParIndexDbContext db, int roundId, BatchRequest r, string actor, DateTime now, CancellationToken ct)
    {
        var label = (r.Label ?? "").Trim();
        if (label.Length is 0 or > 120) return "Nhập tên lô (tối đa 120 ký tự).";
        if (r.ExpectedCount is < 0 or > 100_000) return "Số phiếu dự kiến phải từ 0 đến 100.000.";
        if (await db.FormBatches.AnyAsync(b => b.RoundId == roundId && b.Label == label, ct)) return "Đã có lô mang tên này.";
        if (r.UnitId is { } u && !await db.Units.AnyAsync(x => x.Id == u && x.RoundId == roundId, ct)) return "Đơn vị không thuộc đợt này.";
        if (r.GroupId is { } g && !await db.RespondentGroups.AnyAsync(x => x.Id == g && x.RoundId == roundId, ct)) return "Nhóm không thuộc đợt này.";
        var batch = new FormBatch
        {
            RoundId = roundId, Label = label, UnitId = r.UnitId, RespondentGroupId = r.GroupId, ExpectedCount = r.ExpectedCount,
            ReceivedAt = now, ReceivedBy = actor, Note = string.IsNullOrWhiteSpace(r.Note) ? null : r.Note.Trim()[..Math.Min(1000, r.Note.Trim().Length)],
        };
        db.FormBatches.Add(batch);
        await db.SaveChangesAsync(ct);
        db.Record(actor, "field.batch-received", nameof(FormBatch), batch.Id, null, new { batch.Label, batch.UnitId, batch.RespondentGroupId, batch.ExpectedCount, batch.Note }, now, roundId);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public static async Task<string?> Assign(ParIndexDbContext db, int roundId, AssignmentRequest r, string actor, DateTime now, CancellationToken ct)
    {
        var email = (r.StaffEmail ?? "").Trim();
        var user = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == email.ToUpperInvariant(), ct);
        if (user is null) return "Không có tài khoản với thư điện tử này.";
        if (r.UnitId is null && r.GroupId is null) return "Chọn đơn vị hoặc nhóm đối tượng (hoặc cả hai).";
        if (r.UnitId is { } u && !await db.Units.AnyAsync(x => x.Id == u && x.RoundId == roundId, ct)) return "Đơn vị không thuộc đợt này.";
        if (r.GroupId is { } g && !await db.RespondentGroups.AnyAsync(x => x.Id == g && x.RoundId == roundId, ct)) return "Nhóm không thuộc đợt này.";
        if (await db.FieldAssignments.AnyAsync(a => a.RoundId == roundId && a.StaffUserId == user.Id && a.UnitId == r.UnitId && a.RespondentGroupId == r.GroupId, ct))
            return "Phân công này đã có.";
        var a = new FieldAssignment { RoundId = roundId, StaffUserId = user.Id, UnitId = r.UnitId, RespondentGroupId = r.GroupId, CreatedAt = now, CreatedBy = actor };
        db.FieldAssignments.Add(a);
        await db.SaveChangesAsync(ct);
        db.Record(actor, "field.assign", nameof(FieldAssignment), a.Id, null, new { Staff = user.Email, a.UnitId, a.RespondentGroupId }, now, roundId);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public static async Task Unassign(ParIndexDbContext db, int roundId, int assignmentId, string actor, DateTime now, CancellationToken ct)
    {
        var a = await db.FieldAssignments.FirstOrDefaultAsync(x => x.Id == assignmentId && x.RoundId == roundId, ct);
        if (a is null) return;
        db.FieldAssignments.Remove(a);
        db.Record(actor, "field.unassign", nameof(FieldAssignment), a.Id, new { a.StaffUserId, a.UnitId, a.RespondentGroupId }, null, now, roundId);
        await db.SaveChangesAsync(ct);
    }
}
