using ParIndex.Core.Domain;

namespace ParIndex.Core.FieldEntry;

/// <summary>A supervisor's review state of a submitted response (web or keyed). No row means pending review.</summary>
public enum ReviewState
{
    /// <summary>Not reviewed yet, or corrected and resubmitted after a return: counts in scores.</summary>
    Pending = 0,
    Approved = 1,
    /// <summary>Rejected with a comment: does not count in scores.</summary>
    Rejected = 2,
    /// <summary>Returned for correction with a comment: a paper form waits in the keyers' queue.</summary>
    Returned = 3,
}

public enum ReviewAction { Approve, Reject, Return }

/// <summary>The review state of one response: the last decision, who took it, when and why.</summary>
public sealed class ResponseReview
{
    public long Id { get; set; }
    public long ResponseId { get; set; }
    public int RoundId { get; set; }
    public ReviewState State { get; set; }
    public string? Comment { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The state an action leads to; a comment is required to reject or return; only a keyed paper form can be returned.</summary>
    public static ReviewState Next(ReviewAction action, ResponseMode mode, string? comment) => action switch
    {
        ReviewAction.Approve => ReviewState.Approved,
        ReviewAction.Reject when string.IsNullOrWhiteSpace(comment) => throw new DomainException("review-comment-required", "Ghi nhận xét khi từ chối phiếu."),
        ReviewAction.Reject => ReviewState.Rejected,
        ReviewAction.Return when string.IsNullOrWhiteSpace(comment) => throw new DomainException("review-comment-required", "Ghi nhận xét: cần sửa gì trên phiếu."),
        ReviewAction.Return when mode != ResponseMode.Paper => throw new DomainException("review-return-paper-only", "Chỉ trả lại để sửa được phiếu giấy đã nhập; phiếu trực tuyến thì duyệt hoặc từ chối."),
        ReviewAction.Return => ReviewState.Returned,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
