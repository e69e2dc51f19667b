using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Questionnaires.Pages;

/// <summary>The paper form of a version (<see cref="QuestionnairePrinter"/>), for printing and for review meetings.</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class PrintModel(ParIndexDbContext db) : PageModel
{
    /// <summary>A read-only page: a POST changes nothing.</summary>
    public IActionResult OnPost() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public int VersionId { get; private set; }
    public string Title { get; private set; } = "";
    public string Html { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int versionId, bool grid, CancellationToken ct)
    {
        var v = await db.QuestionnaireVersions.AsNoTracking().Include(x => x.Questionnaire!).ThenInclude(q => q.RespondentGroup!).ThenInclude(g => g.UnitType)
            .FirstOrDefaultAsync(x => x.Id == versionId, ct);
        if (v is null) return NotFound();
        var definition = QuestionnaireSerializer.FromJson(v.DefinitionJson);
        var units = grid ? await PreviewView.UnitsOf(db, v.Questionnaire!.RoundId, v.Questionnaire.RespondentGroup!.UnitType!.Code, ct) : null;
        (VersionId, Title) = (v.Id, $"{v.Questionnaire!.Code} v{v.Number}");
        // Labels are Markdown typed by designers or imported: a safe subset only (no raw HTML, no scripted links, no images).
        Html = SafeMarkdown.ToHtml(QuestionnairePrinter.ToMarkdown(definition, Ui.Lang, units));
        return Page();
    }
}
