using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Core.Publication;
using ParIndex.Core.Scoring;

namespace ParIndex.Web.Features.Publication.Pages;

/// <summary>
/// A unit's scorecard, open to everyone: the final index as appraised points plus survey points by area and criterion, SIPAS
/// overall, by element and field, each with its interval, against the plan's targets and the city, and the change since last
/// year with the trend over the years the publication knows.
/// </summary>
[AllowAnonymous, PublicPage]
public sealed class ScorecardModel : PageModel
{
    public PublishedView View { get; private set; } = null!;
    public PublishedResults Results => View.Results;
    public PublishedUnit Unit { get; private set; } = null!;
    public PublishedUnitType Type { get; private set; } = null!;
    public RankTiers.Standing? Standing { get; private set; }
    public int RankedInType { get; private set; }

    public IActionResult OnGet(string roundCode, string unitCode)
    {
        View = PublicPageAttribute.Current(HttpContext)!;
        if (Results.Units.FirstOrDefault(u => u.Score.UnitCode == unitCode) is not { } unit) return new PublicNotFound();
        Unit = unit;
        Type = Results.UnitTypes.First(t => t.Code == unit.Score.UnitType);
        var sameType = Results.Units.Where(u => u.Score.UnitType == Type.Code).Select(u => u.Score).ToList();
        Standing = RankTiers.Of(sameType).GetValueOrDefault(unit.Score.UnitCode);
        RankedInType = sameType.Count(u => u.Rank is not null);
        return Page();
    }

    public SipasFigure? CitySipas(string code) => Type.Sipas.FirstOrDefault(f => f.Code == code);

    public IEnumerable<PublishedTarget> TargetsFor(string figure) => Results.Targets.Where(t => t.Figure == figure && (t.UnitType is null || t.UnitType == Type.Code));

    /// <summary>The unit's SIPAS figures in reading order: the index, the fields, the elements, then anything else the engine published.</summary>
    public IReadOnlyList<SipasFigure> SipasFigures()
    {
        var order = new[] { "sipas", "service", "policy", "access", "procedure", "civil_servant", "result", "feedback", "overall", "policy_info", "policy_participation", "policy_implementation", "policy_result" };
        return Unit.Score.Sipas.OrderBy(f => Array.IndexOf(order, f.Code) is var i && i >= 0 ? i : order.Length).ToList();
    }
}
