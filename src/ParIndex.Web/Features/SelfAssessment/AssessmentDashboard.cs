using Microsoft.EntityFrameworkCore;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.SelfAssessment;

/// <summary>
/// For the Department of Home Affairs: every unit of a period with its state, its next deadline and whether it is
/// overdue (not submitted after the submission deadline, round 1 not done after the appraisal deadline, no
/// explanation after the unit's window — the window's close is then due from the working group).
/// </summary>
public static class AssessmentDashboard
{
    public sealed record Row(int UnitId, string UnitCode, string UnitName, string UnitType, int? AssessmentId, AssessmentState? State,
        DateOnly? NextDeadline, string NextStep, bool Overdue, int OverdueWorkingDays, decimal? SelfTotal, decimal? AppraisedTotal, DateTime? LastStepAt);

    public sealed record PeriodSummary(AssessmentPeriod Period, IReadOnlyList<Row> Rows)
    {
        public int Count(AssessmentState? s) => Rows.Count(r => r.State == s);
        public int OverdueCount => Rows.Count(r => r.Overdue);
    }

    public static Task<List<AssessmentPeriod>> Periods(ParIndexDbContext db, int roundId, CancellationToken ct) =>
        db.AssessmentPeriods.AsNoTracking().Where(p => p.RoundId == roundId).OrderBy(p => p.Kind).ToListAsync(ct);

    public static async Task<PeriodSummary?> Load(ParIndexDbContext db, WorkingCalendar calendar, int periodId, DateTime now, CancellationToken ct)
    {
        var period = await db.AssessmentPeriods.AsNoTracking().FirstOrDefaultAsync(p => p.Id == periodId, ct);
        if (period is null) return null;
        var units = await db.Units.AsNoTracking().Where(u => u.RoundId == period.RoundId).OrderBy(u => u.UnitType!.SortOrder).ThenBy(u => u.SortOrder)
            .Select(u => new { u.Id, u.Code, u.Name, Type = u.UnitType!.Code }).ToListAsync(ct);
        var assessments = (await db.UnitAssessments.AsNoTracking().Include(a => a.Scores).Where(a => a.PeriodId == periodId).ToListAsync(ct)).ToDictionary(a => a.UnitId);
        var today = HanoiTime.Today(now);
        var rows = new List<Row>();
        foreach (var u in units)
        {
            var a = assessments.GetValueOrDefault(u.Id);
            var state = a?.State ?? AssessmentState.Draft;
            var (deadline, step) = state switch
            {
                AssessmentState.Draft => ((DateOnly?)(a?.SubmissionDeadline(period) ?? period.SubmissionDeadline), "Đơn vị nộp tự đánh giá"),
                AssessmentState.Submitted => (period.AppraisalDeadline, "Tổ công tác thẩm định lần 1"),
                AssessmentState.ExplanationOpen => (a!.ExplanationDeadline, "Đơn vị giải trình, bổ sung"),
                AssessmentState.Explained => (null, "Tổ công tác thẩm định lần 2"),
                AssessmentState.Round2Done => (null, "Hội đồng phê duyệt"),
                _ => (null, "Đã khóa"),
            };
            var overdue = deadline is { } d && today > d;
            var last = a is null ? null : new[] { a.CreatedAt, a.SubmittedAt, a.Round1CompletedAt, a.ExplainedAt, a.Round2CompletedAt, a.ApprovedAt }.Max();
            rows.Add(new Row(u.Id, u.Code, u.Name, u.Type, a?.Id, a?.State, deadline, step, overdue, overdue ? calendar.WorkingDaysBetween(deadline!.Value, today) : 0,
                a?.SubmittedAt is null ? null : a.Total(s => s.SelfPoints),
                a?.State is AssessmentState.Approved ? a.Total(s => s.Round2Points) : a?.Round1CompletedAt is null ? null : a.Total(s => s.CurrentPoints),
                last));
        }
        return new PeriodSummary(period, rows);
    }
}
