using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Collection.Pages;

public sealed record ItemView(Item Item, string Name, string Id, string? Value, string? Error, bool Required, IReadOnlyList<Choice> Choices, bool Hidden = false,
    string? ConstraintMessage = null);

/// <summary>
/// The respondent's form behind a personal link (<c>/r/{token}</c>). Plain HTML form posts: it works with
/// JavaScript off. The client id is minted when the form is first served, so re-posting the same page
/// (a retry after a network failure) is recognised and stored once.
/// </summary>
[AllowAnonymous]
public sealed class PersonalFormModel(ParIndexDbContext db, CollectionCatalog catalog, IProgressEvents events, TimeProvider clock) : PageModel
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

    /// <summary>The screen shown (section, or one unit of a grid), its position among all screens, and the form state.</summary>
    public FormStep? Step { get; private set; }
    public int StepNumber { get; private set; }
    public int StepCount { get; private set; }
    public bool IsLastStep => StepNumber == StepCount;
    public FormState? State { get; private set; }
    public Section? CurrentSection => Step is null ? null : Definition!.Sections.First(s => s.Id == Step.SectionId);
    public int GridPosition { get; private set; }
    public int GridCount { get; private set; }
    public string GridUnitLabel { get; private set; } = "";
    public DateTime ShownAt { get; private set; }
    public bool Resumed { get; private set; }

    private const string ContinuingKey = "form-continuing";

    /// <summary>The first screen carries the form's introduction (description, anonymity) once, small, under its questions.</summary>
    public bool IsFirstStep => StepNumber == 1;

    public string UnitTypeLabel => Ui.L("Đơn vị", "Unit");

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Link = await RespondentLink.Resolve(db, catalog, token, now, ct);
        if (Link.State != LinkState.Open) return StateScreen(Link.State);
        Link.Invitation!.MarkOpened(now);
        await db.SaveChangesAsync(ct);
        var saved = await FormProgress.Load(db, Link, ct);
        Data = saved.Data;
        // "Continue where you left off" greets a respondent who comes back to a saved response, not one who just pressed
        // Next or Back: those redirect here with a one-request marker (TempData).
        var continuing = TempData[ContinuingKey] is not null;
        (ClientId, StartedAt, Resumed) = saved.Response is { } r ? (r.ClientId, r.StartedAt, !continuing) : (Guid.NewGuid(), now, false);
        return await StepScreen(FormStep.Parse(saved.Paradata.Position), ct);
    }

    public async Task<IActionResult> OnPostAsync(string? token, Guid clientId, DateTime? startedAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Link = await RespondentLink.Resolve(db, catalog, token, now, ct);
        if (Link.State is not (LinkState.Open or LinkState.Used)) return StateScreen(Link.State);
        if (clientId == Guid.Empty) return StateScreen(LinkState.Invalid);
        if (Link.Round is { } round && ParadataRules.FromForm(Request.Form["startedAt"], round, now).Problem is { } paradata) return InvalidParadata(paradata);
        // On a used link every post (a retry of the last screen included) goes to SubmitResponse, which gives a retry of
        // the stored submission its acknowledgement back and anyone else "already answered".
        if (Link.State == LinkState.Open && FormStep.Parse(Request.Form["step"]) is { } step) return await PostStep(step, clientId, now, ct);
        return await SubmitWholeForm(clientId, startedAt, now, ct);
    }

    /// <summary>A whole form in one post (no step field, or a retry on a used link): checked and stored at once.</summary>
    private async Task<IActionResult> SubmitWholeForm(Guid clientId, DateTime? startedAt, DateTime now, CancellationToken ct)
    {
        Data = FormPosts.ReadAnswers(Request.Form);
        var outcome = await SubmitResponse.Handle(db, events, Link!, new SubmitRequest(clientId, Data, ResponseMode.Web, Ui.Lang, startedAt, Collection.DeviceClass.Of(Request.Headers.UserAgent.ToString())), now, ct);
        switch (outcome)
        {
            case SubmitOutcome.Accepted a:
                (View, AckId, Title) = (Screen.Thanks, a.Ack.ResponseId, Ui.L("Cảm ơn", "Thank you"));
                return Page();
            case SubmitOutcome.Invalid i:
                (ClientId, StartedAt, Errors) = (clientId, startedAt ?? now, i.Errors);
                return await StepScreen(null, ct);
            case SubmitOutcome.LinkClosed c:
                return StateScreen(c.ProblemCode == "token-revoked" ? LinkState.Revoked : LinkState.Expired);
            default:
                return StateScreen(LinkState.Used);
        }
    }

    /// <summary>
    /// One screen posted: its answers replace what was saved for it, the screen is checked on the server (skip logic and
    /// constraints through the answer engine), saved into the InProgress response, and the next screen is shown — or, on
    /// the last screen, the whole response is submitted with the client id minted when it was started (idempotent).
    /// </summary>
    private async Task<IActionResult> PostStep(FormStep step, Guid clientId, DateTime now, CancellationToken ct)
    {
        var link = Link!;
        var saved = await FormProgress.Load(db, link, ct);
        if (saved.Response is { Status: ResponseStatus.Submitted }) return await SubmitWholeForm(clientId, null, now, ct);
        var section = Definition!.Sections.FirstOrDefault(s => s.Id == step.SectionId);
        var units = Units();
        if (section is null || (section.Grid is null) != (step.UnitCode is null) || (step.UnitCode is { } uc && units.All(u => u.Code != uc)))
            return Tampered();
        var engine = AnswerChecks.EngineFor(Definition, link.Version!.ContentHash);
        Data = saved.Data;
        var visibleBefore = VisibleItems(engine.Evaluate(Data, units), section, step.UnitCode);

        // Everything is checked before anything is written. A screen posts only its own items (of its own unit, in a
        // grid); any other answer field, an unknown item or unit, or a value for a calculation is something no honest
        // form sends: the post is refused and nothing is stored.
        var own = section.Items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        if (ScreenAnswers(Request.Form, step, own) is not { } posted) return Tampered();
        // The posted screen replaces its own answers: a cleared field or unticked box is an answer too.
        foreach (var item in section.Items) Remove(Data, item.Id, step.UnitCode);
        foreach (var (item, value) in posted) Data.Set(item, value, step.UnitCode);
        if (engine.Validate(Data, units, Ui.Lang).Problems.Any(p => AnswerChecks.IsTampered(p.Code) && own.Contains(p.ItemId) && p.UnitCode == step.UnitCode))
            return Tampered();

        var paradata = saved.Paradata;
        if (saved.Response is null) paradata.Started = DateTime.TryParse(Request.Form["startedAt"], null, System.Globalization.DateTimeStyles.RoundtripKind, out var st) && st <= now ? st.ToUniversalTime() : now;
        paradata.Device = Collection.DeviceClass.Of(Request.Headers.UserAgent.ToString());
        if (DateTime.TryParse(Request.Form["shownAt"], null, System.Globalization.DateTimeStyles.RoundtripKind, out var shown)) paradata.AddTime(step.SectionId, now - shown.ToUniversalTime());
        ClientId = saved.Response?.ClientId ?? clientId;
        StartedAt = paradata.Started;

        var back = Request.Form["nav"] == "back";
        var problems = engine.ValidateSection(step.SectionId, Data, units, Ui.Lang, unitCode: step.UnitCode).Problems
            .Where(p => p.Blocking).Select(p => new AnswerError(p.ItemId, p.UnitCode, p.Code, p.Message)).ToList();
        if (!back && problems.Count > 0)
        {
            // A screen that does not hold is shown again with its messages and the answers as typed; it is saved only
            // once it holds, so the stored answers never contain a value the questionnaire refuses.
            Errors = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await StepScreen(step, ct);
        }
        // Going back keeps what holds on this screen and drops only the values that do not (a missing answer is no value).
        foreach (var p in problems) Remove(Data, p.ItemId, p.UnitCode);
        var state = engine.Evaluate(Data, units);
        // Skip logic opened new questions on this very screen (JavaScript off): show it again with them.
        var opened = !back && VisibleItems(state, section, step.UnitCode).Except(visibleBefore).Any(id => Data.Get(id, step.UnitCode) is null);
        var steps = FormProgress.Steps(Definition, state);
        var index = steps.IndexOf(step);
        FormStep? next = back ? steps.ElementAtOrDefault(Math.Max(0, index - 1)) : opened ? step : steps.ElementAtOrDefault(index + 1);
        paradata.Position = (next ?? step).Key;
        if (!await FormProgress.Save(db, link, saved with { Paradata = paradata }, ClientId, Ui.Lang, now, ct)) return StateScreen(LinkState.Expired);

        if (opened) return await StepScreen(step, ct);
        if (back || next is not null)
        {
            TempData[ContinuingKey] = true;
            return RedirectToPage(new { token = RouteData.Values["token"] });
        }

        // Last screen: submit everything, idempotently.
        var outcome = await SubmitResponse.Handle(db, events, link, new SubmitRequest(ClientId, Data, ResponseMode.Web, Ui.Lang, paradata.Started, paradata.Device), now, ct);
        switch (outcome)
        {
            case SubmitOutcome.Accepted a:
                await FormProgress.MarkEnded(db, a.Ack.ResponseId, paradata, now, ct);
                (View, AckId, Title) = (Screen.Thanks, a.Ack.ResponseId, Ui.L("Cảm ơn", "Thank you"));
                return Page();
            case SubmitOutcome.Invalid i:
                // An earlier screen no longer holds (an answer changed the skip logic): go back to the first problem.
                Errors = i.Errors;
                var first = i.Errors[0];
                var firstStep = steps.FirstOrDefault(s => s.UnitCode == first.UnitCode && Definition.Sections.First(x => x.Id == s.SectionId).Items.Any(it => it.Id == first.ItemId)) ?? step;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await StepScreen(firstStep, ct);
            case SubmitOutcome.LinkClosed c:
                return StateScreen(c.ProblemCode == "token-revoked" ? LinkState.Revoked : LinkState.Expired);
            default:
                return StateScreen(LinkState.Used);
        }
    }

    private static HashSet<string> VisibleItems(FormState state, Section section, string? unit) =>
        section.Items.Where(i => state.IsItemVisible(i.Id, unit)).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

    private static void Remove(ResponseData data, string itemId, string? unit)
    {
        if (unit is null) data.Answers.Remove(itemId);
        else if (data.Units.TryGetValue(unit, out var answers)) answers.Remove(itemId);
    }

    private List<RatedUnit> Units() => Link!.RatedUnits!.Select(u => new RatedUnit(u.Code, u.Name)).ToList();

    /// <summary>Renders one screen: <paramref name="wanted"/> if it is still a screen of the form for the current answers, else the first.</summary>
    private async Task<IActionResult> StepScreen(FormStep? wanted, CancellationToken ct)
    {
        View = Screen.Form;
        Title = Definition!.Title.Get(Ui.Lang);
        RatedUnits = Units();
        var engine = AnswerChecks.EngineFor(Definition, Link!.Version!.ContentHash);
        State = engine.Evaluate(Data, RatedUnits);
        var steps = FormProgress.Steps(Definition, State);
        if (steps.Count == 0) return StateScreen(LinkState.NotReady);
        Step = wanted is not null && steps.Contains(wanted) ? wanted : steps[0];
        StepNumber = steps.IndexOf(Step) + 1;
        StepCount = steps.Count;
        ShownAt = clock.GetUtcNow().UtcDateTime;
        if (Step.UnitCode is { } unit)
        {
            var gridUnits = State.UnitsOf(Step.SectionId);
            GridCount = gridUnits.Count;
            GridPosition = gridUnits.Select(u => u.Code).ToList().IndexOf(unit) + 1;
            var typeCode = await db.UnitTypes.Where(t => t.Id == Link.Group!.UnitTypeId).Select(t => t.Code).FirstOrDefaultAsync(ct);
            GridUnitLabel = typeCode switch { "SO" => Ui.L("Sở", "Department"), "XA" => Ui.L("Xã/phường", "Commune/ward"), _ => Ui.L("Đơn vị", "Unit") };
        }
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

    /// <summary>
    /// The answers of one screen: <c>a.{item}</c> (or <c>u|{unit}|{item}</c> of that screen's unit) for the screen's own
    /// items; null when any answer field is malformed or belongs elsewhere (a tampered post).
    /// </summary>
    private static List<(string Item, string Value)>? ScreenAnswers(IFormCollection form, FormStep step, HashSet<string> own)
    {
        var answers = new List<(string, string)>();
        foreach (var (key, values) in form)
        {
            string? item;
            if (key.StartsWith("a.", StringComparison.Ordinal)) item = step.UnitCode is null ? key[2..] : null;
            else if (key.StartsWith("u|", StringComparison.Ordinal)) item = key.Split('|') is [_, var unit, var id] && unit == step.UnitCode ? id : null;
            else continue;
            if (item is null || !own.Contains(item)) return null;
            var value = string.Join(' ', values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()));
            if (value.Length > 0) answers.Add((item, value.Normalize(System.Text.NormalizationForm.FormC)));
        }
        return answers;
    }

    /// <summary>A post no honest form sends: refused with a plain Vietnamese page, 400, nothing stored.</summary>
    private PageResult Tampered()
    {
        View = Screen.Message;
        (Title, MessageText) = (Ui.L("Dữ liệu gửi lên không hợp lệ", "Invalid submission"),
            Ui.L("Dữ liệu gửi lên không hợp lệ nên chưa được ghi nhận. Vui lòng mở lại liên kết và trả lời trên trang phiếu.",
                "The submitted data is not valid and was not recorded. Please reopen the link and answer on the form page."));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>A post whose paradata (the hidden start time) is implausible: refused with the reason, 400, nothing stored.</summary>
    private PageResult InvalidParadata(string problem)
    {
        View = Screen.Message;
        (Title, MessageText) = (Ui.L("Dữ liệu gửi lên không hợp lệ", "Invalid submission"),
            Ui.L($"Thông tin kèm theo phiếu không hợp lệ nên phiếu chưa được ghi nhận. {problem} Vui lòng mở lại liên kết và trả lời trên trang phiếu.",
                $"The data sent with the form is not valid, so nothing was recorded. {problem} Please reopen the link and answer on the form page."));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>
    /// An item of the shown screen. Items skip logic hides are rendered too, with <c>hidden</c> and <c>disabled</c>: without
    /// JavaScript they are neither shown nor posted (the server decides, as before); with it, <c>skip.js</c> shows them the
    /// moment an answer makes them relevant, evaluating the same AST the server does.
    /// </summary>
    public ItemView ItemView(Item item, string? unit) => new(item, FormPosts.FieldName(item.Id, unit), FormPosts.FieldId(item.Id, unit), Data.Get(item.Id, unit),
        Errors.FirstOrDefault(e => e.ItemId == item.Id && e.UnitCode == unit)?.Message, item.Required == "true",
        Choices.For(Definition!, item, RatedUnits), State is { } st && !st.IsItemVisible(item.Id, unit),
        item.Constraint is null ? null : item.ConstraintMessage?.Get(Ui.Lang) ?? Ui.L("Câu trả lời không hợp lệ.", "This answer is not valid."));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> LogicCache = new();

    /// <summary>The questionnaire's logic as the AST JSON <c>expr.js</c> evaluates (once per published version).</summary>
    public string LogicJson => Link!.Version!.ContentHash is { } hash ? LogicCache.GetOrAdd(hash, _ => ClientLogic.ToJson(Definition!)) : ClientLogic.ToJson(Definition!);

    /// <summary>
    /// The respondent's saved answers the shown screen's logic may read from other screens (in a grid: the form-level
    /// answers overlaid with this unit's), JSON for the form's data-answers attribute. Only this link's own answers.
    /// </summary>
    public string KnownAnswersJson
    {
        get
        {
            var known = new Dictionary<string, string>(Data.Answers, StringComparer.Ordinal);
            if (Step?.UnitCode is { } unit && Data.Units.TryGetValue(unit, out var own)) foreach (var (k, v) in own) known[k] = v;
            if (State is { } st)
                foreach (var (_, item) in Definition!.AllItems().Where(p => p.Item.Calculation is not null))
                    if ((st.CalculatedValue(item.Id, Step?.UnitCode) ?? st.CalculatedValue(item.Id)) is { } v) known[item.Id] = v;
            return System.Text.Json.JsonSerializer.Serialize(known);
        }
    }

    public string ItemLabel(string itemId, string? unit)
    {
        var label = Definition!.FindItem(itemId)?.Label?.Get(Ui.Lang) ?? itemId;
        if (label.Length > 60) label = label[..60] + "…";
        return unit is null ? label : $"{RatedUnits.FirstOrDefault(u => u.Code == unit)?.Name ?? unit}: {label}";
    }
}
