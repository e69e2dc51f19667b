using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Sampling;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Sampling.Pages;

/// <summary>A stored draw: how to reproduce it, its strata, its members, and the downloads of the sample and reserve list.</summary>
[Authorize(Policy = Policies.Design)]
public sealed class DrawDetailModel(ParIndexDbContext db) : PageModel
{
    public int RoundId { get; private set; }
    public SampleDrawRecord Draw { get; private set; } = null!;
    public List<StratumSummary> Strata { get; private set; } = [];
    public List<DrawMemberRow> Members { get; private set; } = [];
    public List<ReplacementRow> Replacements { get; private set; } = [];

    /// <summary>Under a matrix design: per assigned unit, its raters and π_{u|i} (empty otherwise).</summary>
    public List<(string Unit, string Name, int Raters, double Probability)> Matrix { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int roundId, int drawId, CancellationToken ct)
    {
        if (!await Load(roundId, drawId, ct)) return NotFound();
        Members = await SampleExport.Members(db, drawId, ct);
        Replacements = await ReplaceSampleMember.Log(db, drawId, ct);
        Matrix = (await db.UnitAssignments.AsNoTracking().Where(a => a.SampleDrawId == drawId)
                .Join(db.Units, a => a.UnitId, u => u.Id, (a, u) => new { u.Code, u.Name, u.SortOrder, a.Probability }).ToListAsync(ct))
            .GroupBy(a => (a.Code, a.Name, a.SortOrder)).OrderBy(g => g.Key.SortOrder)
            .Select(g => (g.Key.Code, g.Key.Name, g.Count(), g.First().Probability)).ToList();
        return Page();
    }

    /// <summary>Nothing to post here (the page is read-only): back to the page.</summary>
    public IActionResult OnPost(int roundId, int drawId) => Redirect($"/rounds/{roundId}/sampling/draws/{drawId}");

    /// <summary>GET ?handler=download&amp;kind=sample|reserve&amp;format=csv|xlsx.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(int roundId, int drawId, string kind, string format, CancellationToken ct)
    {
        if (!await Load(roundId, drawId, ct)) return NotFound();
        var which = kind == "reserve" ? SampleExport.Kind.Reserve : SampleExport.Kind.Sample;
        var table = SampleExport.Table(Draw, await SampleExport.Members(db, drawId, ct), which);
        var name = $"{(which == SampleExport.Kind.Sample ? "mau-chinh-thuc" : "danh-sach-du-phong")}-lan-{drawId}";
        return format == "xlsx"
            ? File(SampleExport.Xlsx(table, which == SampleExport.Kind.Sample ? "mau" : "du-phong"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx")
            : File(SampleExport.Csv(table), "text/csv; charset=utf-8", name + ".csv");
    }

    private async Task<bool> Load(int roundId, int drawId, CancellationToken ct)
    {
        var draw = await db.SampleDraws.AsNoTracking().Include(d => d.FrameVersion).ThenInclude(v => v!.Frame)
            .FirstOrDefaultAsync(d => d.Id == drawId && d.RoundId == roundId, ct);
        if (draw is null) return false;
        (RoundId, Draw) = (roundId, draw);
        Strata = JsonSerializer.Deserialize<List<StratumSummary>>(draw.StrataJson) ?? [];
        return true;
    }
}
