using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Features.Monitoring;

namespace ParIndex.Web.Features.FieldEntry;

/// <summary>A keyed form as posted: field name → keys (see <see cref="KeyingLayout"/>), the batch, and when keying began.</summary>
public sealed record KeyRequest(IReadOnlyList<KeyValuePair<string, string?>> Fields, int? BatchId, DateTime StartedAt);

public abstract record KeyOutcome
{
    /// <summary>Stored. <paramref name="Status"/> says what happens next (accepted, second keying, resolution).</summary>
    public sealed record Saved(int FormId, long ResponseId, PaperFormStatus Status, VerificationReason Reason, int Discrepancies) : KeyOutcome;
    /// <summary>Refused by the checks: the keyer corrects these fields; nothing was written.</summary>
    public sealed record Invalid(IReadOnlyList<AnswerError> Errors) : KeyOutcome;
    /// <summary>Refused as a whole (a field no form has, a changed state): nothing was written.</summary>
    public sealed record Refused(KeyingState State, string Code) : KeyOutcome;
}

/// <summary>
/// Stores one keying of a paper form. The first keying claims the member's one <see cref="Response"/> (Mode Paper,
/// InProgress, so it does not count) and draws whether the form is verified; an undrawn form is submitted at once
/// through <see cref="SubmitResponse"/>. The blind second keying is compared field by field with the first: no
/// difference submits the first keying's answers, differences wait for a supervisor. Only the keyed fields of the layout
/// are stored, compared and submitted (<see cref="KeyingLayout.Keyed"/>): calculations are derived, and the submission
/// recomputes them from the keyed values.
/// </summary>
public static class KeyForm
{
    public static async Task<KeyOutcome> Handle(ParIndexDbContext db, IProgressEvents events, KeyingTarget target, Keyer keyer, KeyRequest request, DateTime now, CancellationToken ct)
    {
        if (target.State != KeyingState.Ready) return new KeyOutcome.Refused(target.State, "not-ready");
        var (data, problems) = KeyingLayout.Read(target.Fields!, request.Fields);
        if (problems.Any(p => p.Code == "unknown_field")) return new KeyOutcome.Refused(KeyingState.Ready, "tampered");
        var engine = AnswerChecks.EngineFor(target.Definition!, target.Version!.ContentHash);
        var (errors, cleaned) = AnswerChecks.Check(engine, data, target.RatedUnits, "vi");
        var keyErrors = problems.Select(p => target.Fields!.First(f => f.Name == p.Name)).Select(f => new AnswerError(f.ItemId, f.UnitCode, "key.unknown",
            f.Item.Type == ItemType.Date ? "Ngày không hợp lệ: gõ ngày/tháng/năm, ví dụ 04/05/2026." : "Mã không có trong danh sách lựa chọn của câu này."));
        var all = keyErrors.Concat(errors.Where(e => !problems.Any(p => target.Fields!.Any(f => f.Name == p.Name && f.ItemId == e.ItemId && f.UnitCode == e.UnitCode)))).ToList();
        if (all.Count > 0) return new KeyOutcome.Invalid(all);
        var keyed = KeyingLayout.Keyed(target.Fields!, cleaned);
        if (request.BatchId is { } bid && !await db.FormBatches.AnyAsync(b => b.Id == bid && b.RoundId == target.Round!.Id, ct))
            return new KeyOutcome.Refused(KeyingState.Ready, "batch");

        var started = request.StartedAt > now || request.StartedAt < now.AddHours(-12) ? now : request.StartedAt;
        await using var uow = await UnitOfWork.BeginAsync(db, ct);
        var outcome = target.Pass == 1 ? await First(db, events, target, keyer, keyed, request.BatchId, started, now, ct)
            : target.IsCorrection ? await Correct(db, events, target, keyer, keyed, started, now, ct)
            : await Second(db, events, target, keyer, keyed, started, now, ct);
        if (outcome is KeyOutcome.Saved) await uow.CommitAsync(ct);
        return outcome;
    }

