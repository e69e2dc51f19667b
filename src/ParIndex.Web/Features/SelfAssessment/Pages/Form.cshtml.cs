using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Core.Domain;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.SelfAssessment.Pages;

/// <summary>
/// The unit's self-assessment form for one period, generated from the round's criteria tree: scores, justifications
/// and evidence while drafting; the round-1 draft with its reasons and the explanation boxes while the window is open;
/// the appraised result once approved. The unit is always the signed-in reporter's own, never one from the request.
/// </summary>
[Authorize(Policy = Policies.SelfAssess)]
public sealed class FormModel(ParIndexDbContext db, EvidenceStore store, TimeProvider clock) : RefusablePageModel
{
    public sealed class LineInput
    {
        public string Code { get; set; } = "";
        public string? Points { get; set; }
        public string? Text { get; set; }
    }

    public AssessmentView.Model View { get; private set; } = null!;
    public string? Message { get; private set; }
    public long MaxEvidenceBytes => store.MaxBytes;

    [BindProperty] public List<LineInput> Lines { get; set; } = [];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> OnGetAsync(int periodId, CancellationToken ct) => await Show(periodId, ct);

    public Task<IActionResult> OnPostSaveAsync(int periodId, CancellationToken ct) =>
        Act(periodId, "save", (unitId) => SaveScores(periodId, unitId, ct), ct);

    public Task<IActionResult> OnPostSubmitAsync(int periodId, CancellationToken ct) =>
        Act(periodId, "submit", async unitId =>
        {
            await SaveScores(periodId, unitId, ct);
            await UnitSelfAssessment.Submit(db, periodId, unitId, Actor.Of(HttpContext), Now, ct);
        }, ct);

    public Task<IActionResult> OnPostUploadAsync(int periodId, string? code, IFormFile? file, CancellationToken ct) =>
        Act(periodId, "upload", async unitId =>
        {
            if (file is null || string.IsNullOrEmpty(code)) throw new DomainException("validation-failed", Ui.L("Chọn tiêu chí và tệp cần tải lên.", "Choose a line and a file."));
            if (file.Length > store.MaxBytes)
                throw new DomainException("evidence-too-large", $"Tệp “{file.FileName}” lớn hơn giới hạn {store.MaxBytes / (1024 * 1024)} MB.");
            await using var stream = file.OpenReadStream();
            await UnitSelfAssessment.AddEvidence(db, store, periodId, unitId, code, file.FileName, stream, Actor.Of(HttpContext), Now, ct);
        }, ct);

    public Task<IActionResult> OnPostExplainAsync(int periodId, CancellationToken ct) =>
        Act(periodId, "explain", unitId => SaveExplanations(periodId, unitId, ct), ct);

    public Task<IActionResult> OnPostSendExplanationAsync(int periodId, CancellationToken ct) =>
        Act(periodId, "send", async unitId =>
        {
            await SaveExplanations(periodId, unitId, ct);
            await UnitSelfAssessment.SubmitExplanation(db, periodId, unitId, Actor.Of(HttpContext), Now, ct);
        }, ct);

    private async Task SaveScores(int periodId, int unitId, CancellationToken ct)
    {
        var parse = new List<string>();
        var entries = AssessmentUi.ByCode(Lines, l => l.Code, l => new UnitSelfAssessment.Entry(AssessmentUi.ParsePoints(l.Code, l.Points, parse), l.Text));
        if (parse.Count > 0) throw new RequestValidationException(new Dictionary<string, string[]> { ["scores"] = [.. parse] });
        await UnitSelfAssessment.SaveDraft(db, periodId, unitId, entries, Actor.Of(HttpContext), Now, ct);
    }

    private Task SaveExplanations(int periodId, int unitId, CancellationToken ct) =>
        UnitSelfAssessment.SaveExplanations(db, periodId, unitId, AssessmentUi.ByCode(Lines, l => l.Code, l => l.Text), Actor.Of(HttpContext), Now, ct);

    private async Task<IActionResult> Act(int periodId, string done, Func<int, Task> action, CancellationToken ct)
    {
        var unitId = await UnitReporters.UnitOf(db, User, ct);
        if (unitId is null || await AssessmentView.Load(db, periodId, unitId.Value, ct) is null) return NotFound();
        await action(unitId.Value);
        db.ChangeTracker.Clear();
        return RedirectToPage(new { periodId, done });
    }

    protected override string ConcurrencyMessage => Ui.L("Hồ sơ vừa được người khác thay đổi. Hãy tải lại trang và thực hiện lại.",
        "Someone else changed this assessment just now. Reload the page and try again.");

    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await Show(RouteInt("periodId"), ct, keepInput: true);
    }

    private async Task<IActionResult> Show(int periodId, CancellationToken ct, bool keepInput = false)
    {
        var unitId = await UnitReporters.UnitOf(db, User, ct);
        if (unitId is null) return NotFound();
        var view = await AssessmentView.Load(db, periodId, unitId.Value, ct);
        if (view is null) return NotFound();
        View = view;
        if (!keepInput) Message = Request.Query["done"].ToString() switch
        {
            "save" => Ui.L("Đã lưu bản nháp.", "Draft saved."),
            "submit" => Ui.L("Đã nộp tự đánh giá cho Tổ công tác.", "Self-assessment submitted."),
            "upload" => Ui.L("Đã tải lên tài liệu kiểm chứng.", "Evidence uploaded."),
            "explain" => Ui.L("Đã lưu giải trình.", "Explanations saved."),
            "send" => Ui.L("Đã gửi giải trình, bổ sung cho Tổ công tác.", "Explanations sent."),
            _ => null,
        };
        var typed = keepInput ? Lines.Where(l => !string.IsNullOrEmpty(l.Code)).GroupBy(l => l.Code).ToDictionary(g => g.Key, g => g.First()) : [];
        Lines = [.. view.Lines.Where(l => l.IsScored).Select(l => typed.GetValueOrDefault(l.Code) ?? new LineInput
        {
            Code = l.Code,
            Points = AssessmentUi.Input(l.Score?.SelfPoints),
            Text = view.State == AssessmentState.ExplanationOpen ? l.Score?.Explanation : l.Score?.Justification,
        })];
        return Page();
    }
}
