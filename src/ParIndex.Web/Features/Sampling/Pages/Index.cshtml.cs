using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Sampling;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Sampling.Pages;

/// <summary>Frames of a round: upload with a validation report, the versions, and the draws taken from them.</summary>
[Authorize(Policy = Policies.Design)]
public sealed class IndexModel(ParIndexDbContext db, TimeProvider clock) : RefusablePageModel
{
    public int RoundId { get; private set; }
    public string RoundName { get; private set; } = "";
    public List<FrameVersionRow> Versions { get; private set; } = [];
    public List<SampleDrawRecord> Draws { get; private set; } = [];
    public FrameImportResult? Report { get; private set; }
    public SamplingFrameVersion? Imported { get; private set; }

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? FrameName { get; set; }
    [BindProperty] public bool CleanRowsOnly { get; set; }

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int roundId, CancellationToken ct)
    {
        if (!await Load(roundId, ct)) return NotFound();
        if (Upload is null || Upload.Length == 0) { Error = Ui.L("Hãy chọn một tệp CSV hoặc XLSX.", "Choose a CSV or XLSX file."); return Page(); }
        var name = string.IsNullOrWhiteSpace(FrameName) ? Path.GetFileNameWithoutExtension(Upload.FileName) : FrameName;
        try
        {
            await using var stream = Upload.OpenReadStream();
            var bytes = await TabularReader.ReadAllBytesAsync(stream, ct);
            var result = await ImportFrame.Handle(db, roundId, name, bytes, Upload.FileName, CleanRowsOnly, Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
            (Report, Imported) = (result.Report, result.Version);
        }
        catch (TabularFormatException e) { Error = Ui.IsEnglish ? e.Message : e.MessageVi; }
        await Load(roundId, ct);
        return Page();
    }

    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct) => await Load(RouteInt("roundId"), ct) ? Page() : NotFound();

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return false;
        (RoundId, RoundName) = (round.Id, round.Name);
        Versions = await FrameVersions.List(db, roundId, ct);
        Draws = await db.SampleDraws.AsNoTracking().Include(d => d.FrameVersion).ThenInclude(v => v!.Frame)
            .Where(d => d.RoundId == roundId).OrderByDescending(d => d.Id).ToListAsync(ct);
        return true;
    }
}
