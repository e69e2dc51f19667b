using Microsoft.EntityFrameworkCore;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.SelfAssessment;

/// <summary>
/// The seam to Scoring: the council-approved appraised points of a round, per unit and line code, read straight from
/// the appraisal (no file export/import). Only approved assessments carry points; every other unit × line is listed
/// with <c>Points = null</c>, so a caller can tell "not approved yet" from "approved with 0".
/// </summary>
/// <remarks>
/// Lines are the appraisal sub-criteria of the round's criteria tree (codes such as "1.1.1", the same codes as
/// <c>Criterion.Code</c>) and the period's bonus/penalty items ("T1", "P1"). Penalty points are returned
/// <b>negative</b> (a deduction), so the appraisal half of a unit is <c>max(0, Σ Points)</c>, as
/// <see cref="ScoreBounds.Total"/> computes it.
/// </remarks>
public static class AppraisedScores
{
    public sealed record Score(int UnitId, string UnitCode, string Code, ScoreLineKind Kind, decimal MaxPoints, decimal? Points, int? AssessmentId, DateTime? ApprovedAt, string? CouncilDecision);

    /// <summary>
    /// Scores of <paramref name="roundId"/> for the period of <paramref name="kind"/> (default: the year, the period
    /// the index is published for). Empty when the round has no such period. Units that never opened their
    /// self-assessment are absent (Scoring treats a missing unit as not approved).
    /// </summary>
    public static async Task<IReadOnlyList<Score>> ForRound(ParIndexDbContext db, int roundId, PeriodKind kind = PeriodKind.Year, CancellationToken ct = default)
    {
        var rows = await (
                from s in db.AssessmentScores.AsNoTracking()
                join a in db.UnitAssessments on s.AssessmentId equals a.Id
                join p in db.AssessmentPeriods on a.PeriodId equals p.Id
                join u in db.Units on a.UnitId equals u.Id
                where p.RoundId == roundId && p.Kind == kind
                select new { a.UnitId, UnitCode = u.Code, s.Code, s.Kind, s.MaxPoints, s.Round2Points, a.State, AssessmentId = a.Id, a.ApprovedAt, a.CouncilDecision })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.UnitCode, StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r =>
        {
            var approved = r.State == AssessmentState.Approved;
            decimal? points = approved ? (r.Kind == ScoreLineKind.Penalty ? -(r.Round2Points ?? 0m) : r.Round2Points ?? 0m) : null;
            return new Score(r.UnitId, r.UnitCode, r.Code, r.Kind, r.MaxPoints, points, r.AssessmentId, approved ? r.ApprovedAt : null, approved ? r.CouncilDecision : null);
        }).ToList();
    }

    /// <summary>The approved appraisal half of each unit (Σ sub-criteria + bonus − penalty, at least 0); units not approved are absent.</summary>
    public static async Task<IReadOnlyDictionary<int, decimal>> TotalsForRound(ParIndexDbContext db, int roundId, PeriodKind kind = PeriodKind.Year, CancellationToken ct = default) =>
        (await ForRound(db, roundId, kind, ct)).Where(s => s.Points is not null).GroupBy(s => s.UnitId)
            .ToDictionary(g => g.Key, g => Math.Max(0m, g.Sum(s => s.Points!.Value)));
}
