using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection.Pages;

namespace ParIndex.Web.Features.Questionnaires.Pages;

/// <summary>What the phone preview renders: a definition, the round's rated units (for grids and "@units" lists), a language.</summary>
public sealed record PreviewView(QuestionnaireDefinition Definition, IReadOnlyList<RatedUnit> Units, string Lang)
{
    public ItemView ItemView(Item item, string? unit) => new(item, Collection.FormPosts.FieldName(item.Id ?? "", unit), "p" + Collection.FormPosts.FieldId(item.Id ?? "", unit),
        null, null, item.Required == "true", Choices.For(Definition, item, Units));

    public static async Task<IReadOnlyList<RatedUnit>> UnitsOf(ParIndexDbContext db, int roundId, string unitTypeCode, CancellationToken ct) =>
        await db.Units.AsNoTracking().Where(u => u.RoundId == roundId && u.UnitType!.Code == unitTypeCode)
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Name).Select(u => new RatedUnit(u.Code, u.Name)).ToListAsync(ct);
}