    private static async Task<KeyOutcome> First(ParIndexDbContext db, IProgressEvents events, KeyingTarget t, Keyer keyer, ResponseData data, int? batchId, DateTime started, DateTime now, CancellationToken ct)
    {
        var respondent = t.Respondent!;
        var response = await db.Responses.Include(r => r.AnswerSets).FirstOrDefaultAsync(r => r.RespondentId == respondent.Id, ct);
        if (response is { Status: ResponseStatus.Submitted }) return new KeyOutcome.Refused(KeyingState.AnsweredOnline, "answered");
        if (await db.PaperForms.AnyAsync(f => f.RespondentId == respondent.Id, ct)) return new KeyOutcome.Refused(KeyingState.SameKeyer, "keyed");
        // A web submission may claim this member between the check and the write: the unique index decides.
        var claimed = await PaperResponses.Claim(db, response, respondent, t.Version!.Id, keyer.UserId, keyer.Name, started, now, ct);
        if (claimed is null) return new KeyOutcome.Refused(KeyingState.AnsweredOnline, "race");
        response = claimed;

        var policy = (await db.FieldEntrySettings.AsNoTracking().FirstOrDefaultAsync(s => s.RoundId == respondent.RoundId, ct))?.Policy ?? VerificationPolicy.Default;
        var record = await RecordOf(db, respondent.RoundId, keyer.UserId, ct);
        var draw = RandomNumberGenerator.GetInt32(1_000_000) / 1_000_000.0;
        var decision = VerificationRule.Decide(policy, record, draw);
        var form = new PaperForm
        {
            RoundId = respondent.RoundId, RespondentId = respondent.Id, ResponseId = response.Id, BatchId = batchId, QuestionnaireVersionId = t.Version.Id,
            Status = PaperFormStatus.AwaitingSecondEntry, VerificationReason = decision.Reason, SampleDraw = draw, CreatedAt = now,
        };
        var entry = NewEntry(keyer, 1, t.Fields!, data, started, now);
        form.Entries.Add(entry);
        db.PaperForms.Add(form);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SubmitResponse.IsUniqueViolation(e))
        {
            // Another keyer claimed this member between the check and the write.
            db.ChangeTracker.Clear();
            return new KeyOutcome.Refused(KeyingState.SameKeyer, "race");
        }
        db.Record(keyer.Name, "field.key", nameof(Response), response.Id, null,
            new { Form = form.Id, Pass = 1, Respondent = respondent.Code, Keyer = keyer.Name, KeyerId = keyer.UserId, entry.FieldCount, Answers = data }, now, respondent.RoundId);
        db.Record(keyer.Name, "field.verification-draw", nameof(Response), response.Id, null,
            new { Form = form.Id, decision.Verify, Reason = decision.Reason.ToString(), Draw = draw, policy.VerifyAll, policy.SamplePercent, KeyerErrorRate = double.IsNaN(record.ErrorRate) ? (double?)null : record.ErrorRate, record.FieldsVerified, record.Errors },
            now, respondent.RoundId);
        await db.SaveChangesAsync(ct);
        if (!decision.Verify)
        {
            var outcome = await PaperForms.Accept(db, events, t, form, response, data, keyer.Name, now, ct);
            if (outcome is not null) return outcome;
        }
        return new KeyOutcome.Saved(form.Id, response.Id, form.Status, decision.Reason, 0);
    }

    private static async Task<KeyOutcome> Second(ParIndexDbContext db, IProgressEvents events, KeyingTarget t, Keyer keyer, ResponseData data, DateTime started, DateTime now, CancellationToken ct)
    {
        var form = await db.PaperForms.Include(f => f.Entries).Include(f => f.Discrepancies).FirstAsync(f => f.Id == t.Form!.Id, ct);
        try
        {
            form.EnsureCanKeySecond(keyer.UserId);
        }
        catch (DomainException e)
        {
            return new KeyOutcome.Refused(e.Code == "field-same-keyer" ? KeyingState.SameKeyer : KeyingState.AwaitingResolution, e.Code);
        }
        var first = PaperForms.DataOf(form.First!, t.Fields!);
        var entry = NewEntry(keyer, 2, t.Fields!, data, started, now);
        form.Entries.Add(entry);
        var diffs = FormComparison.Compare(t.Fields!, first, data);
        form.ComparedFields = FormComparison.UnionFieldCount(t.Fields!, first, data);
        foreach (var d in diffs)
            form.Discrepancies.Add(new Discrepancy { ItemId = d.ItemId, UnitCode = d.UnitCode, FirstValue = d.First, SecondValue = d.Second });
        form.Status = diffs.Count == 0 ? form.Status : PaperFormStatus.AwaitingResolution;
        db.Record(keyer.Name, "field.key", nameof(Response), form.ResponseId, null,
            new { Form = form.Id, Pass = 2, Respondent = t.Respondent!.Code, Keyer = keyer.Name, KeyerId = keyer.UserId, entry.FieldCount, Answers = data }, now, form.RoundId);
        db.Record(keyer.Name, "field.compare", nameof(Response), form.ResponseId, null,
            new { Form = form.Id, form.ComparedFields, Discrepancies = diffs }, now, form.RoundId);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SubmitResponse.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return new KeyOutcome.Refused(KeyingState.AwaitingResolution, "race");
        }
        if (diffs.Count == 0)
        {
            var response = await db.Responses.Include(r => r.AnswerSets).FirstAsync(r => r.Id == form.ResponseId, ct);
            var outcome = await PaperForms.Accept(db, events, t, form, response, first, keyer.Name, now, ct);
            if (outcome is not null) return outcome;
        }
        return new KeyOutcome.Saved(form.Id, form.ResponseId, form.Status, form.VerificationReason, diffs.Count);
    }

    /// <summary>
    /// A correction of an accepted form a supervisor returned: kept as another keyed entry (pass 3, 4, …), resubmitted through
    /// <see cref="SubmitResponse"/> (the same checks; the response's revision goes up) and put back to pending review.
    /// </summary>
    private static async Task<KeyOutcome> Correct(ParIndexDbContext db, IProgressEvents events, KeyingTarget t, Keyer keyer, ResponseData data, DateTime started, DateTime now, CancellationToken ct)
    {
        var form = await db.PaperForms.Include(f => f.Entries).FirstAsync(f => f.Id == t.Form!.Id, ct);
        if (!await ReviewResponse.IsReturned(db, form.ResponseId, ct)) return new KeyOutcome.Refused(KeyingState.AlreadyVerified, "not-returned");
        var response = await db.Responses.Include(r => r.AnswerSets).FirstAsync(r => r.Id == form.ResponseId, ct);
        var entry = NewEntry(keyer, t.Pass, t.Fields!, data, started, now);
        form.Entries.Add(entry);
        db.Record(keyer.Name, "field.correct", nameof(Response), response.Id,
            new { Answers = response.AnswerSets.Select(a => new { a.RatedUnitId, a.AnswersJson }) },
            new { Form = form.Id, Pass = t.Pass, Respondent = t.Respondent!.Code, Keyer = keyer.Name, KeyerId = keyer.UserId, entry.FieldCount, Answers = data }, now, form.RoundId, t.ReturnComment);
        PaperResponses.ReopenForCorrection(response);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (SubmitResponse.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return new KeyOutcome.Refused(KeyingState.AlreadyVerified, "race");
        }
        var outcome = await PaperForms.Accept(db, events, t, form, response, data, keyer.Name, now, ct);
        if (outcome is not null)
        {
            db.ChangeTracker.Clear();
            return outcome;
        }
        await ReviewResponse.Resubmitted(db, response.Id, keyer.Name, now, ct);
        return new KeyOutcome.Saved(form.Id, response.Id, form.Status, form.VerificationReason, 0);
    }

    private static KeyedEntry NewEntry(Keyer keyer, int pass, IReadOnlyList<KeyField> fields, ResponseData data, DateTime started, DateTime now) => new()
    {
        Pass = pass, KeyedByUserId = keyer.UserId, KeyedBy = keyer.Name, StartedAt = started, FinishedAt = now,
        FieldCount = FormComparison.FieldCount(fields, data), DataJson = KeyingLayout.Keyed(fields, data).ToJson(),
    };

    /// <summary>A keyer's verified record in the round: fields of theirs compared with another keying, and errors among them.</summary>
    public static async Task<KeyerRecord> RecordOf(ParIndexDbContext db, int roundId, string userId, CancellationToken ct)
    {
        var forms = await db.PaperForms.AsNoTracking().Include(f => f.Entries).Include(f => f.Discrepancies)
            .Where(f => f.RoundId == roundId && f.Status == PaperFormStatus.Verified && f.ComparedFields > 0 && f.Entries.Any(e => e.KeyedByUserId == userId))
            .ToListAsync(ct);
        long fields = 0, errors = 0;
        foreach (var f in forms)
        foreach (var e in f.Entries.Where(e => e.KeyedByUserId == userId))
        {
            var (c, n) = f.AccuracyOf(e);
            fields += c;
            errors += n;
        }
        return new KeyerRecord(fields, errors);
    }
}
