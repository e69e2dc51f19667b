using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Pages.Respond;

public sealed record ItemView(Item Item, string Name, string Id, string? Value, string? Error, bool Required, IReadOnlyList<Choice> Choices);

/// <summary>
/// The respondent's form behind a personal link (<c>/r/{token}</c>). Plain HTML form posts: it works with
/// JavaScript off. The client id is minted when the form is first served, so re-posting the same page
/// (a retry after a network failure) is recognised and stored once.
/// </summary>
[AllowAnonymous]
public sealed class FormModel(ParIndexDbContext db, TimeProvider clock) : PageModel
{
    public enum Screen { Form, Message, Thanks }

    public Screen View { get; private set; }
    public string Title { get; private set; } = "";
    public string MessageText { get; private set; } = "";
    public LinkContext? Link { get; private set; }
    public QuestionnaireDefinition? Definition => Link?.Definition;
    public IReadOnlyList<RatedUnit> RatedUnits { get; private set; } = [];
    public Guid ClientId { get; private set; }
    public DateTime StartedAt { get; private set; }
    public long AckId { get; private set; }
    public IReadOnlyList<AnswerError> Errors { get; private set; } = [];
    public ResponseData Data { get; private set; } = new();

    public string UnitTypeLabel => Ui.L("Đơn vị", "Unit");

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Link = await RespondentLink.Resolve(db, token, now, ct);
        if (Link.State != LinkState.Open) return StateScreen(Link.State);
        Link.Invitation!.MarkOpened(now);
        await db.SaveChangesAsync(ct);
        (ClientId, StartedAt) = (Guid.NewGuid(), now);
        return FormScreen();
    }

    public async Task<IActionResult> OnPostAsync(string? token, Guid clientId, DateTime? startedAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Link = await RespondentLink.Resolve(db, token, now, ct);
        if (Link.State is not (LinkState.Open or LinkState.Used)) return StateScreen(Link.State);
        if (clientId == Guid.Empty) return StateScreen(LinkState.Invalid);

        Data = ReadAnswers(Request.Form);
        var outcome = await SubmitResponse.Handle(db, Link, new SubmitRequest(clientId, Data, ResponseMode.Web, Ui.Lang, startedAt, DeviceClass()), now, ct);
        switch (outcome)
        {
            case SubmitOutcome.Accepted a:
                (View, AckId, Title) = (Screen.Thanks, a.Ack.ResponseId, Ui.L("Cảm ơn", "Thank you"));
                return Page();
            case SubmitOutcome.Invalid i:
                (ClientId, StartedAt, Errors) = (clientId, startedAt ?? now, i.Errors);
                return FormScreen();
            default:
                return StateScreen(LinkState.Used);
        }
    }

    private PageResult FormScreen()
    {
        View = Screen.Form;
        Title = Definition!.Title.Get(Ui.Lang);
        RatedUnits = Link!.RatedUnits!.Select(u => new RatedUnit(u.Code, u.Name)).ToList();
        return Page();
    }

    private PageResult StateScreen(LinkState state)
    {
        View = Screen.Message;
        (Title, MessageText, var status) = state switch
        {
            LinkState.Used => (Ui.L("Phiếu đã được trả lời", "Already answered"),
                Ui.L("Liên kết này đã được dùng để trả lời phiếu. Cảm ơn Ông/Bà đã tham gia khảo sát.", "This link has already been used to answer. Thank you for taking part."), 410),
            LinkState.Revoked => (Ui.L("Liên kết đã bị thu hồi", "Link revoked"),
                Ui.L("Liên kết này đã bị thu hồi. Nếu Ông/Bà cần trả lời phiếu, vui lòng liên hệ đơn vị tổ chức khảo sát để được cấp liên kết mới.", "This link was revoked. Please contact the survey team for a new one."), 410),
            LinkState.Expired or LinkState.NotReady => (Ui.L("Liên kết chưa mở hoặc đã hết hạn", "Link not open"),
                Ui.L("Liên kết này hiện không trong thời gian nhận phiếu.", "This link is not open for answers at this time."), 410),
            _ => (Ui.L("Liên kết không hợp lệ", "Link not valid"),
                Ui.L("Liên kết không hợp lệ. Vui lòng kiểm tra lại đường dẫn trong thư mời hoặc quét lại mã QR.", "This link is not valid. Check the address in your invitation or scan the QR code again."), 404),
        };
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>Answers come as <c>a.{item}</c> and, in unit grids, <c>u|{unit}|{item}</c>; repeated keys (checkboxes) are space-joined.</summary>
    private static ResponseData ReadAnswers(IFormCollection form)
    {
        var data = new ResponseData();
        foreach (var (key, values) in form)
        {
            var value = string.Join(' ', values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()));
            if (value.Length == 0) continue;
            value = value.Normalize(System.Text.NormalizationForm.FormC);
            if (key.StartsWith("a.", StringComparison.Ordinal)) data.Set(key[2..], value);
            else if (key.StartsWith("u|", StringComparison.Ordinal) && key.Split('|') is [_, var unit, var item]) data.Set(item, value, unit);
        }
        return data;
    }

    private string DeviceClass()
    {
        var ua = Request.Headers.UserAgent.ToString();
        return ua.Contains("Mobi", StringComparison.Ordinal) ? "phone" : ua.Contains("Tablet", StringComparison.Ordinal) || ua.Contains("iPad", StringComparison.Ordinal) ? "tablet" : "desktop";
    }

    public static string FieldName(string itemId, string? unit) => unit is null ? $"a.{itemId}" : $"u|{unit}|{itemId}";

    public static string FieldId(string itemId, string? unit) => unit is null ? $"q-{itemId}" : $"q-{unit}-{itemId}".Replace('.', '_');

    public ItemView ItemView(Item item, string? unit) => new(item, FieldName(item.Id, unit), FieldId(item.Id, unit), Data.Get(item.Id, unit),
        Errors.FirstOrDefault(e => e.ItemId == item.Id && e.UnitCode == unit)?.Message, item.Required == "true",
        Choices.For(Definition!, item, RatedUnits));

    public string ItemLabel(string itemId, string? unit)
    {
        var label = Definition!.FindItem(itemId)?.Label?.Get(Ui.Lang) ?? itemId;
        if (label.Length > 60) label = label[..60] + "…";
        return unit is null ? label : $"{RatedUnits.FirstOrDefault(u => u.Code == unit)?.Name ?? unit}: {label}";
    }
}
