using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Sampling;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Sampling.Pages;

/// <summary>Design a draw from a frame version, preview its strata (nothing written), then draw.</summary>
[Authorize(Policy = Policies.Design)]
public sealed class DrawModel(ParIndexDbContext db, TimeProvider clock) : RefusablePageModel
{
    public int RoundId { get; private set; }
    public string RoundName { get; private set; } = "";
    public List<FrameVersionRow> Versions { get; private set; } = [];
    public List<string> FrameGroups { get; private set; } = [];
    public List<string> StrataColumns { get; private set; } = [];
    public DrawPreview? Preview { get; private set; }

    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    [BindProperty] public DesignForm Design { get; set; } = new();
    [BindProperty] public bool Supersede { get; set; }
    [BindProperty] public string? SupersedeReason { get; set; }

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPreviewAsync(int roundId, CancellationToken ct)
    {
        if (!await Load(roundId, ct)) return NotFound();
        if (Version is not { } versionId) { Error = Ui.L("Hãy chọn khung mẫu.", "Choose a frame."); return Page(); }
        try { Preview = await DrawSample.Preview(db, roundId, versionId, Design.ToDesign(), Design.Seed, clock.GetUtcNow().UtcDateTime, ct); }
        catch (FormatException e) { Error = Ui.L("Thiết kế không hợp lệ: ", "Invalid design: ") + e.Message; }
        catch (YamlDotNet.Core.YamlException e) { Error = Ui.L("Thiết kế không hợp lệ: ", "Invalid design: ") + e.Message; }
        return Page();
    }

    public async Task<IActionResult> OnPostDrawAsync(int roundId, CancellationToken ct)
    {
        if (!await Load(roundId, ct)) return NotFound();
        if (Version is not { } versionId) { Error = Ui.L("Hãy chọn khung mẫu.", "Choose a frame."); return Page(); }
        try
        {
            var draw = await DrawSample.Handle(db, roundId, versionId, Design.ToDesign(), Design.Seed, Supersede ? SupersedeReason ?? "" : null,
                Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
            return Redirect($"/rounds/{roundId}/sampling/draws/{draw.Id}");
        }
        catch (FormatException e) { Error = Ui.L("Thiết kế không hợp lệ: ", "Invalid design: ") + e.Message; }
        catch (YamlDotNet.Core.YamlException e) { Error = Ui.L("Thiết kế không hợp lệ: ", "Invalid design: ") + e.Message; }
        return Page();
    }

    /// <summary>The frame and design as posted (a value the binder refused is refused before the handler loads anything).</summary>
    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct) => await Load(RouteInt("roundId"), ct) ? Page() : NotFound();

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return false;
        (RoundId, RoundName) = (round.Id, round.Name);
        Versions = await FrameVersions.List(db, roundId, ct);
        Version ??= Versions.FirstOrDefault(v => v.IsLatest)?.Id;
        if (Version is { } id && Versions.FirstOrDefault(v => v.Id == id) is not null)
        {
            FrameGroups = await db.FrameMembers.AsNoTracking().Where(m => m.FrameVersionId == id).Select(m => m.GroupCode).Distinct().OrderBy(g => g).ToListAsync(ct);
            var json = await db.SamplingFrameVersions.Where(v => v.Id == id).Select(v => v.StrataColumnsJson).FirstAsync(ct);
            StrataColumns = System.Text.Json.JsonSerializer.Deserialize<List<string>>(json) ?? [];
        }
        return true;
    }
}
