using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Infrastructure.Security;

using ParIndex.Web.Features.Monitoring;

namespace ParIndex.Web.Features.FieldEntry.Pages;

/// <summary>The supervisor's discrepancy list: each field where two keyings differ, resolved from the paper with a reason.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class ReviewModel(ParIndexDbContext db, IProgressEvents events, TimeProvider clock) : FieldPage
{
    [FromRoute] public int RoundId { get; set; }
    public IReadOnlyList<ReviewForm> Forms { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<AnswerError> NotAccepted { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Forms = await FieldEntryQueries.AwaitingResolution(db, RoundId, Infrastructure.Ui.Lang, ct);

    public async Task<IActionResult> OnPostAsync(long discrepancy, string? paper, string? reason, CancellationToken ct)
    {
        var outcome = await ResolveDiscrepancy.Handle(db, events, RoundId, new ResolveRequest(discrepancy, paper, reason), CurrentKeyer.Name, clock.GetUtcNow().UtcDateTime, ct);
        switch (outcome)
        {
            case ResolveOutcome.Resolved r:
                Message = r.Verified ? Infrastructure.Ui.L("Đã xử lý hết chênh lệch: phiếu được chấp nhận và được tính.", "All discrepancies resolved: the form is accepted and counts.")
                    : Infrastructure.Ui.L($"Đã ghi. Còn {r.Open} chênh lệch của phiếu này.", $"Recorded. {r.Open} discrepancies left on this form.");
                break;
            case ResolveOutcome.Invalid i:
                Error = i.Message;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            case ResolveOutcome.NotAccepted n:
                NotAccepted = n.Errors;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            default:
                return NotFound();
        }
        Forms = await FieldEntryQueries.AwaitingResolution(db, RoundId, Infrastructure.Ui.Lang, ct);
        return Page();
    }
}
