using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Core.Questionnaires.XlsForm;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Questionnaires.Pages;

/// <summary>
/// One version, read-only, for every staff member: its metadata and hash, the phone preview, the responses collected on
/// it (counts per question, never one person's answers), and its definition as YAML, JSON or XLSForm.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public sealed class VersionModel(ParIndexDbContext db) : PageModel
{
    /// <summary>A read-only page: a POST changes nothing.</summary>
    public IActionResult OnPost() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public QuestionnaireVersion Version { get; private set; } = null!;
    public Questionnaire Questionnaire => Version.Questionnaire!;
    public QuestionnaireDefinition Definition { get; private set; } = null!;
    public PreviewView Preview { get; private set; } = null!;
    public List<VersionRow> Versions { get; private set; } = [];
    public VersionRow Row => Versions.First(v => v.Id == Version.Id);
    public int Submitted { get; private set; }
    public int InProgress { get; private set; }
    public Dictionary<string, int> AnswerCounts { get; private set; } = new(StringComparer.Ordinal);
    public IReadOnlyList<XlsFormIssue> ExportIssues { get; private set; } = [];
    public bool CanDesign { get; private set; }

    public async Task<IActionResult> OnGetAsync(int versionId, CancellationToken ct)
    {
        if (!await Load(versionId, ct)) return NotFound();
        CanDesign = Policies.RolesOf[Policies.Design].Any(User.IsInRole);
        Preview = new PreviewView(Definition, await PreviewView.UnitsOf(db, Questionnaire.RoundId, Questionnaire.RespondentGroup!.UnitType!.Code, ct), Ui.Lang);
        Versions = (await IndexModel.ListAsync(db, Questionnaire.RoundId, ct)).First(g => g.Id == Questionnaire.RespondentGroupId).Questionnaire!.Versions;
        var responses = db.Responses.Where(r => r.QuestionnaireVersionId == versionId);
        Submitted = await responses.CountAsync(r => r.Status == ResponseStatus.Submitted, ct);
        InProgress = await responses.CountAsync(r => r.Status != ResponseStatus.Submitted, ct);
        // Counts per question only: one respondent's answers are never shown (respondent anonymity).
        await foreach (var json in db.AnswerSets.Where(a => responses.Any(r => r.Id == a.ResponseId)).Select(a => a.AnswersJson).AsAsyncEnumerable().WithCancellation(ct))
        {
            var answers = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? [];
            foreach (var key in answers.Keys) AnswerCounts[key] = AnswerCounts.GetValueOrDefault(key) + 1;
        }
        ExportIssues = XlsFormConverter.Export(Definition, new MemoryStream());
        return Page();
    }

    /// <summary>The definition as a file: <c>yaml</c> (for people), <c>json</c> (canonical, the hashed form) or <c>xlsx</c> (XLSForm).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(int versionId, string? format, CancellationToken ct)
    {
        if (!await Load(versionId, ct)) return NotFound();
        var name = $"{Questionnaire.Code}-v{Version.Number}";
        switch (format)
        {
            case "json":
                return File(Encoding.UTF8.GetBytes(QuestionnaireSerializer.ToJson(Definition, indented: true)), "application/json", name + ".json");
            case "xlsx":
                var stream = new MemoryStream();
                XlsFormConverter.Export(Definition, stream);
                return File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
            default:
                return File(Encoding.UTF8.GetBytes(QuestionnaireSerializer.ToYaml(Definition)), "application/yaml", name + ".yaml");
        }
    }

    private async Task<bool> Load(int versionId, CancellationToken ct)
    {
        var version = await db.QuestionnaireVersions.AsNoTracking().Include(v => v.Questionnaire!).ThenInclude(q => q.RespondentGroup!).ThenInclude(g => g.UnitType)
            .FirstOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is null) return false;
        Version = version;
        Definition = QuestionnaireSerializer.FromJson(version.DefinitionJson);
        return true;
    }
}
