using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Questionnaires.Pages;

/// <summary>What changed between two versions of one questionnaire, by stable section and item ids (<see cref="QuestionnaireDiff"/>).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class CompareModel(ParIndexDbContext db) : PageModel
{
    /// <summary>A read-only page: a POST changes nothing.</summary>
    public IActionResult OnPost() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public record Side(int Id, int Number, QuestionnaireDefinition Definition);

    public int QuestionnaireId { get; private set; }
    public int RoundId { get; private set; }
    public string Code { get; private set; } = "";
    public List<(int Id, int Number)> Versions { get; private set; } = [];
    public Side? Older { get; private set; }
    public Side? Newer { get; private set; }
    public IReadOnlyList<DefinitionChange> Changes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int questionnaireId, int? from, int? to, CancellationToken ct)
    {
        var q = await db.Questionnaires.AsNoTracking().FirstOrDefaultAsync(x => x.Id == questionnaireId, ct);
        if (q is null) return NotFound();
        (QuestionnaireId, RoundId, Code) = (q.Id, q.RoundId, q.Code);
        var versions = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.QuestionnaireId == questionnaireId).OrderBy(v => v.Number)
            .Select(v => new { v.Id, v.Number, v.DefinitionJson }).ToListAsync(ct);
        Versions = versions.Select(v => (v.Id, v.Number)).ToList();
        if (versions.Count < 2) return Page();
        var a = versions.FirstOrDefault(v => v.Id == from) ?? versions[^2];
        var b = versions.FirstOrDefault(v => v.Id == to) ?? versions[^1];
        if (a.Number > b.Number) (a, b) = (b, a);
        Older = new Side(a.Id, a.Number, QuestionnaireSerializer.FromJson(a.DefinitionJson));
        Newer = new Side(b.Id, b.Number, QuestionnaireSerializer.FromJson(b.DefinitionJson));
        Changes = QuestionnaireDiff.Compare(Older.Definition, Newer.Definition);
        return Page();
    }

    public static string? Label(QuestionnaireDefinition d, DefinitionChange c, string lang) => c.Element switch
    {
        "item" => d.FindItem(c.Id)?.Label?.Get(lang),
        "section" => d.Sections.FirstOrDefault(s => s.Id == c.Id)?.Title.Get(lang),
        _ => d.Title.Get(lang),
    };
}
