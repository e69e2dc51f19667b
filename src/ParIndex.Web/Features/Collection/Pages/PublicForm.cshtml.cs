using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Distribution;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Collection.Pages;

/// <summary>
/// The form behind a public link (<c>/p/{slug}</c>): no account, one page, plain posts. Duplicates are held off without an
/// account by a signed cookie per link, the client id, and a check for identical answers from the same network.
/// </summary>
[AllowAnonymous]
public sealed class PublicFormModel(ParIndexDbContext db, CollectionCatalog catalog, SubmissionWriter writer, IDataProtectionProvider protection, TimeProvider clock) : PageModel
{
    public enum Screen { Form, Message, Thanks }

    public Screen View { get; private set; }
    public string Title { get; private set; } = "";
    public string MessageText { get; private set; } = "";
    public QuestionnaireDefinition? Definition { get; private set; }
    public string UnitName { get; private set; } = "";
    public IReadOnlyList<RatedUnit> RatedUnits { get; private set; } = [];
    public FormState? State { get; private set; }
    public ResponseData Data { get; private set; } = new();
    public IReadOnlyList<AnswerError> Errors { get; private set; } = [];
    public Guid ClientId { get; private set; }
    public DateTime StartedAt { get; private set; }

    private string CookieName(PublicLink link) => $"parindex.p{link.Id}";

    private IDataProtector Protector => protection.CreateProtector("ParIndex.PublicLink.Answered");

    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken ct)
    {
        if (await Load(slug, ct) is not { } ctx) return NotValid();
        if (Answered(ctx.Link)) return AlreadyAnswered();
        if (!ctx.RoundOpen) return NotOpen();
        if (!ctx.Link.IsOpen) return QuotaReached();
        (ClientId, StartedAt) = (Guid.NewGuid(), clock.GetUtcNow().UtcDateTime);
        return Form(ctx);
    }

    public async Task<IActionResult> OnPostAsync(string slug, Guid clientId, DateTime? startedAt, CancellationToken ct)
    {
        if (await Load(slug, ct) is not { } ctx || clientId == Guid.Empty) return NotValid();
        if (Answered(ctx.Link)) return AlreadyAnswered();
        var now = clock.GetUtcNow().UtcDateTime;
        var round = await db.Rounds.AsNoTracking().FirstAsync(r => r.Id == ctx.Link.RoundId, ct);
        if (ParadataRules.FromForm(Request.Form["startedAt"], round, now).Problem is { } paradata)
            return Message(400, Ui.L("Dữ liệu gửi lên không hợp lệ", "Invalid submission"),
                Ui.L($"Thông tin kèm theo phiếu không hợp lệ nên phiếu chưa được ghi nhận. {paradata} Vui lòng quét lại mã QR và trả lời trên trang phiếu.",
                    $"The data sent with the form is not valid, so nothing was recorded. {paradata} Please scan the QR code again and answer on the form page."));
        Data = FormPosts.ReadAnswers(Request.Form);
        var (decided, prepared) = await SubmitPublicResponse.Prepare(db, ctx, Data, clientId, HttpContext.Connection.RemoteIpAddress?.ToString(), Ui.Lang,
            DeviceClass.Of(Request.Headers.UserAgent.ToString()), startedAt ?? now, now, ct);
        var outcome = decided;
        if (outcome is null)
        {
            // Stored by the node's one writer, with the API's submissions (group commit).
            if (writer.TrySubmit(prepared!) is not { } stored) return Busy();
            outcome = await stored;
        }
        switch (outcome)
        {
            case SubmitOutcome.Accepted:
                Response.Cookies.Append(CookieName(ctx.Link), Protector.Protect(ctx.Link.Slug), new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps, IsEssential = true, Expires = DateTimeOffset.UtcNow.AddDays(180), Path = "/p",
                });
                (View, Title) = (Screen.Thanks, Ui.L("Cảm ơn", "Thank you"));
                return Page();
            case SubmitOutcome.Invalid i:
                (Errors, ClientId, StartedAt) = (i.Errors, clientId, startedAt ?? now);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Form(ctx);
            case SubmitOutcome.QuotaReached:
                return QuotaReached();
            case SubmitOutcome.LinkClosed:
                return NotOpen();
            default:
                return AlreadyAnswered();
        }
    }

    private async Task<PublicLinkContext?> Load(string slug, CancellationToken ct)
    {
        var ctx = await SubmitPublicResponse.Open(db, catalog, slug, ct);
        if (ctx is null) return null;
        Definition = ctx.Definition;
        UnitName = ctx.Units.FirstOrDefault(u => u.Id == ctx.Link.UnitId)?.Name ?? "";
        RatedUnits = ctx.Units.Select(u => new RatedUnit(u.Code, u.Name)).ToList();
        return ctx;
    }

    private bool Answered(PublicLink link)
    {
        if (!Request.Cookies.TryGetValue(CookieName(link), out var value)) return false;
        try { return Protector.Unprotect(value) == link.Slug; }
        catch (System.Security.Cryptography.CryptographicException) { return false; }
    }

    private PageResult Form(PublicLinkContext ctx)
    {
        View = Screen.Form;
        Title = Definition!.Title.Get(Ui.Lang);
        State = AnswerChecks.EngineFor(Definition, ctx.Version.ContentHash).Evaluate(Data, RatedUnits);
        return Page();
    }

    private PageResult NotValid() => Message(404, Ui.L("Liên kết không hợp lệ", "Link not valid"), Ui.L("Liên kết không hợp lệ. Vui lòng quét lại mã QR.", "This link is not valid."));

    /// <summary>The round takes no answers (closed or published): the same screen and status as a personal link's.</summary>
    private PageResult NotOpen() => Message(410, Ui.L("Liên kết chưa mở hoặc đã hết hạn", "Link not open"),
        Ui.L("Liên kết này hiện không trong thời gian nhận phiếu.", "This link is not open for answers at this time."));

    private PageResult Busy()
    {
        Response.Headers.RetryAfter = "5";
        return Message(503, Ui.L("Hệ thống đang bận", "The system is busy"),
            Ui.L("Hệ thống đang nhận rất nhiều phiếu cùng lúc nên phiếu của Ông/Bà chưa được ghi nhận. Vui lòng gửi lại sau ít giây.",
                "The system is receiving a great many answers at once, so yours was not recorded yet. Please send it again in a few seconds."));
    }

    private PageResult AlreadyAnswered() => Message(409, Ui.L("Ông/Bà đã trả lời", "Already answered"),
        Ui.L("Thiết bị này đã gửi một phiếu qua liên kết này. Cảm ơn Ông/Bà đã tham gia khảo sát.", "This device has already sent a form through this link. Thank you."));

    private PageResult QuotaReached() => Message(410, Ui.L("Đã đủ số phiếu", "Quota reached"),
        Ui.L("Đợt khảo sát tại đơn vị này đã nhận đủ số phiếu cần thiết. Cảm ơn Ông/Bà.", "This survey has received all the answers it needs for this unit. Thank you."));

    private PageResult Message(int status, string title, string text)
    {
        (View, Title, MessageText) = (Screen.Message, title, text);
        Response.StatusCode = status;
        return Page();
    }

    public ItemView ItemView(Item item, string? unit) => new(item, FormPosts.FieldName(item.Id, unit), FormPosts.FieldId(item.Id, unit), Data.Get(item.Id, unit),
        Errors.FirstOrDefault(e => e.ItemId == item.Id && e.UnitCode == unit)?.Message, item.Required == "true", Choices.For(Definition!, item, RatedUnits));
}
