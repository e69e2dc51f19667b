using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.SelfAssessment;

/// <summary>
/// The unit's side: scores with justifications saved as drafts, evidence files, submission by the deadline, and after
/// round 1 the explanations (giải trình) within the working-day window. Every handler takes the unit id the caller
/// proved (<see cref="UnitReporters.UnitOf"/>), never one from the request.
/// </summary>
public static class UnitSelfAssessment
{
    public sealed record Entry(decimal? Points, string? Justification);

    /// <summary>The unit's assessment for the period, created with one line per appraisal sub-criterion and bonus/penalty item on first use.</summary>
    public static async Task<UnitAssessment> Open(ParIndexDbContext db, int periodId, int unitId, string actor, DateTime now, CancellationToken ct)
    {
        var existing = await db.UnitAssessments.Include(a => a.Scores).Include(a => a.Period)
            .FirstOrDefaultAsync(a => a.PeriodId == periodId && a.UnitId == unitId, ct);
        if (existing is not null) return existing;
        var period = await db.AssessmentPeriods.Include(p => p.AdjustmentItems).FirstOrDefaultAsync(p => p.Id == periodId, ct)
            ?? throw new DomainException("not-found", "Không có kỳ đánh giá này.");
        var unit = await db.Units.FirstOrDefaultAsync(u => u.Id == unitId && u.RoundId == period.RoundId, ct)
            ?? throw new DomainException("not-found", "Đơn vị không thuộc đợt của kỳ đánh giá này.");
        var lines = await AssessmentView.FormLines(db, period, unit.UnitTypeId, ct);
        var a = new UnitAssessment
        {
            PeriodId = periodId, Period = period, UnitId = unitId, State = AssessmentState.Draft, CreatedAt = now,
            Scores = [.. lines.Where(l => l.Level is AssessmentView.LineLevel.SubCriterion or AssessmentView.LineLevel.Bonus or AssessmentView.LineLevel.Penalty)
                .Select(l => new AssessmentScore
                {
                    Code = l.Code, MaxPoints = l.MaxPoints,
                    Kind = l.Level switch { AssessmentView.LineLevel.Bonus => ScoreLineKind.Bonus, AssessmentView.LineLevel.Penalty => ScoreLineKind.Penalty, _ => ScoreLineKind.SubCriterion },
                })],
        };
        db.UnitAssessments.Add(a);
        await db.SaveChangesAsync(ct);
        db.Record(actor, "assessment.open", nameof(UnitAssessment), a.Id, null, new { periodId, unitId, unit.Code, Lines = a.Scores.Count }, now, period.RoundId);
        await db.SaveChangesAsync(ct);
        return a;
    }

