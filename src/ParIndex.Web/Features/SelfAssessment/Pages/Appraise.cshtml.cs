using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.SelfAssessment.Pages;

/// <summary>One unit's assessment as the working group appraises it: round 1, round 2, the council's approval.</summary>
[Authorize(Policy = Policies.Appraise)]
public sealed class AppraiseModel(ParIndexDbContext db, WorkingCalendar calendar, TimeProvider clock) : RefusablePageModel
{
    public AssessmentView.Model View { get; private set; } = null!;
    public string? Message { get; private set; }

    [BindProperty] public List<FormModel.LineInput> Lines { get; set; } = [];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private string Who => Actor.Of(HttpContext);

    public Task<IActionResult> OnGetAsync(int periodId, int unitId, CancellationToken ct) => Show(periodId, unitId, ct);

    public Task<IActionResult> OnPostRound1SaveAsync(int periodId, int unitId, CancellationToken ct) =>
        Act(periodId, unitId, "round1-save", id => Appraisal.SaveRound1(db, id, Decisions(), Who, Now, ct), ct);

    public Task<IActionResult> OnPostRound1CompleteAsync(int periodId, int unitId, CancellationToken ct) =>
        Act(periodId, unitId, "round1-complete", async id =>
        {
            await Appraisal.SaveRound1(db, id, Decisions(), Who, Now, ct);
            await Appraisal.CompleteRound1(db, calendar, id, Who, Now, ct);
        }, ct);

    public Task<IActionResult> OnPostCloseWindowAsync(int periodId, int unitId, CancellationToken ct) =>
        Act(periodId, unitId, "close-window", id => Appraisal.CloseExplanationWindow(db, id, Who, Now, ct), ct);

    public Task<IActionResult> OnPostRound2SaveAsync(int periodId, int unitId, CancellationToken ct) =>
        Act(periodId, unitId, "round2-save", id => Appraisal.SaveRound2(db, id, Decisions(), Who, Now, ct), ct);

    public Task<IActionResult> OnPostRound2CompleteAsync(int periodId, int unitId, CancellationToken ct) =>
        Act(periodId, unitId, "round2-complete", async id =>
        {
            await Appraisal.SaveRound2(db, id, Decisions(), Who, Now, ct);
            await Appraisal.CompleteRound2(db, id, Who, Now, ct);
        }, ct);

    public Task<IActionResult> OnPostApproveAsync(int periodId, int unitId, string? councilDecision, CancellationToken ct) =>
        Act(periodId, unitId, "approve", id => Appraisal.Approve(db, id, councilDecision, Who, Now, ct), ct);

    public Task<IActionResult> OnPostReturnAsync(int periodId, int unitId, string? reason, CancellationToken ct) =>
        Act(periodId, unitId, "return", id => Appraisal.ReturnToUnit(db, id, reason, Who, Now, ct), ct);

    public async Task<IActionResult> OnPostExtendAsync(int periodId, int unitId, DateOnly? until, string? reason, CancellationToken ct)
    {
        if (await AssessmentView.Load(db, periodId, unitId, ct) is null) return NotFound();
        if (until is null) throw new DomainException("validation-failed", Ui.L("Chọn ngày gia hạn.", "Choose the new deadline."));
        await Appraisal.ExtendSubmission(db, periodId, unitId, until.Value, reason, Who, Now, ct);
        return RedirectToPage(new { periodId, unitId, done = "extend" });
    }

    private Dictionary<string, Appraisal.Decision> Decisions()
    {
        var parse = new List<string>();
        var d = AssessmentUi.ByCode(Lines, l => l.Code, l => new Appraisal.Decision(AssessmentUi.ParsePoints(l.Code, l.Points, parse), l.Text));
        if (parse.Count > 0) throw new RequestValidationException(new Dictionary<string, string[]> { ["appraisal"] = [.. parse] });
        return d;
    }

    private async Task<IActionResult> Act(int periodId, int unitId, string done, Func<int, Task> action, CancellationToken ct)
    {
        var view = await AssessmentView.Load(db, periodId, unitId, ct);
        if (view is null) return NotFound();
        if (view.Assessment is null) throw new DomainException("assessment-illegal-step", Ui.L("Đơn vị chưa nộp tự đánh giá.", "The unit has not submitted."));
        await action(view.Assessment.Id);
        return RedirectToPage(new { periodId, unitId, done });
    }

    protected override string ConcurrencyMessage => Ui.L("Hồ sơ vừa được người khác thay đổi. Hãy tải lại trang và thực hiện lại.",
        "Someone else changed this assessment just now. Reload the page and try again.");

    /// <summary>The decisions as typed stay on a refused appraisal post; a refused extension shows the stored lines.</summary>
    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await Show(RouteInt("periodId"), RouteInt("unitId"), ct, keepInput: Request.Query["handler"] != "Extend");
    }

    private async Task<IActionResult> Show(int periodId, int unitId, CancellationToken ct, bool keepInput = false)
    {
        var view = await AssessmentView.Load(db, periodId, unitId, ct);
        if (view is null) return NotFound();
        View = view;
        if (!keepInput) Message = Request.Query["done"].ToString() switch
        {
            "round1-save" => Ui.L("Đã lưu thẩm định lần 1.", "Round 1 saved."),
            "round1-complete" => Ui.L("Đã gửi dự thảo thẩm định lần 1 cho đơn vị.", "Round-1 draft sent to the unit."),
            "close-window" => Ui.L("Đã đóng hạn giải trình.", "Explanation window closed."),
            "round2-save" => Ui.L("Đã lưu thẩm định lần 2.", "Round 2 saved."),
            "round2-complete" => Ui.L("Đã hoàn thành thẩm định lần 2.", "Round 2 completed."),
            "approve" => Ui.L("Đã ghi nhận phê duyệt của Hội đồng; kết quả đã khóa.", "Council approval recorded; the result is locked."),
            "return" => Ui.L("Đã trả lại hồ sơ cho đơn vị.", "Returned to the unit."),
            "extend" => Ui.L("Đã gia hạn nộp.", "Deadline extended."),
            _ => null,
        };
        var typed = keepInput ? Lines.Where(l => !string.IsNullOrEmpty(l.Code)).GroupBy(l => l.Code).ToDictionary(g => g.Key, g => g.First()) : [];
        var round2 = view.State is AssessmentState.Explained or AssessmentState.Round2Done or AssessmentState.Approved;
        Lines = [.. view.Lines.Where(l => l.IsScored).Select(l => typed.GetValueOrDefault(l.Code) ?? new FormModel.LineInput
        {
            Code = l.Code,
            Points = AssessmentUi.Input(round2 ? l.Score?.Round2Points ?? l.Score?.Round1Points : l.Score?.Round1Points ?? l.Score?.SelfPoints),
            Text = round2 ? l.Score?.Round2Reason : l.Score?.Round1Reason,
        })];
        return Page();
    }
}
