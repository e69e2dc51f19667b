using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Rounds;

/// <summary>
/// Replaces the criteria tree of one unit type. The tree is checked as a whole (see <see cref="CriteriaTree"/>);
/// once a round has responses, points may still be tuned but no criterion may disappear.
/// </summary>
public static class SetCriteria
{
    public static async Task Handle(ParIndexDbContext db, int roundId, string unitTypeCode, IReadOnlyList<CriterionNode> nodes, string actor, DateTime now, CancellationToken ct)
    {
        var round = await RoundStructure.LoadEditable(db, roundId, ct);
        var type = await db.UnitTypes.FirstOrDefaultAsync(t => t.RoundId == roundId && t.Code == unitTypeCode, ct)
            ?? throw new DomainException("not-found", $"Loại đơn vị \"{unitTypeCode}\" không có trong đợt này.");
        var problems = CriteriaTree.Validate(nodes, round.SurveyPoints, round.AppraisalPoints);
        if (problems.Count > 0) throw new RequestValidationException(new Dictionary<string, string[]> { ["criteria"] = [.. problems] });

        var existing = await db.Criteria.Where(c => c.RoundId == roundId && c.UnitTypeId == type.Id).ToListAsync(ct);
        var removed = existing.Select(c => c.Code).Except(nodes.Select(n => n.Code)).ToList();
        if (removed.Count > 0 && await RoundStructure.HasResponses(db, roundId, ct))
            throw new DomainException("round-structure-locked",
                $"Đợt đã có phiếu trả lời: không thể xóa tiêu chí {string.Join(", ", removed)} (các câu hỏi đã được chấm theo chúng). Chỉ có thể sửa tên và điểm.");

        var before = existing.Select(c => new { c.Code, c.Name, c.MaxPoints, c.Component }).OrderBy(c => c.Code).ToList();
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
        db.Record(actor, "criteria.set", nameof(UnitType), type.Id, before,
            nodes.Select(n => new { n.Code, n.Name, n.MaxPoints, n.Component }).OrderBy(c => c.Code), now, roundId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
