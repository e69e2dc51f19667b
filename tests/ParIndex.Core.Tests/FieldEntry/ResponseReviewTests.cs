using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;

namespace ParIndex.Core.Tests.FieldEntry;

public sealed class ResponseReviewTests
{
    [Theory]
    [InlineData(ReviewAction.Approve, ResponseMode.Web, null, ReviewState.Approved)]
    [InlineData(ReviewAction.Approve, ResponseMode.Paper, "", ReviewState.Approved)]
    [InlineData(ReviewAction.Reject, ResponseMode.Web, "điền hộ", ReviewState.Rejected)]
    [InlineData(ReviewAction.Return, ResponseMode.Paper, "ô 12 sai", ReviewState.Returned)]
    public void Each_action_leads_to_its_state(ReviewAction action, ResponseMode mode, string? comment, ReviewState expected) =>
        Assert.Equal(expected, ResponseReview.Next(action, mode, comment));

    [Theory]
    [InlineData(ReviewAction.Reject, ResponseMode.Paper, null, "review-comment-required")]
    [InlineData(ReviewAction.Reject, ResponseMode.Web, "   ", "review-comment-required")]
    [InlineData(ReviewAction.Return, ResponseMode.Paper, "", "review-comment-required")]
    [InlineData(ReviewAction.Return, ResponseMode.Web, "sửa lại", "review-return-paper-only")]
    public void Reject_and_return_need_a_comment_and_only_paper_forms_are_returned(ReviewAction action, ResponseMode mode, string? comment, string code) =>
        Assert.Equal(code, Assert.Throws<DomainException>(() => ResponseReview.Next(action, mode, comment)).Code);
}
