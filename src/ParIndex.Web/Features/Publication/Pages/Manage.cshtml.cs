using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Publication;
using ParIndex.Core.Scoring;
using ParIndex.Core.Tabular;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Features.Scoring;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Publication.Pages;

/// <summary>
/// Publishing a round (Admin): end fieldwork, check that the council locked every appraisal, choose the score run and
/// publish (or publish a correction with its note); link the predecessor round and its unit mapping; every version so far.
/// </summary>
[Authorize(Policy = Policies.Admin)]
public sealed class ManageModel(ParIndexDbContext db, TimeProvider clock, PublishedResultsCache cache) : RefusablePageModel
{
    public Round Round { get; private set; } = null!;
    public List<ScoreRun> Runs { get; private set; } = [];
    public List<Core.Publication.Publication> Versions { get; private set; } = [];
    public List<string> UnlockedAppraisals { get; private set; } = [];
    public RoundPredecessor? Predecessor { get; private set; }
    public string? PredecessorName { get; private set; }
    public List<UnitLineage> Lineage { get; private set; } = [];
    public List<(int Id, string Name, int Year, bool Published)> OtherRounds { get; private set; } = [];
    public IReadOnlyList<LineageRowError> LineageErrors { get; private set; } = [];
    public string? Message { get; private set; }

    [BindProperty] public IFormFile? Mapping { get; set; }

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostCloseAsync(int roundId, CancellationToken ct) =>
        Run(roundId, now => CloseFieldwork.Close(db, roundId, Actor.Of(HttpContext), now, ct), Ui.L("Đã kết thúc thu thập phiếu.", "Fieldwork ended."), ct);

    public Task<IActionResult> OnPostReopenAsync(int roundId, CancellationToken ct) =>
        Run(roundId, now => CloseFieldwork.Reopen(db, roundId, Actor.Of(HttpContext), now, ct), Ui.L("Đã mở lại thu thập phiếu.", "Fieldwork reopened."), ct);

    public async Task<IActionResult> OnPostPublishAsync(int roundId, int scoreRunId, string? note, CancellationToken ct)
    {
        var outcome = await PublishRound.Handle(db, roundId, scoreRunId, note, Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, cache, ct);
        db.ChangeTracker.Clear();
        Message = outcome.Created
            ? Ui.L($"Đã công bố phiên bản {outcome.Publication.Version}.", $"Published version {outcome.Publication.Version}.")
            : Ui.L($"Số liệu trùng với phiên bản {outcome.Publication.Version} đang công bố: không có gì thay đổi.", $"The figures equal published version {outcome.Publication.Version}: nothing changed.");
        return await Load(roundId, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostPredecessorAsync(int roundId, int predecessorRoundId, bool sameCodes, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        SetPredecessorResult result;
        if (sameCodes) result = await SetPredecessor.SameCodes(db, roundId, predecessorRoundId, Actor.Of(HttpContext), now, ct);
        else if (Mapping is null || Mapping.Length == 0)
            throw new RequestValidationException(new Dictionary<string, string[]> { ["mapping"] = [Ui.L("Chọn tệp ánh xạ đơn vị (CSV/XLSX), hoặc chọn \"giữ nguyên mã\".", "Choose a unit mapping file (CSV/XLSX), or \"same codes\".")] });
        else
        {
            await using var stream = Mapping.OpenReadStream();
            TabularFile file;
            try { file = await TabularReader.ReadAsync(stream, Mapping.FileName, ct); }
            catch (TabularFormatException e) { throw new DomainException("import-rejected", Ui.IsEnglish ? e.Message : e.MessageVi); }
            result = await SetPredecessor.FromFile(db, roundId, predecessorRoundId, file, Actor.Of(HttpContext), now, ct);
        }
        db.ChangeTracker.Clear();
        if (result.Succeeded) Message = Ui.L($"Đã lưu kỳ trước và {result.Parts} dòng ánh xạ.", $"Saved the predecessor and {result.Parts} mapping rows.");
        else LineageErrors = result.Errors;
        return await Load(roundId, ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostRemovePredecessorAsync(int roundId, CancellationToken ct) =>
        Run(roundId, now => SetPredecessor.Remove(db, roundId, Actor.Of(HttpContext), now, ct), Ui.L("Đã bỏ liên kết kỳ trước.", "Predecessor link removed."), ct);

    private async Task<IActionResult> Run(int roundId, Func<DateTime, Task> action, string message, CancellationToken ct)
    {
        await action(clock.GetUtcNow().UtcDateTime);
        db.ChangeTracker.Clear();
        Message = message;
        return await Load(roundId, ct) ? Page() : NotFound();
    }

    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct) => await Load(RouteInt("roundId"), ct) ? Page() : NotFound();

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roundId, ct);
        if (round is null) return false;
        Round = round;
        Runs = await db.ScoreRuns.AsNoTracking().Where(r => r.RoundId == roundId).OrderByDescending(r => r.Id).Take(20)
            .Select(r => new ScoreRun { Id = r.Id, InputHash = r.InputHash, Engine = r.Engine, ConfigVersion = r.ConfigVersion, ResponseCount = r.ResponseCount, CreatedAt = r.CreatedAt, CreatedBy = r.CreatedBy, ResultJson = "" })
            .ToListAsync(ct);
        Versions = await db.Publications.AsNoTracking().Where(p => p.RoundId == roundId).OrderByDescending(p => p.Version)
            .Select(p => new Core.Publication.Publication { Id = p.Id, RoundId = p.RoundId, Version = p.Version, ScoreRunId = p.ScoreRunId, InputHash = p.InputHash, SnapshotHash = p.SnapshotHash,
                SnapshotJson = "", Note = p.Note, PublishedAt = p.PublishedAt, PublishedBy = p.PublishedBy })
            .ToListAsync(ct);
        if (await RunScoring.LatestAsync(db, roundId, null, ct) is { } latest)
            UnlockedAppraisals = await PublishRound.UnlockedAppraisals(db, roundId, latest.Result, ct);
        Predecessor = await db.RoundPredecessors.AsNoTracking().FirstOrDefaultAsync(p => p.RoundId == roundId, ct);
        PredecessorName = Predecessor is null ? null : await db.Rounds.Where(r => r.Id == Predecessor.PredecessorRoundId).Select(r => r.Name).FirstOrDefaultAsync(ct);
        Lineage = await db.UnitLineages.AsNoTracking().Where(l => l.RoundId == roundId).OrderBy(l => l.UnitCode).ThenBy(l => l.PredecessorUnitCode).ToListAsync(ct);
        var published = await db.Publications.Select(p => p.RoundId).Distinct().ToListAsync(ct);
        OtherRounds = (await db.Rounds.AsNoTracking().Where(r => r.Id != roundId && r.Year < round.Year).OrderByDescending(r => r.Year).Select(r => new { r.Id, r.Name, r.Year }).ToListAsync(ct))
            .Select(r => (r.Id, r.Name, r.Year, published.Contains(r.Id))).ToList();
        return true;
    }
}
