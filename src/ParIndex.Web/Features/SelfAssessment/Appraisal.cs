using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.SelfAssessment;

/// <summary>
/// The working group's side: round 1 (accept or adjust each score, a reason for every adjustment), sending the draft
/// back with the unit's explanation deadline in working days, round 2 (final adjustments, a reason for every change
/// from round 1), and the council's approval that locks the appraised scores.
/// </summary>
public static class Appraisal
{
    /// <summary>One line's decision: the appraised points (null = accept the previous figure) and the reason.</summary>
    public sealed record Decision(decimal? Points, string? Reason);

    public static async Task SaveRound1(ParIndexDbContext db, int assessmentId, IReadOnlyDictionary<string, Decision> decisions, string actor, DateTime now, CancellationToken ct)
    {
        var a = await Load(db, assessmentId, ct);
        if (!AssessmentWorkflow.AppraiserMayEditRound1(a.State)) throw UnitSelfAssessment.Locked(a.State);
        var changes = Apply(a, decisions, round: 1);
        if (changes.Count > 0)
        {
            a.Version++;
            db.Record(actor, "assessment.round1.save", nameof(UnitAssessment), a.Id, null, changes, now, a.Period!.RoundId);
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Completes round 1 and sends the draft to the unit; its explanation deadline is today + the period's working days.</summary>
    public static async Task CompleteRound1(ParIndexDbContext db, WorkingCalendar calendar, int assessmentId, string actor, DateTime now, CancellationToken ct)
    {
        var a = await Load(db, assessmentId, ct);
        if (!AssessmentWorkflow.AppraiserMayEditRound1(a.State)) throw UnitSelfAssessment.Locked(a.State);
        foreach (var s in a.Scores.Where(s => s.Round1Points is null)) s.Round1Points = s.SelfPoints ?? 0m; // untouched lines are accepted
        a.Move(AssessmentStep.CompleteRound1);
        a.Round1CompletedAt = now;
        a.Round1By = actor;
        a.ExplanationDeadline = calendar.AddWorkingDays(HanoiTime.Today(now), a.Period!.ExplanationWorkingDays);
        db.Record(actor, "assessment.round1.complete", nameof(UnitAssessment), a.Id, new { State = AssessmentState.Submitted },
            new { a.State, a.ExplanationDeadline, Adjusted = a.Scores.Where(s => s.AdjustedInRound1).Select(s => new { s.Code, s.SelfPoints, s.Round1Points, s.Round1Reason }), Round1Total = a.Total(s => s.Round1Points) },
            now, a.Period.RoundId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Closes the window of a unit that did not explain by its deadline, so round 2 can start.</summary>
    public static async Task CloseExplanationWindow(ParIndexDbContext db, int assessmentId, string actor, DateTime now, CancellationToken ct)
    {
        var a = await Load(db, assessmentId, ct);
        if (a.State == AssessmentState.ExplanationOpen && !HanoiTime.IsPast(a.ExplanationDeadline!.Value, now))
            throw new DomainException("assessment-window-open", $"Đơn vị còn hạn giải trình đến hết ngày {Ui.Date(a.ExplanationDeadline.Value)}.");
        a.Move(AssessmentStep.CloseExplanationWindow);
        db.Record(actor, "assessment.explanation.close", nameof(UnitAssessment), a.Id, new { State = AssessmentState.ExplanationOpen }, new { a.State }, now, a.Period!.RoundId,
            "Hết hạn giải trình, đơn vị không gửi giải trình.");
        await db.SaveChangesAsync(ct);
    }

    public static async Task SaveRound2(ParIndexDbContext db, int assessmentId, IReadOnlyDictionary<string, Decision> decisions, string actor, DateTime now, CancellationToken ct)
    {
        var a = await Load(db, assessmentId, ct);
        if (!AssessmentWorkflow.AppraiserMayEditRound2(a.State)) throw UnitSelfAssessment.Locked(a.State);
        var changes = Apply(a, decisions, round: 2);
        if (changes.Count > 0)
        {
            a.Version++;
            db.Record(actor, "assessment.round2.save", nameof(UnitAssessment), a.Id, null, changes, now, a.Period!.RoundId);
        }
        await db.SaveChangesAsync(ct);
    }

    public static async Task CompleteRound2(ParIndexDbContext db, int assessmentId, string actor, DateTime now, CancellationToken ct)
    {
        var a = await Load(db, assessmentId, ct);
        if (!AssessmentWorkflow.AppraiserMayEditRound2(a.State)) throw UnitSelfAssessment.Locked(a.State);
        foreach (var s in a.Scores.Where(s => s.Round2Points is null)) s.Round2Points = s.Round1Points;
        a.Move(AssessmentStep.CompleteRound2);
        a.Round2CompletedAt = now;
        a.Round2By = actor;
        db.Record(actor, "assessment.round2.complete", nameof(UnitAssessment), a.Id, new { State = AssessmentState.Explained },
            new { a.State, Changed = a.Scores.Where(s => s.Round2Points != s.Round1Points).Select(s => new { s.Code, s.Round1Points, s.Round2Points, s.Round2Reason }), Round2Total = a.Total(s => s.Round2Points) },
            now, a.Period!.RoundId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Records the council's approval (with its decision or minutes number) and locks the appraised scores.</summary>
    public static async Task Approve(ParIndexDbContext db, int assessmentId, string? councilDecision, string actor, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(councilDecision) || councilDecision.Trim().Length > 300)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["councilDecision"] = ["Ghi số quyết định hoặc biên bản họp của Hội đồng thẩm định (tối đa 300 ký tự)."] });
        var a = await Load(db, assessmentId, ct);
        a.Move(AssessmentStep.Approve);
        a.ApprovedAt = now;
        a.ApprovedBy = actor;
        a.CouncilDecision = councilDecision.Trim();
        db.Record(actor, "assessment.approve", nameof(UnitAssessment), a.Id, new { State = AssessmentState.Round2Done },
            new { a.State, a.CouncilDecision, AppraisedTotal = a.Total(s => s.Round2Points) }, now, a.Period!.RoundId);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Returns a submitted self-assessment to the unit before round 1 (a reason is required; the unit sees it).</summary>
    public static async Task ReturnToUnit(ParIndexDbContext db, int assessmentId, string? reason, string actor, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new RequestValidationException(new Dictionary<string, string[]> { ["reason"] = ["Ghi lý do trả lại hồ sơ cho đơn vị."] });
        var a = await Load(db, assessmentId, ct);
        a.Move(AssessmentStep.ReturnToUnit);
        foreach (var s in a.Scores) (s.Round1Points, s.Round1Reason) = (null, null);
        db.Record(actor, "assessment.return", nameof(UnitAssessment), a.Id, new { State = AssessmentState.Submitted }, new { a.State }, now, a.Period!.RoundId, reason.Trim());
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Grants a unit a later submission deadline (only while it is still drafting).</summary>
    public static async Task ExtendSubmission(ParIndexDbContext db, int periodId, int unitId, DateOnly until, string? reason, string actor, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new RequestValidationException(new Dictionary<string, string[]> { ["reason"] = ["Ghi lý do gia hạn."] });
        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var a = await UnitSelfAssessment.Open(db, periodId, unitId, actor, now, ct);
        if (a.State != AssessmentState.Draft) throw UnitSelfAssessment.Locked(a.State);
        if (until < a.Period!.SubmissionDeadline) throw new DomainException("validation-failed", "Hạn gia hạn phải sau hạn chung của kỳ.");
        var before = a.ExtendedSubmissionDeadline;
        a.ExtendedSubmissionDeadline = until;
        a.Version++;
        db.Record(actor, "assessment.extend", nameof(UnitAssessment), a.Id, new { Deadline = before }, new { Deadline = until }, now, a.Period.RoundId, reason.Trim());
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static List<object> Apply(UnitAssessment a, IReadOnlyDictionary<string, Decision> decisions, int round)
    {
        var errors = new List<string>();
        var changes = new List<object>();
        var byCode = a.Scores.ToDictionary(s => s.Code);
        foreach (var (code, d) in decisions)
        {
            if (!byCode.TryGetValue(code, out var s)) { errors.Add($"{code}: không có trong biểu tự đánh giá."); continue; }
            var previous = round == 1 ? s.SelfPoints ?? 0m : s.Round1Points ?? 0m;
            var points = d.Points ?? previous;
            if (ScoreBounds.Problem(code, s.Kind, s.MaxPoints, points) is { } problem) { errors.Add(problem); continue; }
            var reason = string.IsNullOrWhiteSpace(d.Reason) ? null : d.Reason.Trim();
            if (reason?.Length > 4000) { errors.Add($"{code}: lý do dài quá 4000 ký tự."); continue; }
            if (points != previous && reason is null)
            {
                errors.Add(round == 1 ? $"{code}: điều chỉnh điểm phải ghi lý do." : $"{code}: thay đổi so với thẩm định lần 1 phải ghi lý do.");
                continue;
            }
            var (oldPoints, oldReason) = round == 1 ? (s.Round1Points, s.Round1Reason) : (s.Round2Points, s.Round2Reason);
            if (oldPoints == points && oldReason == reason) continue;
            if (round == 1) (s.Round1Points, s.Round1Reason) = (points, reason);
            else (s.Round2Points, s.Round2Reason) = (points, reason);
            changes.Add(new { code, Before = oldPoints, After = points, reason });
        }
        if (errors.Count > 0) throw new RequestValidationException(new Dictionary<string, string[]> { ["appraisal"] = [.. errors] });
        return changes;
    }

    private static async Task<UnitAssessment> Load(ParIndexDbContext db, int assessmentId, CancellationToken ct) =>
        await db.UnitAssessments.Include(a => a.Scores).Include(a => a.Period).FirstOrDefaultAsync(a => a.Id == assessmentId, ct)
        ?? throw new DomainException("not-found", "Không có hồ sơ tự đánh giá này.");
}
