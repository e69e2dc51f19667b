using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Sampling.Pages;

/// <summary>Replace a non-responding member of a draw by the next reserve of the same pool, with a reason; the log below.</summary>
[Authorize(Policy = Policies.Design)]
public sealed class ReplaceModel(ParIndexDbContext db, TimeProvider clock) : RefusablePageModel
{
    public int RoundId { get; private set; }
    public SampleDrawRecord Draw { get; private set; } = null!;
    public List<DrawMemberRow> Candidates { get; private set; } = [];
    public List<ReplacementRow> Log { get; private set; } = [];
    public Dictionary<string, int> ReservesLeft { get; private set; } = [];
    public string? Message { get; private set; }

    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int roundId, int drawId, CancellationToken ct) => await Load(roundId, drawId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int roundId, int drawId, CancellationToken ct)
    {
        if (!await Load(roundId, drawId, ct)) return NotFound();
        var entry = await ReplaceSampleMember.Handle(db, roundId, drawId, Code ?? "", Reason ?? "", Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        var codes = await db.Respondents.Where(r => r.Id == entry.ReplacedRespondentId || r.Id == entry.ReplacementRespondentId).ToDictionaryAsync(r => r.Id, r => r.Code, ct);
        Message = Ui.L($"Đã thay {codes[entry.ReplacedRespondentId]} bằng {codes[entry.ReplacementRespondentId]} (dự phòng thứ {entry.ReserveRank} của tầng {entry.Pool}).",
            $"Replaced {codes[entry.ReplacedRespondentId]} by {codes[entry.ReplacementRespondentId]} (reserve {entry.ReserveRank} of {entry.Pool}).");
        (Code, Reason) = (null, null);
        await Load(roundId, drawId, ct);
        return Page();
    }

    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct) => await Load(RouteInt("roundId"), RouteInt("drawId"), ct) ? Page() : NotFound();

    private async Task<bool> Load(int roundId, int drawId, CancellationToken ct)
    {
        var draw = await db.SampleDraws.AsNoTracking().FirstOrDefaultAsync(d => d.Id == drawId && d.RoundId == roundId, ct);
        if (draw is null) return false;
        (RoundId, Draw) = (roundId, draw);
        var members = await SampleExport.Members(db, drawId, ct);
        var submitted = (await db.Responses.Where(r => r.RoundId == roundId && r.Status == ResponseStatus.Submitted && r.RespondentId != null)
            .Select(r => r.RespondentId!.Value).ToListAsync(ct)).ToHashSet();
        Candidates = members.Where(m => m.Status == RespondentStatus.Active && !submitted.Contains(m.RespondentId)).ToList();
        ReservesLeft = members.Where(m => m.IsReserve && m.Status == RespondentStatus.Reserve).GroupBy(m => m.Pool).ToDictionary(g => g.Key, g => g.Count());
        Log = await ReplaceSampleMember.Log(db, drawId, ct);
        return true;
    }
}
