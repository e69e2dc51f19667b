using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Questionnaires.XlsForm;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Questionnaires.Pages;

/// <summary>
/// The designer: edit a draft version field by field (or as YAML), with the validator's messages next to the fields and
/// a live phone preview. Nothing invalid is stored, and nothing typed is lost: a refused save shows the page again
/// with the designer's own text. Every save carries the revision it started from, so a concurrent save is a clear
/// conflict, never a silent overwrite. A published version is read-only here; editing it opens a new draft version.
/// </summary>
[Authorize(Policy = Policies.Design)]
[RequestFormLimits(ValueLengthLimit = QuestionnaireSerializer.MaxTextLength, ValueCountLimit = 20_000)]
public sealed class EditModel(ParIndexDbContext db, TimeProvider clock) : PageModel
{
    public QuestionnaireVersion Version { get; private set; } = null!;
    public Questionnaire Questionnaire => Version.Questionnaire!;
    public bool IsDraft => Version.Status == QuestionnaireVersionStatus.Draft;
    public QuestionnaireDefinition Working { get; private set; } = null!;
    public string WorkingPacked => DraftEditor.Pack(QuestionnaireSerializer.ToJson(Working));
    public int Revision { get; private set; }
    public bool Unsaved { get; private set; }
    public List<DefinitionProblem> Problems { get; } = [];
    public DesignOutcome.Conflict? Conflict { get; private set; }
    public string? Message { get; private set; }
    public string? YamlText { get; private set; }
    public bool YamlOpen { get; private set; }
    public List<string> Notes { get; } = [];
    public List<TargetOption> Targets { get; private set; } = [];
    public PreviewView Preview { get; private set; } = null!;

    private readonly HashSet<string> shown = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(int versionId, bool saved, CancellationToken ct)
    {
        await Load(versionId, ct);
        if (saved) Message = Ui.L("Đã lưu bản nháp.", "Draft saved.");
        return await Show(ct);
    }

    /// <summary>The structured form: field values by path, the base definition it was drawn from, and the button pressed.</summary>
    public async Task<IActionResult> OnPostSaveAsync(int versionId, int revision, int? overwrite, string? draft, string? op, CancellationToken ct)
    {
        await Load(versionId, ct);
        if (!IsDraft) return await Show(ct);
        if (op == "add-list") op = "add-list:" + Request.Form["newListId"].ToString().Trim();
        var working = Build(draft, op is "publish" or "save" ? null : op);
        if (working is null || Problems.Count > 0) return await Unstored(working, revision, ct);
        var outcome = await DesignQuestionnaire.SaveDraft(db, versionId, overwrite ?? revision, working, Actor.Of(HttpContext), Now, "questionnaire.draft.save", ct);
        if (outcome is DesignOutcome.Saved saved && op == "publish")
            outcome = await DesignQuestionnaire.Publish(db, versionId, saved.Revision, Actor.Of(HttpContext), Now, ct);
        return outcome switch
        {
            DesignOutcome.Saved when op == "publish" => Redirect($"/questionnaires/versions/{versionId}?published=1"),
            DesignOutcome.Saved => Redirect($"/questionnaires/versions/{versionId}/edit?saved=1#{AnchorAfter(op)}"),
            _ => await Refused(outcome, working, revision, ct),
        };
    }

    /// <summary>The same definition as YAML, for people who prefer the file.</summary>
    public async Task<IActionResult> OnPostSaveYamlAsync(int versionId, int revision, int? overwrite, string? yaml, CancellationToken ct)
    {
        await Load(versionId, ct);
        if (!IsDraft) return await Show(ct);
        (YamlText, YamlOpen) = (yaml ?? "", true);
        var working = Parse(() => QuestionnaireSerializer.FromYaml(yaml ?? ""));
        if (working is null) return await Unstored(null, revision, ct);
        var outcome = await DesignQuestionnaire.SaveDraft(db, versionId, overwrite ?? revision, working, Actor.Of(HttpContext), Now, "questionnaire.draft.save", ct);
        return outcome is DesignOutcome.Saved ? Redirect($"/questionnaires/versions/{versionId}/edit?saved=1") : await Refused(outcome, working, revision, ct);
    }