    /// <summary>Saves scores and justifications as a draft. Every score is checked against its line's bounds; one bad score refuses the whole save.</summary>
    public static async Task SaveDraft(ParIndexDbContext db, int periodId, int unitId, IReadOnlyDictionary<string, Entry> entries, string actor, DateTime now, CancellationToken ct)
    {
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var a = await Open(db, periodId, unitId, actor, now, ct);
        if (!AssessmentWorkflow.UnitMayEditScores(a.State)) throw Locked(a.State);
        var errors = new List<string>();
        var changes = new List<object>();
        var byCode = a.Scores.ToDictionary(s => s.Code);
        foreach (var (code, e) in entries)
        {
            if (!byCode.TryGetValue(code, out var line)) { errors.Add($"{code}: không có trong biểu tự đánh giá."); continue; }
            if (e.Points is { } p && ScoreBounds.Problem(code, line.Kind, line.MaxPoints, p) is { } problem) { errors.Add(problem); continue; }
            var justification = string.IsNullOrWhiteSpace(e.Justification) ? null : e.Justification.Trim();
            if (justification?.Length > 4000) { errors.Add($"{code}: giải thích dài quá 4000 ký tự."); continue; }
            if (line.SelfPoints == e.Points && line.Justification == justification) continue;
            changes.Add(new { code, Before = line.SelfPoints, After = e.Points });
            line.SelfPoints = e.Points;
            line.Justification = justification;
        }
        if (errors.Count > 0) throw new RequestValidationException(new Dictionary<string, string[]> { ["scores"] = [.. errors] });
        if (changes.Count > 0)
        {
            a.Version++;
            db.Record(actor, "assessment.draft.save", nameof(UnitAssessment), a.Id, null, changes, now, a.Period!.RoundId);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Submits to the working group: refused after the deadline (Hanoi time), or while a sub-criterion has no score, or a claimed bonus has no justification.</summary>
    public static async Task Submit(ParIndexDbContext db, int periodId, int unitId, string actor, DateTime now, CancellationToken ct)
    {
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var a = await Open(db, periodId, unitId, actor, now, ct);
        if (!AssessmentWorkflow.UnitMayEditScores(a.State)) throw Locked(a.State);
        var deadline = a.SubmissionDeadline(a.Period!);
        if (HanoiTime.IsPast(deadline, now))
            throw new DomainException("assessment-late", $"Đã quá hạn nộp tự đánh giá ({Ui.Date(deadline)}). Hãy đề nghị Tổ công tác gia hạn.");
        var errors = new List<string>();
        var missing = a.Scores.Where(s => s.Kind == ScoreLineKind.SubCriterion && s.SelfPoints is null).Select(s => s.Code).ToList();
        if (missing.Count > 0) errors.Add($"Chưa chấm điểm các tiêu chí thành phần: {string.Join(", ", missing)}.");
        foreach (var s in a.Scores.Where(s => s.Kind == ScoreLineKind.Bonus && s.SelfPoints > 0 && s.Justification is null))
            errors.Add($"{s.Code}: điểm thưởng cần có giải thích và tài liệu kiểm chứng.");
        if (errors.Count > 0) throw new RequestValidationException(new Dictionary<string, string[]> { ["submit"] = [.. errors] });
        a.Move(AssessmentStep.Submit);
        a.SubmittedAt = now;
        a.SubmittedBy = actor;
        db.Record(actor, "assessment.submit", nameof(UnitAssessment), a.Id, new { State = AssessmentState.Draft }, new { a.State, SelfTotal = a.Total(s => s.SelfPoints) }, now, a.Period!.RoundId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Adds an evidence file to one line: while drafting, or while the explanation window is open.</summary>
    public static async Task<int> AddEvidence(ParIndexDbContext db, EvidenceStore store, int periodId, int unitId, string code, string fileName, Stream content,
        string actor, DateTime now, CancellationToken ct)
    {
        var a = await Open(db, periodId, unitId, actor, now, ct);
        if (!AssessmentWorkflow.UnitMayEditScores(a.State) && !AssessmentWorkflow.UnitMayExplain(a.State)) throw Locked(a.State);
        if (a.State == AssessmentState.ExplanationOpen && HanoiTime.IsPast(a.ExplanationDeadline!.Value, now)) throw ExplanationLate(a);
        if (a.Scores.All(s => s.Code != code)) throw new DomainException("not-found", $"{code}: không có trong biểu tự đánh giá.");
        var safeName = Path.GetFileName(fileName.Replace('\\', '/')).Trim();
        if (safeName.Length is 0 or > 200) throw new DomainException("evidence-type", "Tên tệp không hợp lệ.");
        var limit = store.MaxFilesPerLine;
        if (await db.EvidenceFiles.CountAsync(f => f.AssessmentId == a.Id && f.Code == code, ct) >= limit)
            throw new DomainException("evidence-too-many", $"{code}: đã có {limit} tệp, không thể thêm.");
        var stored = await store.SaveAsync(safeName, content, ct);
        try
        {
            var file = new EvidenceFile
            {
                AssessmentId = a.Id, Code = code, FileName = safeName, ContentType = stored.ContentType, Length = stored.Length, Sha256 = stored.Sha256,
                StorageName = stored.StorageName, AddedDuring = a.State, UploadedAt = now, UploadedBy = actor,
            };
            db.EvidenceFiles.Add(file);
            await db.SaveChangesAsync(ct);
            db.Record(actor, "assessment.evidence.add", nameof(UnitAssessment), a.Id, null,
                new { file.Id, code, file.FileName, file.ContentType, file.Length, file.Sha256 }, now, a.Period!.RoundId);
            await db.SaveChangesAsync(ct);
            return file.Id;
        }
        catch
        {
            store.Forget(stored.StorageName);
            throw;
        }
    }

    /// <summary>Saves the unit's explanations (giải trình) of round-1 adjustments while the window is open.</summary>
    public static async Task SaveExplanations(ParIndexDbContext db, int periodId, int unitId, IReadOnlyDictionary<string, string?> explanations, string actor, DateTime now, CancellationToken ct)
    {
        var a = await Load(db, periodId, unitId, ct);
        if (!AssessmentWorkflow.UnitMayExplain(a.State)) throw Locked(a.State);
        if (HanoiTime.IsPast(a.ExplanationDeadline!.Value, now)) throw ExplanationLate(a);
        var changes = new List<object>();
        var byCode = a.Scores.ToDictionary(s => s.Code);
        foreach (var (code, text) in explanations)
        {
            if (!byCode.TryGetValue(code, out var line)) throw new DomainException("not-found", $"{code}: không có trong biểu tự đánh giá.");
            var value = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
            if (value?.Length > 4000) throw new DomainException("validation-failed", $"{code}: giải trình dài quá 4000 ký tự.");
            if (line.Explanation == value) continue;
            line.Explanation = value;
            changes.Add(new { code, value });
        }
        if (changes.Count > 0)
        {
            a.Version++;
            db.Record(actor, "assessment.explanation.save", nameof(UnitAssessment), a.Id, null, changes, now, a.Period!.RoundId);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sends the explanations to the working group (closes the unit's window early).</summary>
    public static async Task SubmitExplanation(ParIndexDbContext db, int periodId, int unitId, string actor, DateTime now, CancellationToken ct)
    {
        var a = await Load(db, periodId, unitId, ct);
        if (a.State == AssessmentState.ExplanationOpen && HanoiTime.IsPast(a.ExplanationDeadline!.Value, now)) throw ExplanationLate(a);
        a.Move(AssessmentStep.SubmitExplanation);
        a.ExplainedAt = now;
        a.ExplainedBy = actor;
        db.Record(actor, "assessment.explanation.submit", nameof(UnitAssessment), a.Id, new { State = AssessmentState.ExplanationOpen },
            new { a.State, Explained = a.Scores.Where(s => s.Explanation is not null).Select(s => s.Code) }, now, a.Period!.RoundId);
        await db.SaveChangesAsync(ct);
    }

    internal static async Task<UnitAssessment> Load(ParIndexDbContext db, int periodId, int unitId, CancellationToken ct) =>
        await db.UnitAssessments.Include(a => a.Scores).Include(a => a.Period).FirstOrDefaultAsync(a => a.PeriodId == periodId && a.UnitId == unitId, ct)
        ?? throw new DomainException("not-found", "Đơn vị chưa có hồ sơ tự đánh giá trong kỳ này.");

    internal static DomainException Locked(AssessmentState s) => s == AssessmentState.Approved
        ? AssessmentWorkflow.Locked()
        : new DomainException("assessment-illegal-step", $"Hồ sơ đang ở trạng thái “{AssessmentWorkflow.StateName(s)}”: không thể sửa phần này.");

    private static DomainException ExplanationLate(UnitAssessment a) =>
        new("assessment-late", $"Đã hết hạn giải trình, bổ sung ({Ui.Date(a.ExplanationDeadline!.Value)}).");
}
