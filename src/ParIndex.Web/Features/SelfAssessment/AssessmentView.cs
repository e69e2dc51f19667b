using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.SelfAssessment;

/// <summary>
/// One unit's assessment in one period as both sides see it: the form lines generated from the round's criteria
/// tree (areas and criteria as headings, appraisal sub-criteria as scored lines) and the period's bonus/penalty items,
/// each with its scores, reasons, explanation and evidence; the deadlines; and the audit trail of every step.
/// </summary>
public static class AssessmentView
{
    public enum LineLevel { Area, Criterion, SubCriterion, Bonus, Penalty }

    public sealed record Evidence(int Id, string FileName, long Length, DateTime UploadedAt, string UploadedBy, AssessmentState AddedDuring);

    public sealed record Line(string Code, string Name, LineLevel Level, decimal MaxPoints, AssessmentScore? Score, IReadOnlyList<Evidence> Evidence)
    {
        public bool IsScored => Level is LineLevel.SubCriterion or LineLevel.Bonus or LineLevel.Penalty;
        public ScoreLineKind Kind => Level switch { LineLevel.Bonus => ScoreLineKind.Bonus, LineLevel.Penalty => ScoreLineKind.Penalty, _ => ScoreLineKind.SubCriterion };
    }

    public sealed record Step(DateTime At, string Actor, string Action, string? Reason);

    public sealed record Model(
        AssessmentPeriod Period, string RoundName, Unit Unit, UnitAssessment? Assessment, IReadOnlyList<Line> Lines, IReadOnlyList<Step> Trail)
    {
        public AssessmentState State => Assessment?.State ?? AssessmentState.Draft;
        public DateOnly SubmissionDeadline => Assessment?.SubmissionDeadline(Period) ?? Period.SubmissionDeadline;

        public decimal Total(Func<AssessmentScore, decimal?> pick) => Assessment?.Total(pick) ?? 0m;
    }

    /// <summary>Null when the period or the unit does not exist, or the unit is not in the period's round.</summary>
    public static async Task<Model?> Load(ParIndexDbContext db, int periodId, int unitId, CancellationToken ct)
    {
        var period = await db.AssessmentPeriods.AsNoTracking().Include(p => p.AdjustmentItems).FirstOrDefaultAsync(p => p.Id == periodId, ct);
        if (period is null) return null;
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId && u.RoundId == period.RoundId, ct);
        if (unit is null) return null;
        var roundName = await db.Rounds.Where(r => r.Id == period.RoundId).Select(r => r.Name).FirstAsync(ct);
        var assessment = await db.UnitAssessments.AsNoTracking().Include(a => a.Scores)
            .FirstOrDefaultAsync(a => a.PeriodId == periodId && a.UnitId == unitId, ct);
        var scores = assessment?.Scores.ToDictionary(s => s.Code) ?? [];
        var files = assessment is null ? [] : await db.EvidenceFiles.AsNoTracking().Where(f => f.AssessmentId == assessment.Id).OrderBy(f => f.Id)
            .Select(f => new { f.Code, E = new Evidence(f.Id, f.FileName, f.Length, f.UploadedAt, f.UploadedBy, f.AddedDuring) }).ToListAsync(ct);
        var evidence = files.ToLookup(f => f.Code, f => f.E);

        var lines = new List<Line>();
        foreach (var (code, name, level, max) in await FormLines(db, period, unit.UnitTypeId, ct))
            lines.Add(new Line(code, name, level, max, scores.GetValueOrDefault(code), [.. evidence[code]]));

        var trail = assessment is null ? [] : await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == nameof(UnitAssessment) && e.EntityId == assessment.Id.ToString())
            .OrderBy(e => e.Id).Select(e => new Step(e.At, e.Actor, e.Action, e.Reason)).ToListAsync(ct);
        return new Model(period, roundName, unit, assessment, lines, trail);
    }

    /// <summary>The form's lines in order: areas and criteria holding appraisal sub-criteria, the sub-criteria, then bonus and penalty items.</summary>
    public static async Task<List<(string Code, string Name, LineLevel Level, decimal MaxPoints)>> FormLines(ParIndexDbContext db, AssessmentPeriod period, int unitTypeId, CancellationToken ct)
    {
        var nodes = await db.Criteria.AsNoTracking().Where(c => c.RoundId == period.RoundId && c.UnitTypeId == unitTypeId)
            .OrderBy(c => c.SortOrder).Select(c => new { c.Code, c.Name, c.MaxPoints, c.Component }).ToListAsync(ct);
        var codes = nodes.Select(n => n.Code).ToHashSet();
        bool IsLeaf(string code) => !codes.Any(c => c.StartsWith(code + ".", StringComparison.Ordinal));
        var scored = nodes.Where(n => IsLeaf(n.Code) && n.Component == ScoreComponent.Appraisal).Select(n => n.Code).ToList();
        var lines = new List<(string, string, LineLevel, decimal)>();
        foreach (var n in nodes)
        {
            if (scored.Contains(n.Code)) lines.Add((n.Code, n.Name, LineLevel.SubCriterion, n.MaxPoints));
            else if (!IsLeaf(n.Code) && scored.Any(s => s.StartsWith(n.Code + ".", StringComparison.Ordinal)))
            {
                var appraisalMax = nodes.Where(s => scored.Contains(s.Code) && s.Code.StartsWith(n.Code + ".", StringComparison.Ordinal)).Sum(s => s.MaxPoints);
                lines.Add((n.Code, n.Name, n.Code.Contains('.') ? LineLevel.Criterion : LineLevel.Area, appraisalMax));
            }
        }
        foreach (var i in period.AdjustmentItems.OrderBy(i => i.SortOrder))
            lines.Add((i.Code, i.Name, i.Kind == ScoreLineKind.Bonus ? LineLevel.Bonus : LineLevel.Penalty, i.MaxPoints));
        return lines;
    }
}
