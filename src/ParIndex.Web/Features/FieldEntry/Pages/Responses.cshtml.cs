using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.FieldEntry.Pages;

/// <summary>The supervisor's review of submitted responses (web and keyed): approve, reject or return for correction, with a comment.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class ResponsesModel(ParIndexDbContext db, TimeProvider clock) : FieldPage
{
    [FromRoute] public int RoundId { get; set; }
    [BindProperty(SupportsGet = true)] public ReviewState State { get; set; } = ReviewState.Pending;
    [BindProperty(SupportsGet = true)] public string? Code { get; set; }
    public IReadOnlyList<ReviewRow> Rows { get; private set; } = [];
    public string? Message { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Rows = await ReviewResponse.List(db, RoundId, State, Code, 200, ct);

    public async Task<IActionResult> OnPostAsync(long response, ReviewAction action, string? comment, CancellationToken ct)
    {
        var outcome = await ReviewResponse.Handle(db, RoundId, response, action, comment, CurrentKeyer.Name, clock.GetUtcNow().UtcDateTime, ct);
        switch (outcome)
        {
            case ReviewOutcome.Done d:
                Message = d.New switch
                {
                    ReviewState.Approved => Infrastructure.Ui.L($"Đã duyệt phiếu #{response}.", $"Response #{response} approved."),
                    ReviewState.Rejected => Infrastructure.Ui.L($"Đã từ chối phiếu #{response}: phiếu không được tính điểm.", $"Response #{response} rejected: it does not count in scores."),
                    _ => Infrastructure.Ui.L($"Đã trả lại phiếu #{response} để sửa: phiếu nằm trong danh sách của người nhập.", $"Response #{response} returned for correction: it is in the keyers' queue."),
                };
                break;
            case ReviewOutcome.Invalid i:
                Error = i.Message;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            default:
                return NotFound();
        }
        Rows = await ReviewResponse.List(db, RoundId, State, Code, 200, ct);
        return Page();
    }

    public static string StateName(ReviewState s) => s switch
    {
        ReviewState.Approved => Infrastructure.Ui.L("Đã duyệt", "Approved"),
        ReviewState.Rejected => Infrastructure.Ui.L("Bị từ chối", "Rejected"),
        ReviewState.Returned => Infrastructure.Ui.L("Trả lại để sửa", "Returned for correction"),
        _ => Infrastructure.Ui.L("Chờ duyệt", "Pending review"),
    };
}
