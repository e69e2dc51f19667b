using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Rounds;

/// <summary>A unit type's own split of the 100 points; both null = the round's split.</summary>
public sealed record UnitTypeSplit(decimal? SurveyPoints, decimal? AppraisalPoints);

/// <summary>
/// Replaces the criteria tree of one unit type, and optionally its split of the 100 points (Sở, xã/phường and public
/// service units each have their own tree and may have their own split). The tree is checked as a whole against the
/// type's split (see <see cref="CriteriaTree"/>); once a round has responses, points may still be tuned but no criterion
/// may disappear. A tree and split saved as they are change nothing (no write, no audit entry).
/// </summary>
public static class SetCriteria
{
    public static Task Handle(ParIndexDbContext db, int roundId, string unitTypeCode, IReadOnlyList<CriterionNode> nodes, string actor, DateTime now, CancellationToken ct) =>
        Handle(db, roundId, unitTypeCode, nodes, split: null, actor, now, ct);

    /// <param name="split">The type's new split (both parts null: the round's); null leaves the type's split as it is.</param>
    /// <returns>Whether anything changed.</returns>
    public static async Task<bool> Handle(ParIndexDbContext db, int roundId, string unitTypeCode, IReadOnlyList<CriterionNode> nodes, UnitTypeSplit? split,
        string actor, DateTime now, CancellationToken ct)
    {
        var round = await RoundStructure.LoadEditable(db, roundId, ct);
        var type = await db.UnitTypes.FirstOrDefaultAsync(t => t.RoundId == roundId && t.Code == unitTypeCode, ct)
            ?? throw new DomainException("not-found", $"Loại đơn vị \"{unitTypeCode}\" không có trong đợt này.");
        var splitBefore = (type.SurveyPoints, type.AppraisalPoints);
        if (split is not null)
        {
            var splitProblems = UnitType.ValidateSplit(split.SurveyPoints, split.AppraisalPoints);
            if (splitProblems.Count > 0) throw new RequestValidationException(new Dictionary<string, string[]> { ["split"] = [.. splitProblems] });
            (type.SurveyPoints, type.AppraisalPoints) = (split.SurveyPoints, split.AppraisalPoints);
        }
        var (surveyPoints, appraisalPoints) = type.Split(round);
        var problems = CriteriaTree.Validate(nodes, surveyPoints, appraisalPoints);
        if (problems.Count > 0) throw new RequestValidationException(new Dictionary<string, string[]> { ["criteria"] = [.. problems] });

        var existing = await db.Criteria.Where(c => c.RoundId == roundId && c.UnitTypeId == type.Id).ToListAsync(ct);
        var before = existing.OrderBy(c => c.SortOrder).Select(c => (c.Code, c.Name, c.NameEn, c.MaxPoints, c.Component)).ToList();
        var after = nodes.Select(n => (n.Code, n.Name.Trim(), n.NameEn?.Trim(), n.MaxPoints, n.Component)).ToList();
        var splitChanged = splitBefore != (type.SurveyPoints, type.AppraisalPoints);
        if (!splitChanged && before.SequenceEqual(after)) return false;

        var removed = existing.Select(c => c.Code).Except(nodes.Select(n => n.Code)).ToList();
        if (removed.Count > 0 && await RoundStructure.HasResponses(db, roundId, ct))
            throw new DomainException("round-structure-locked",
                $"Đợt đã có phiếu trả lời: không thể xóa tiêu chí {string.Join(", ", removed)} (các câu hỏi đã được chấm theo chúng). Chỉ có thể sửa tên và điểm.");

        await using var tx = await UnitOfWork.BeginAsync(db, ct);
        var byCode = existing.ToDictionary(c => c.Code);
        foreach (var gone in removed.OrderByDescending(c => c.Length)) db.Criteria.Remove(byCode[gone]);
        await db.SaveChangesAsync(ct);

        var order = 0;
        foreach (var n in nodes.OrderBy(n => n.Depth))
        {
            if (!byCode.TryGetValue(n.Code, out var c) || removed.Contains(n.Code))
            {
                c = new Criterion { RoundId = roundId, UnitTypeId = type.Id, Code = n.Code, Name = n.Name };
                db.Criteria.Add(c);
                byCode[n.Code] = c;
            }
            c.Name = n.Name.Trim();
            c.NameEn = n.NameEn?.Trim();
            c.MaxPoints = n.MaxPoints;
            c.Component = n.Component;
            c.Level = (CriterionLevel)n.Depth;
            c.Parent = n.ParentCode is { } p ? byCode[p] : null;
        }
        foreach (var n in nodes) byCode[n.Code].SortOrder = order++;
        db.Record(actor, "criteria.set", nameof(UnitType), type.Id,
            new { split = new { surveyPoints = splitBefore.SurveyPoints, appraisalPoints = splitBefore.AppraisalPoints }, criteria = before.Select(c => new { c.Code, c.Name, c.MaxPoints, c.Component }).OrderBy(c => c.Code) },
            new { split = new { type.SurveyPoints, type.AppraisalPoints }, criteria = nodes.Select(n => new { n.Code, n.Name, n.MaxPoints, n.Component }).OrderBy(c => c.Code) }, now, roundId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
