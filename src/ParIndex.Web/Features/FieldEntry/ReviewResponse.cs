using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.FieldEntry;

public abstract record ReviewOutcome
{
    public sealed record Done(ReviewState Old, ReviewState New) : ReviewOutcome;
    public sealed record Invalid(string Code, string Message) : ReviewOutcome;
    public sealed record NotFound : ReviewOutcome;
}

/// <summary>A submitted response in the supervisor's review list.</summary>
public sealed record ReviewRow(long ResponseId, string? RespondentCode, string Group, ResponseMode Mode, DateTime? SubmittedAt, ReviewState State, string? Comment, string? ReviewedBy, DateTime? ReviewedAt);

/// <summary>A paper form returned for correction, in the keyers' queue.</summary>
public sealed record ReturnedRow(string RespondentCode, string? Comment, string? ReviewedBy, DateTime? ReviewedAt);

/// <summary>
/// A supervisor approves, rejects (comment required; a rejected response does not count in scores) or returns a submitted
/// paper form for correction (comment required; it waits in the keyers' queue until corrected and resubmitted, which puts
/// it back to pending). Every decision is audited on the response with the old and new state.
/// </summary>
public static class ReviewResponse
{
    public static async Task<ReviewOutcome> Handle(ParIndexDbContext db, int roundId, long responseId, ReviewAction action, string? comment, string actor, DateTime now, CancellationToken ct)
    {
        comment = comment?.Trim();
        if (comment is { Length: > 2000 }) return new ReviewOutcome.Invalid("comment", "Nhận xét dài quá 2000 ký tự.");
        var response = await db.Responses.AsNoTracking().FirstOrDefaultAsync(r => r.Id == responseId && r.RoundId == roundId, ct);
        if (response is null) return new ReviewOutcome.NotFound();
        if (response.Status != ResponseStatus.Submitted) return new ReviewOutcome.Invalid("state", "Chỉ duyệt được phiếu đã nộp/đã chấp nhận.");
        ReviewState next;
        try
        {
            next = ResponseReview.Next(action, response.Mode, comment);
        }
        catch (DomainException e)
        {
            return new ReviewOutcome.Invalid(e.Code, e.Message);
        }

        await using var uow = await UnitOfWork.BeginAsync(db, ct);
        var review = await db.ResponseReviews.FirstOrDefaultAsync(r => r.ResponseId == responseId, ct);
        if (review is null)
        {
            review = new ResponseReview { ResponseId = responseId, RoundId = roundId, State = ReviewState.Pending };
            db.ResponseReviews.Add(review);
        }
        var old = review.State;
        if (old == ReviewState.Returned) return new ReviewOutcome.Invalid("state", "Phiếu đang được trả lại để sửa; chờ người nhập sửa và nộp lại.");
        var before = new { State = old.ToString(), review.Comment, review.ReviewedBy, review.ReviewedAt };
        review.State = next;
        review.Comment = string.IsNullOrEmpty(comment) ? null : comment;
        review.ReviewedBy = actor;
        review.ReviewedAt = now;
        review.UpdatedAt = now;
        db.Record(actor, "review." + action.ToString().ToLowerInvariant(), nameof(Response), responseId, before,
            new { State = next.ToString(), Comment = review.Comment, ReviewedBy = actor, ReviewedAt = now }, now, roundId, review.Comment);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (Collection.SubmitResponse.IsUniqueViolation(e))
        {
            // Another supervisor decided on this response at the same moment: theirs stands; reload and decide again.
            db.ChangeTracker.Clear();
            return new ReviewOutcome.Invalid("race", "Phiếu vừa được người khác duyệt; tải lại trang.");
        }
        await uow.CommitAsync(ct);
        return new ReviewOutcome.Done(old, next);
    }

    /// <summary>A corrected paper form was resubmitted: back to pending review (called inside the keying transaction).</summary>
    public static async Task Resubmitted(ParIndexDbContext db, long responseId, string actor, DateTime now, CancellationToken ct)
    {
        var review = await db.ResponseReviews.FirstAsync(r => r.ResponseId == responseId, ct);
        var before = new { State = review.State.ToString(), review.Comment, review.ReviewedBy, review.ReviewedAt };
        review.State = ReviewState.Pending;
        review.UpdatedAt = now;
        db.Record(actor, "review.resubmit", nameof(Response), responseId, before, new { State = ReviewState.Pending.ToString(), CorrectedBy = actor }, now, review.RoundId);
        await db.SaveChangesAsync(ct);
    }

    public static Task<bool> IsReturned(ParIndexDbContext db, long responseId, CancellationToken ct) =>
        db.ResponseReviews.AnyAsync(r => r.ResponseId == responseId && r.State == ReviewState.Returned, ct);

    /// <summary>Submitted responses of the round in one review state (pending includes never reviewed), optionally one member's code.</summary>
    public static async Task<IReadOnlyList<ReviewRow>> List(ParIndexDbContext db, int roundId, ReviewState state, string? code, int take, CancellationToken ct)
    {
        var q = from r in db.Responses.AsNoTracking().Where(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted)
                join v in db.ResponseReviews on r.Id equals v.ResponseId into vs
                from v in vs.DefaultIfEmpty()
                join m in db.Respondents on r.RespondentId equals m.Id into ms
                from m in ms.DefaultIfEmpty()
                join g in db.RespondentGroups on r.RespondentGroupId equals g.Id
                select new { r, v, Code = m == null ? null : m.Code, Group = g.Code };
        q = state == ReviewState.Pending ? q.Where(x => x.v == null || x.v.State == ReviewState.Pending) : q.Where(x => x.v != null && x.v.State == state);
        if (!string.IsNullOrWhiteSpace(code)) q = q.Where(x => x.Code == code.Trim());
        var rows = await q.OrderBy(x => x.r.Id).Take(take).ToListAsync(ct);
        return rows.Select(x => new ReviewRow(x.r.Id, x.Code, x.Group, x.r.Mode, x.r.SubmittedAt, x.v?.State ?? ReviewState.Pending, x.v?.Comment, x.v?.ReviewedBy, x.v?.ReviewedAt)).ToList();
    }

    /// <summary>Paper forms returned for correction that this keyer may key (field staff: their assignments only).</summary>
    public static async Task<IReadOnlyList<ReturnedRow>> Returned(ParIndexDbContext db, int roundId, Keyer keyer, CancellationToken ct)
    {
        var rows = await (from v in db.ResponseReviews.AsNoTracking().Where(v => v.RoundId == roundId && v.State == ReviewState.Returned)
                          join r in db.Responses on v.ResponseId equals r.Id
                          join m in db.Respondents on r.RespondentId equals m.Id
                          orderby v.ReviewedAt
                          select new { m, v.Comment, v.ReviewedBy, v.ReviewedAt }).Take(500).ToListAsync(ct);
        if (keyer.LimitedToAssignments)
        {
            var assignments = await db.FieldAssignments.AsNoTracking().Where(a => a.RoundId == roundId && a.StaffUserId == keyer.UserId).ToListAsync(ct);
            rows = rows.Where(x => assignments.Any(a => a.Covers(x.m))).ToList();
        }
        return rows.Select(x => new ReturnedRow(x.m.Code, x.Comment, x.ReviewedBy, x.ReviewedAt)).ToList();
    }
}
