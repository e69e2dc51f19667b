using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Scoring;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Scoring.Pages;

/// <summary>Run scoring, edit the scoring configuration (a new version each save), import appraisal scores.</summary>
[Authorize(Policy = Policies.Design)]
public sealed class RunModel(ParIndexDbContext db, TimeProvider clock) : PageModel
{
    public int RoundId { get; private set; }
    public string RoundName { get; private set; } = "";
    public ScoringConfiguration Configuration { get; private set; } = new();
    public int ConfigVersion { get; private set; }
    public List<string> Groups { get; private set; } = [];
    public List<ScoreRun> Runs { get; private set; } = [];
    public int AppraisalCount { get; private set; }
    public IReadOnlyList<AppraisalRowError> Errors { get; private set; } = [];
    public string? Message { get; private set; }

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public Dictionary<string, string> Weights { get; set; } = [];
    [BindProperty] public string? Threshold { get; set; }
    [BindProperty] public SipasAggregation Aggregation { get; set; }
    [BindProperty] public int MinCellSize { get; set; } = 5;

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRunAsync(int roundId, CancellationToken ct)
    {
        if (!await Load(roundId, ct)) return NotFound();
        var run = await RunScoring.Handle(db, roundId, Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        return Redirect($"/rounds/{roundId}/scoring?run={run.Id}");
    }

    public async Task<IActionResult> OnPostConfigAsync(int roundId, CancellationToken ct)
    {
        if (!await Load(roundId, ct)) return NotFound();
        try
        {
            // The one number policy (InputValues): "1,5" and "1.5" read alike, "1.000" refused rather than guessed.
            var unread = new List<string>();
            double Read(string? text) => InputValues.TryNumber(text ?? "", out double n, out var error) ? n : Unread(error!);
            double Unread(string error) { unread.Add(error); return double.NaN; }
            var weights = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (g, text) in Weights) weights[g] = Read(text);
            double? threshold = string.IsNullOrWhiteSpace(Threshold) ? null : Read(Threshold);
            if (unread.Count > 0) throw new DomainException("validation-failed", string.Join(" ", unread));
            var config = Configuration with { GroupWeights = weights, SatisfiedThreshold = threshold, SipasAggregation = Aggregation, MinCellSize = MinCellSize };
            Message = SavedConfigurationText.Message(await ScoringConfigs.SaveAsync(db, roundId, config, Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct));
        }
        catch (DomainException e) { Errors = [new AppraisalRowError(0, "", e.Message)]; }
        await Load(roundId, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAppraisalAsync(int roundId, CancellationToken ct)
    {
        if (!await Load(roundId, ct)) return NotFound();
        if (Upload is null || Upload.Length == 0) { Errors = [new AppraisalRowError(0, "", Ui.L("Hãy chọn một tệp.", "Choose a file."))]; return Page(); }
        try
        {
            await using var stream = Upload.OpenReadStream();
            var result = await ImportAppraisal.Handle(db, roundId, await TabularReader.ReadAsync(stream, Upload.FileName, ct), Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
            if (result.Succeeded) Message = Ui.L($"Đã nhập {result.Imported} điểm thẩm định.", $"Imported {result.Imported} appraisal scores.");
            else Errors = result.Errors;
        }
        catch (TabularFormatException e) { Errors = [new AppraisalRowError(0, "", Ui.IsEnglish ? e.Message : e.MessageVi)]; }
        await Load(roundId, ct);
        return Page();
    }

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return false;
        (RoundId, RoundName) = (round.Id, round.Name);
        (Configuration, ConfigVersion) = await ScoringConfigs.CurrentAsync(db, roundId, ct);
        Groups = await db.RespondentGroups.AsNoTracking().Where(g => g.RoundId == roundId).OrderBy(g => g.SortOrder).Select(g => g.Code).ToListAsync(ct);
        Runs = await db.ScoreRuns.AsNoTracking().Where(r => r.RoundId == roundId).OrderByDescending(r => r.Id).Take(20)
            .Select(r => new ScoreRun { Id = r.Id, InputHash = r.InputHash, Engine = r.Engine, ConfigVersion = r.ConfigVersion, ResponseCount = r.ResponseCount, CreatedAt = r.CreatedAt, CreatedBy = r.CreatedBy, DurationSeconds = r.DurationSeconds, ResultJson = "" })
            .ToListAsync(ct);
        AppraisalCount = await db.AppraisedScores.CountAsync(a => a.RoundId == roundId, ct);
        return true;
    }
}
