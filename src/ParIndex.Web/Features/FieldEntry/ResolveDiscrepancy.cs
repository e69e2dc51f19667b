using Microsoft.EntityFrameworkCore;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Infrastructure;

using ParIndex.Web.Features.Monitoring;

namespace ParIndex.Web.Features.FieldEntry;

/// <summary>A supervisor's reading of the paper for one discrepancy: the keys as printed on the form, and why.</summary>
public sealed record ResolveRequest(long DiscrepancyId, string? PaperKeys, string? Reason);

public abstract record ResolveOutcome
{
    /// <summary>Recorded; <paramref name="Verified"/> when it was the last open one and the form was accepted.</summary>
    public sealed record Resolved(bool Verified, int Open) : ResolveOutcome;
    public sealed record Invalid(string Code, string Message) : ResolveOutcome;
    /// <summary>Every discrepancy is resolved but the resolved answers fail the questionnaire's checks: re-resolve one.</summary>
    public sealed record NotAccepted(IReadOnlyList<AnswerError> Errors) : ResolveOutcome;
    public sealed record NotFound : ResolveOutcome;
}

/// <summary>
/// Resolves one discrepancy from the paper value (a reason is required; a change of an earlier resolution is recorded
/// with its old value). When none is left open, the first keying with the resolved values is submitted as the response
/// (its calculations recomputed from them). Only keyed fields are resolved: a discrepancy row about a calculated item,
/// stored by a comparison before calculations were left out of it, is not open and not applied.
/// </summary>
public static class ResolveDiscrepancy
{
    public static async Task<ResolveOutcome> Handle(ParIndexDbContext db, IProgressEvents events, int roundId, ResolveRequest request, string actor, DateTime now, CancellationToken ct)
    {
        var reason = (request.Reason ?? "").Trim();
        if (reason.Length is 0) return new ResolveOutcome.Invalid("reason", "Ghi lý do (ví dụ: \"theo phiếu giấy, ô 12 ghi 4\").");
        if (reason.Length > 1000) return new ResolveOutcome.Invalid("reason", "Lý do dài quá 1000 ký tự.");
        var d = await db.Discrepancies.FirstOrDefaultAsync(x => x.Id == request.DiscrepancyId, ct);
        if (d is null) return new ResolveOutcome.NotFound();
        var form = await db.PaperForms.Include(f => f.Entries).Include(f => f.Discrepancies).FirstAsync(f => f.Id == d.PaperFormId, ct);
        if (form.RoundId != roundId) return new ResolveOutcome.NotFound();
        if (form.Status != PaperFormStatus.AwaitingResolution) return new ResolveOutcome.Invalid("state", "Phiếu này không còn chờ xử lý chênh lệch.");
        var target = (await PaperForms.TargetOf(db, form, ct))!;
        var field = target.Fields!.FirstOrDefault(f => f.ItemId == d.ItemId && f.UnitCode == d.UnitCode);
        if (field is null) return new ResolveOutcome.NotFound();
        var value = KeyingLayout.ToStored(field, request.PaperKeys, out var error);
        if (value is null) return new ResolveOutcome.Invalid(error!, "Mã không hợp lệ cho câu này: gõ đúng mã in trên phiếu.");

        await using var uow = await UnitOfWork.BeginAsync(db, ct);
        var before = new { Discrepancy = d.Id, d.ItemId, d.UnitCode, d.FirstValue, d.SecondValue, d.ResolvedValue, d.ResolvedBy, d.Reason };
        d.ResolvedValue = value;
        d.ResolvedBy = actor;
        d.ResolvedAt = now;
        d.Reason = reason;
        db.Record(actor, "field.resolve", "Response", form.ResponseId, before, new { Discrepancy = d.Id, d.ItemId, d.UnitCode, ResolvedValue = value }, now, form.RoundId, reason);
        await db.SaveChangesAsync(ct);
        var keyed = target.Fields!.Select(f => (f.ItemId, f.UnitCode)).ToHashSet();
        var open = form.Discrepancies.Count(x => !x.IsResolved && keyed.Contains((x.ItemId, x.UnitCode)));
        if (open > 0)
        {
            await uow.CommitAsync(ct);
            return new ResolveOutcome.Resolved(false, open);
        }

        var answers = FormComparison.Apply(target.Fields!, PaperForms.DataOf(form.First!, target.Fields!),
            form.Discrepancies.Where(x => x.ResolvedValue is not null).Select(x => (x.ItemId, x.UnitCode, x.ResolvedValue!)));
        var response = await db.Responses.Include(r => r.AnswerSets).FirstAsync(r => r.Id == form.ResponseId, ct);
        var accepted = await PaperForms.Accept(db, events, target, form, response, answers, actor, now, ct);
        if (accepted is KeyOutcome.Invalid invalid)
        {
            // Keep the resolutions (they are what the supervisor read) but not the acceptance: the answers fail the checks.
            db.ChangeTracker.Clear();
            await uow.CommitAsync(ct);
            return new ResolveOutcome.NotAccepted(invalid.Errors);
        }
        await uow.CommitAsync(ct);
        return new ResolveOutcome.Resolved(accepted is null, 0);
    }
}
