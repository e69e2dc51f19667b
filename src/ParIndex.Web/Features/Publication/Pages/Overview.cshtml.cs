using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Core.Publication;
using ParIndex.Core.Scoring;

namespace ParIndex.Web.Features.Publication.Pages;

/// <summary>
/// The city overview of a published round, open to everyone: the city's figures per unit type, then every unit's index and
/// SIPAS with intervals, rank and rank range, tier (units whose rank intervals overlap cannot be told apart) and change since
/// last year; sortable and filtered by unit type through plain links (no script).
/// </summary>
[AllowAnonymous, PublicPage]
public sealed class OverviewModel : PageModel
{
    public static readonly string[] Sorts = ["hang", "sipas", "thay-doi", "ten"];

    public PublishedView View { get; private set; } = null!;
    public PublishedResults Results => View.Results;
    public string? TypeFilter { get; private set; }
    public string Sort { get; private set; } = "hang";

    public IActionResult OnGet(string roundCode, string? loai, string? xep)
    {
        View = PublicPageAttribute.Current(HttpContext)!;
        TypeFilter = Results.UnitTypes.Any(t => t.Code == loai) ? loai : null;
        Sort = xep is not null && Sorts.Contains(xep) ? xep : "hang";
        return Page();
    }

    public IEnumerable<PublishedUnitType> Types => Results.UnitTypes.Where(t => TypeFilter is null || t.Code == TypeFilter);

    /// <summary>The units of a type in the chosen order (units without the sorted figure last, then by name).</summary>
    public IReadOnlyList<PublishedUnit> UnitsOf(string type)
    {
        var units = Results.Units.Where(u => u.Score.UnitType == type);
        return (Sort switch
        {
            "sipas" => units.OrderByDescending(u => PublishedFigures.Of(u.Score, PublishedFigures.Sipas)?.Value ?? double.NegativeInfinity),
            "thay-doi" => units.OrderByDescending(u => Change(u)?.Difference ?? double.NegativeInfinity),
            "ten" => units.OrderBy(u => u.Score.UnitName, StringComparer.Create(Infrastructure.Ui.Vi, false)),
            _ => units.OrderBy(u => u.Score.Rank ?? int.MaxValue),
        }).ThenBy(u => u.Score.UnitName, StringComparer.Create(Infrastructure.Ui.Vi, false)).ToList();
    }

    public static FigureChange? Change(PublishedUnit u, string figure = PublishedFigures.Index) =>
        u.Changes.FirstOrDefault(c => c.Figure == figure && c.Difference is not null);

    /// <summary>The plain mean of the published indices of a type (no interval: it is a description, not an estimate).</summary>
    public double? MeanIndex(string type)
    {
        var values = Results.Units.Where(u => u.Score.UnitType == type && u.Score.Index is not null).Select(u => u.Score.Index!.Value).ToList();
        return values.Count == 0 ? null : values.Average();
    }

    public static SipasFigure? Sipas(IEnumerable<SipasFigure> figures) => figures.FirstOrDefault(f => f.Code == PublishedFigures.Sipas);
}
