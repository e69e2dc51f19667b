using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Sampling;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Sampling.Pages;

/// <summary>
/// Sample size per unit × group from a frame version's N (Yamane or Cochran with fpc, design effect, response rate),
/// and the allocation of a total over those cells (equal, proportional, Neyman, optimal; a minimum per cell), with the
/// formulas written out. A calculator: it changes nothing.
/// </summary>
[Authorize(Policy = Policies.Design)]
public sealed class SizeModel(ParIndexDbContext db) : PageModel
{
    public int RoundId { get; private set; }
    public string RoundName { get; private set; } = "";
    public List<FrameVersionRow> Versions { get; private set; } = [];
    public List<string> GroupCodes { get; private set; } = [];
    public IReadOnlyList<SampleSizeCell> Cells { get; private set; } = [];
    public IReadOnlyList<StratumAllocation> Allocation { get; private set; } = [];
    public IReadOnlyList<StratumSpec> AllocationSpecs { get; private set; } = [];
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty(SupportsGet = true)] public string Formula { get; set; } = "cochran-proportion";
    [BindProperty(SupportsGet = true)] public double Margin { get; set; } = 0.05;
    [BindProperty(SupportsGet = true)] public double Confidence { get; set; } = 0.95;
    [BindProperty(SupportsGet = true)] public double Proportion { get; set; } = 0.5;
    [BindProperty(SupportsGet = true)] public double StdDev { get; set; }
    [BindProperty(SupportsGet = true)] public double DesignEffect { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public double ResponseRate { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public int? Total { get; set; }
    [BindProperty(SupportsGet = true)] public string AllocationMethod { get; set; } = "proportional";
    [BindProperty(SupportsGet = true)] public int Minimum { get; set; }
    [BindProperty(SupportsGet = true)] public string? StdDevs { get; set; }
    [BindProperty(SupportsGet = true)] public string? Costs { get; set; }

    public double Z => SampleSize.ZForConfidence(Confidence);

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return NotFound();
        (RoundId, RoundName) = (round.Id, round.Name);
        Versions = (await FrameVersions.List(db, roundId, ct)).Where(v => v.IsLatest || v.Id == Version).ToList();
        Version ??= Versions.FirstOrDefault()?.Id;
        if (Version is not { } versionId || await FrameVersions.Find(db, roundId, versionId, ct) is null) return Page();

        var cells = await FrameVersions.Cells(db, versionId, ct);
        GroupCodes = cells.Select(c => c.Group).Distinct().ToList();
        if (!string.IsNullOrEmpty(Group)) cells = cells.Where(c => c.Group == Group).ToList();
        try
        {
            var spec = new SampleSizeSpec(SizeFormulaDesign.ParseFormula(Formula), 1, Margin, Confidence, Proportion, StdDev, DesignEffect, ResponseRate);
            Cells = SampleSize.Table(cells.Select(c => (c.Unit.Length == 0 ? "(không đơn vị)" : c.Unit, c.Group, c.Count)), spec);
            if (Total is { } total)
            {
                var sd = DesignForm.Pairs(StdDevs);
                var cost = DesignForm.Pairs(Costs);
                AllocationSpecs = cells.Select(c =>
                {
                    var key = $"{c.Group} | {c.Unit}";
                    return new StratumSpec(key, c.Count, Lookup(sd, key, c.Unit), Lookup(cost, key, c.Unit, 1));
                }).ToList();
                Allocation = Core.Sampling.Allocation.Allocate(AllocationSpecs, total, Core.Sampling.Allocation.ParseMethod(AllocationMethod), Minimum);
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Error = Ui.L("Tham số không hợp lệ: ", "Invalid parameters: ") + e.Message;
        }
        return Page();
    }

    private static double Lookup(Dictionary<string, double> map, string key, string unit, double fallback = 0) =>
        map.TryGetValue(key, out var v) || map.TryGetValue(unit, out v) ? v : fallback;
}
