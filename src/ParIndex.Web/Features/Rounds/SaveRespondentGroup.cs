using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Rounds;

public sealed record SaveRespondentGroupRequest(string Code, string Name, string? NameEn, string UnitTypeCode, decimal ScoreWeight, bool RatesManyUnits);

/// <summary>Adds or edits a respondent group of a round; deleting or re-typing a group that has sample or responses is refused.</summary>
public static class SaveRespondentGroup
{
    public static async Task<RespondentGroup> Handle(ParIndexDbContext db, int roundId, int? groupId, SaveRespondentGroupRequest r, string actor, DateTime now, CancellationToken ct)
    {
        await RoundStructure.LoadEditable(db, roundId, ct);
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.Code) || r.Code.Length > 40) errors["code"] = ["Mã nhóm bắt buộc (tối đa 40 ký tự)."];
        if (string.IsNullOrWhiteSpace(r.Name)) errors["name"] = ["Tên nhóm bắt buộc."];
        if (r.ScoreWeight is < 0 or > 100) errors["scoreWeight"] = ["Trọng số phải từ 0 đến 100."];
        var type = await db.UnitTypes.FirstOrDefaultAsync(t => t.RoundId == roundId && t.Code == r.UnitTypeCode, ct);
        if (type is null) errors["unitTypeCode"] = [$"Loại đơn vị \"{r.UnitTypeCode}\" không có trong đợt này."];
        if (await db.RespondentGroups.AnyAsync(g => g.RoundId == roundId && g.Code == r.Code && g.Id != groupId, ct))
            errors["code"] = [$"Mã nhóm \"{r.Code}\" đã được dùng."];
        if (errors.Count > 0) throw new RequestValidationException(errors);

        RespondentGroup group;
        object? before = null;
        if (groupId is { } id)
        {
            group = await db.RespondentGroups.FirstOrDefaultAsync(g => g.Id == id && g.RoundId == roundId, ct)
                ?? throw new DomainException("not-found", $"Không có nhóm số {id}.");
            before = new { group.Code, group.Name, group.NameEn, group.UnitTypeId, group.ScoreWeight, group.RatesManyUnits };
            if (group.UnitTypeId != type!.Id) await RoundStructure.EnsureGroupChangeable(db, group, ct);
        }
        else
        {
            group = new RespondentGroup { RoundId = roundId, Code = r.Code, Name = r.Name, SortOrder = await db.RespondentGroups.CountAsync(g => g.RoundId == roundId, ct) };
            db.RespondentGroups.Add(group);
        }
        (group.Code, group.Name, group.NameEn, group.UnitTypeId, group.ScoreWeight, group.RatesManyUnits) =
            (r.Code.Trim(), r.Name.Trim(), r.NameEn?.Trim(), type!.Id, r.ScoreWeight, r.RatesManyUnits);
        await db.SaveChangesAsync(ct);
        db.Record(actor, groupId is null ? "group.create" : "group.update", nameof(RespondentGroup), group.Id, before, r, now, roundId);
        await db.SaveChangesAsync(ct);
        return group;
    }

    public static async Task Delete(ParIndexDbContext db, int roundId, int groupId, string actor, DateTime now, CancellationToken ct)
    {
        await RoundStructure.LoadEditable(db, roundId, ct);
        var group = await db.RespondentGroups.FirstOrDefaultAsync(g => g.Id == groupId && g.RoundId == roundId, ct)
            ?? throw new DomainException("not-found", $"Không có nhóm số {groupId}.");
        await RoundStructure.EnsureGroupChangeable(db, group, ct);
        if (await db.Questionnaires.AnyAsync(q => q.RespondentGroupId == groupId, ct))
            throw new DomainException("round-structure-locked", $"Không thể xóa nhóm \"{group.Name}\": nhóm đang có phiếu khảo sát.");
        db.RespondentGroups.Remove(group);
        db.Record(actor, "group.delete", nameof(RespondentGroup), groupId, new { group.Code, group.Name }, null, now, roundId);
        await db.SaveChangesAsync(ct);
    }
}
