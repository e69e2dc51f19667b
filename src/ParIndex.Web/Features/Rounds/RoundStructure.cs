using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Rounds;

/// <summary>
/// The rules that keep collected responses whole: structure that responses point at cannot be removed or re-typed
/// once responses exist, and nothing changes after the round is closed.
/// </summary>
public static class RoundStructure
{
    public static async Task<Round> LoadEditable(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct)
            ?? throw new DomainException("not-found", $"Không có đợt điều tra số {roundId}.");
        if (round.IsClosedForEdits)
            throw new DomainException("round-structure-locked", $"Đợt \"{round.Name}\" đã {(round.Status == RoundStatus.Published ? "công bố" : "kết thúc")}; cấu trúc không thể thay đổi.");
        return round;
    }

    public static Task<bool> HasResponses(ParIndexDbContext db, int roundId, CancellationToken ct) =>
        db.Responses.AnyAsync(r => r.RoundId == roundId, ct);

    public static async Task EnsureUnitRemovable(ParIndexDbContext db, Unit unit, CancellationToken ct)
    {
        var used = await db.Respondents.AnyAsync(r => r.UnitId == unit.Id, ct)
            || await db.Responses.AnyAsync(r => r.UnitId == unit.Id, ct)
            || await db.AnswerSets.AnyAsync(a => a.RatedUnitId == unit.Id, ct)
            || await db.UnitAssignments.AnyAsync(a => a.UnitId == unit.Id, ct);
        if (used)
            throw new DomainException("round-structure-locked", $"Không thể xóa đơn vị \"{unit.Name}\": đã có người được khảo sát hoặc câu trả lời gắn với đơn vị này.");
    }

    public static async Task EnsureGroupChangeable(ParIndexDbContext db, RespondentGroup group, CancellationToken ct)
    {
        var used = await db.Respondents.AnyAsync(r => r.RespondentGroupId == group.Id, ct)
            || await db.Responses.AnyAsync(r => r.RespondentGroupId == group.Id, ct);
        if (used)
            throw new DomainException("round-structure-locked", $"Không thể xóa hoặc đổi loại đơn vị của nhóm \"{group.Name}\": nhóm đã có mẫu hoặc phiếu trả lời.");
    }
}