    /// <summary>Replaces the draft by an uploaded definition file (YAML or JSON), when it is valid.</summary>
    public async Task<IActionResult> OnPostUploadAsync(int versionId, int revision, IFormFile? file, CancellationToken ct)
    {
        await Load(versionId, ct);
        if (!IsDraft) return await Show(ct);
        if (file is null || file.Length == 0) { Problems.Add(new DefinitionProblem("", Ui.L("Chưa chọn tệp.", "No file chosen."))); return await Unstored(null, revision, ct); }
        if (file.Length > QuestionnaireSerializer.MaxTextLength) { Problems.Add(new DefinitionProblem("", "the file is larger than 4 MB")); return await Unstored(null, revision, ct); }
        string text;
        using (var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8)) text = await reader.ReadToEndAsync(ct);
        var working = Parse(() => DesignQuestionnaire.Read(file.FileName, text));
        if (working is null) return await Unstored(null, revision, ct);
        var outcome = await DesignQuestionnaire.SaveDraft(db, versionId, revision, working, Actor.Of(HttpContext), Now, "questionnaire.upload", ct);
        if (outcome is not DesignOutcome.Saved) return await Refused(outcome, working, revision, ct);
        await Load(versionId, ct);
        Message = Ui.L($"Đã nạp tệp {file.FileName} vào bản nháp.", $"Loaded {file.FileName} into the draft.");
        return await Show(ct);
    }

    /// <summary>Replaces the draft by an XLSForm workbook; what XLSForm has and ParIndex does not is listed by row.</summary>
    public async Task<IActionResult> OnPostImportXlsFormAsync(int versionId, int revision, IFormFile? file, CancellationToken ct)
    {
        await Load(versionId, ct);
        if (!IsDraft) return await Show(ct);
        if (file is null || file.Length == 0) { Problems.Add(new DefinitionProblem("", Ui.L("Chưa chọn tệp.", "No file chosen."))); return await Unstored(null, revision, ct); }
        XlsFormImportResult result;
        await using (var stream = file.OpenReadStream()) result = XlsFormConverter.Import(stream);
        Notes.AddRange(result.Issues.Select(i => i.ToString()));
        if (result.Definition is not { } working)
        {
            Problems.Add(new DefinitionProblem("", Ui.L("Không đọc được phiếu nào từ tệp XLSForm.", "No questionnaire could be read from the XLSForm file.")));
            return await Unstored(null, revision, ct);
        }
        // The workbook knows nothing of the round: the questionnaire keeps its group and unit type.
        if (string.IsNullOrWhiteSpace(working.RespondentGroup)) working.RespondentGroup = Questionnaire.RespondentGroup!.Code;
        if (string.IsNullOrWhiteSpace(working.UnitType)) working.UnitType = Questionnaire.RespondentGroup!.UnitType!.Code;
        var outcome = await DesignQuestionnaire.SaveDraft(db, versionId, revision, working, Actor.Of(HttpContext), Now, "questionnaire.xlsform.import", ct);
        if (outcome is not DesignOutcome.Saved) return await Refused(outcome, working, revision, ct);
        await Load(versionId, ct);
        Message = Ui.L($"Đã nhập XLSForm {file.FileName} vào bản nháp.", $"Imported XLSForm {file.FileName} into the draft.");
        return await Show(ct);
    }

    /// <summary>Editing a published version: opens (or reuses) the questionnaire's draft version.</summary>
    public async Task<IActionResult> OnPostNewDraftAsync(int versionId, CancellationToken ct)
    {
        await Load(versionId, ct);
        var draft = await DesignQuestionnaire.OpenDraft(db, Questionnaire.Id, Actor.Of(HttpContext), Now, ct);
        return Redirect($"/questionnaires/versions/{draft.Id}/edit");
    }

    /// <summary>The live preview: the posted form (or YAML) rendered as the respondent's phone shows it; nothing is stored.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(int versionId, string? draft, string? yaml, CancellationToken ct)
    {
        await Load(versionId, ct);
        var working = yaml is not null ? Parse(() => QuestionnaireSerializer.FromYaml(yaml)) : Build(draft, null);
        if (working is null)
            return Content($"<p class=\"error\">{System.Net.WebUtility.HtmlEncode(Ui.L("Chưa xem trước được: ", "Cannot preview yet: ") + string.Join("; ", Problems.Select(p => p.ToString())))}</p>", "text/html; charset=utf-8");
        return Partial("_Preview", new PreviewView(working, await Units(ct), Ui.Lang));
    }

    /// <summary>Every change names its handler; a bare POST changes nothing.</summary>
    public IActionResult OnPost() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task Load(int versionId, CancellationToken ct)
    {
        Version = await DesignQuestionnaire.LoadVersion(db, versionId, ct);
        Revision = db.RevisionOf(Version);
        Working = QuestionnaireSerializer.FromJson(Version.DefinitionJson);
    }

    private QuestionnaireDefinition? Build(string? draft, string? op)
    {
        var fields = Request.Form.Where(f => DraftEditor.IsEditable(f.Key)).Select(f => KeyValuePair.Create(f.Key, (string?)f.Value.LastOrDefault())).ToList();
        return Parse(() => DraftEditor.Apply(string.IsNullOrWhiteSpace(draft) ? Version.DefinitionJson : DraftEditor.Unpack(draft), fields, op, Problems));
    }

    private QuestionnaireDefinition? Parse(Func<QuestionnaireDefinition> read)
    {
        try { return read(); }
        catch (QuestionnaireFormatException e) { Problems.AddRange(e.Problems); return null; }
        catch (System.Text.Json.JsonException e) { Problems.Add(new DefinitionProblem("", e.Message)); return null; }
    }

    private async Task<IActionResult> Refused(DesignOutcome outcome, QuestionnaireDefinition working, int revision, CancellationToken ct)
    {
        if (outcome is DesignOutcome.Rejected r) Problems.AddRange(r.Problems);
        if (outcome is DesignOutcome.Conflict c) Conflict = c;
        return await Unstored(working, revision, ct);
    }

    /// <summary>Shows the designer's own work again, unsaved, with what to fix; the form keeps the revision it started from.</summary>
    private async Task<IActionResult> Unstored(QuestionnaireDefinition? working, int revision, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        if (working is not null) Working = working;
        (Revision, Unsaved) = (revision, true);
        Response.StatusCode = Conflict is not null ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return await Show(ct);
    }

    private async Task<IActionResult> Show(CancellationToken ct)
    {
        Targets = await DesignQuestionnaire.Targets(db, Questionnaire.RoundId, ct);
        Preview = new PreviewView(Working, await Units(ct), Ui.Lang);
        YamlText ??= QuestionnaireSerializer.ToYaml(Working);
        if (!Unsaved && IsDraft && Problems.Count == 0)
            Problems.AddRange(await DesignQuestionnaire.Check(db, Questionnaire, Working, ct)); // a draft stored before a rule changed
        return Page();
    }


    private async Task<IReadOnlyList<RatedUnit>> Units(CancellationToken ct) =>
        await PreviewView.UnitsOf(db, Questionnaire.RoundId, Questionnaire.RespondentGroup!.UnitType!.Code, ct);

    private static string AnchorAfter(string? op)
    {
        var p = (op ?? "").Split(':');
        int N(int k) => p.Length > k && int.TryParse(p[k], out var n) ? n : 0;
        return p[0] switch
        {
            "add-item" => $"it-{N(1)}-{N(2) + 1}",
            "up-item" or "down-item" or "del-item" => $"sec-{N(1)}",
            "add-section" => $"sec-{N(1) + 1}",
            "up-section" or "down-section" or "del-section" => $"sec-{Math.Max(0, N(1) - 1)}",
            "add-choice" or "del-choice" or "add-list" => "choice-lists",
            _ => "definition",
        };
    }

    // ——— view helpers: validator messages next to their fields ———

    /// <summary>The messages about exactly <paramref name="path"/>, in the UI language; marks them shown.</summary>
    public IEnumerable<string> Msgs(string path)
    {
        shown.Add(path);
        return Problems.Where(p => p.Path == path).Select(p => ProblemText.Message(p.Message, Ui.IsEnglish));
    }

    /// <summary>Messages under <paramref name="prefix"/> not yet shown next to a field (e.g. <c>…scoring</c>, <c>…scoring.weight</c>).</summary>
    public IEnumerable<string> Rest(string prefix) =>
        Problems.Where(p => (p.Path == prefix || p.Path.StartsWith(prefix + ".", StringComparison.Ordinal)) && !shown.Contains(p.Path))
            .Select(p =>
            {
                var relative = p.Path.Length > prefix.Length ? p.Path[(prefix.Length + 1)..] : "";
                var message = ProblemText.Message(p.Message, Ui.IsEnglish);
                return relative.Length == 0 ? message : $"{ProblemText.Where(relative, Ui.IsEnglish)}: {message}";
            });

    public bool HasMsgs(string prefix) => Problems.Any(p => p.Path == prefix || p.Path.StartsWith(prefix + ".", StringComparison.Ordinal));
}
