using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Rounds;

/// <summary>
/// Ends a round's fieldwork (Fieldwork → Closed): from then on every path that stores answers refuses
/// (<see cref="Collection.RoundIntake"/>), so a score run of the closed round stays the score of its final data. Reopening
/// (Closed → Fieldwork) is allowed until the round is published; a published round never reopens.
/// </summary>
public static class CloseFieldwork
{
    public static Task Close(ParIndexDbContext db, int roundId, string actor, DateTime now, CancellationToken ct) =>
        Move(db, roundId, [RoundStatus.Draft, RoundStatus.Fieldwork], RoundStatus.Closed, "round.close", actor, now, ct);

    public static Task Reopen(ParIndexDbContext db, int roundId, string actor, DateTime now, CancellationToken ct) =>
        Move(db, roundId, [RoundStatus.Closed], RoundStatus.Fieldwork, "round.reopen", actor, now, ct);

    private static async Task Move(ParIndexDbContext db, int roundId, RoundStatus[] from, RoundStatus to, string action, string actor, DateTime now, CancellationToken ct)
    {
        var round = await db.Rounds.FirstOrDefaultAsync(r => r.Id == roundId, ct) ?? throw new DomainException("not-found", $"Không có đợt điều tra số {roundId}.");
        if (round.Status == to) return; // already there: nothing changes, nothing is recorded
        if (!from.Contains(round.Status))
            throw new DomainException("round-status-illegal", round.Status == RoundStatus.Published
                ? $"Đợt \"{round.Name}\" đã công bố kết quả; không thể mở lại thu thập phiếu."
                : $"Không thể chuyển đợt \"{round.Name}\" từ trạng thái {Ui.Status(round.Status).ToLowerInvariant()} sang {Ui.Status(to).ToLowerInvariant()}.");
        var before = round.Status;
        round.Status = to;
        db.Record(actor, action, nameof(Round), round.Id, new { Status = before }, new { round.Status }, now, round.Id);
        await db.SaveChangesAsync(ct);
    }
}
