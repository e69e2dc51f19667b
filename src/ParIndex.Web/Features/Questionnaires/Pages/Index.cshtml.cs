using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Questionnaires.Pages;

public sealed record VersionRow(int Id, int Number, QuestionnaireVersionStatus Status, string? Hash, DateTime CreatedAt, DateTime? PublishedAt,
    string? PublishedBy, int Responses, int Revision, string? UpdatedBy, DateTime? UpdatedAt);

public sealed record QuestionnaireRow(int Id, string Code, string Title, List<VersionRow> Versions);

public sealed record GroupRow(int Id, string Code, string Name, string UnitType, QuestionnaireRow? Questionnaire);

/// <summary>The questionnaires of a round, one per respondent group, with every version (draft or published, hash, who published).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class IndexModel(ParIndexDbContext db) : PageModel
{
    /// <summary>A read-only page: a POST changes nothing.</summary>
    public IActionResult OnPost() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public int RoundId { get; private set; }
    public string RoundName { get; private set; } = "";
    public List<GroupRow> Groups { get; private set; } = [];
    public bool CanDesign { get; private set; }

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return NotFound();
        (RoundId, RoundName) = (round.Id, round.Name);
        CanDesign = Policies.RolesOf[Policies.Design].Any(User.IsInRole);
        Groups = await ListAsync(db, roundId, ct);
        return Page();
    }

    public static async Task<List<GroupRow>> ListAsync(ParIndexDbContext db, int roundId, CancellationToken ct)
    {
        var versions = await db.QuestionnaireVersions.AsNoTracking().Where(v => v.Questionnaire!.RoundId == roundId)
            .Select(v => new
            {
                v.QuestionnaireId,
                Row = new VersionRow(v.Id, v.Number, v.Status, v.ContentHash, v.CreatedAt, v.PublishedAt,
                    EF.Property<string?>(v, VersionTracking.PublishedBy), db.Responses.Count(r => r.QuestionnaireVersionId == v.Id),
                    EF.Property<int>(v, VersionTracking.Revision), EF.Property<string?>(v, VersionTracking.UpdatedBy), EF.Property<DateTime?>(v, VersionTracking.UpdatedAt)),
            }).ToListAsync(ct);
        var questionnaires = await db.Questionnaires.AsNoTracking().Where(q => q.RoundId == roundId)
            .Select(q => new { q.Id, q.Code, q.Title, q.RespondentGroupId }).ToListAsync(ct);
        var groups = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).OrderBy(g => g.SortOrder)
            .Select(g => new { g.Id, g.Code, g.Name, UnitType = g.UnitType!.Code }).ToListAsync(ct);
        return groups.Select(g => new GroupRow(g.Id, g.Code, g.Name, g.UnitType,
            questionnaires.Where(q => q.RespondentGroupId == g.Id).Select(q => new QuestionnaireRow(q.Id, q.Code, q.Title,
                versions.Where(v => v.QuestionnaireId == q.Id).Select(v => v.Row).OrderByDescending(v => v.Number).ToList())).FirstOrDefault())).ToList();
    }
}
