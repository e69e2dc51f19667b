using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Monitoring;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Monitoring.Pages;

/// <summary>The review queue of quality flags: open first; a supervisor clears or confirms each (audited). Responses stay.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class ReviewModel(ParIndexDbContext db, IProgressEvents events, TimeProvider clock) : PageModel
{
    public string RoundName { get; private set; } = "";
    public int RoundId { get; private set; }
    public IReadOnlyList<FlagRow> Flags { get; private set; } = [];
    public Dictionary<QualityFlagKind, int> OpenByKind { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public QualityFlagStatus? Status { get; set; } = QualityFlagStatus.Open;
    [BindProperty(SupportsGet = true)] public QualityFlagKind? Kind { get; set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int roundId, long flagId, string decision, string? note, CancellationToken ct)
    {
        if (note is { Length: > 1000 }) note = note[..1000];
        var ok = decision is "clear" or "confirm"
                 && await QualityReview.ReviewAsync(db, roundId, flagId, decision == "confirm", note, Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        Message = ok ? Ui.L("Đã ghi quyết định.", "Decision recorded.") : Ui.L("Không tìm thấy cờ này.", "No such flag.");
        if (ok) events.RoundChanged(roundId);
        return await Load(roundId, ct) ? Page() : NotFound();
    }

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        var name = await db.Rounds.Where(r => r.Id == roundId).Select(r => r.Name).FirstOrDefaultAsync(ct);
        if (name is null) return false;
        (RoundId, RoundName) = (roundId, name);
        Flags = await QualityReview.Queue(db, roundId, Status, Kind, ct);
        OpenByKind = await db.QualityFlags.Where(f => f.RoundId == roundId && f.Status == QualityFlagStatus.Open).GroupBy(f => f.Kind)
            .Select(g => new { g.Key, N = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.N, ct);
        return true;
    }

    public static string KindName(QualityFlagKind k) => k switch
    {
        QualityFlagKind.Speeder => Ui.L("Trả lời quá nhanh", "Speeder"),
        QualityFlagKind.StraightLining => Ui.L("Chọn một đáp án cho mọi câu", "Straight-lining"),
        QualityFlagKind.Duplicate => Ui.L("Trùng / gần trùng (liên kết công khai)", "Duplicate / near-duplicate (public link)"),
        QualityFlagKind.OutOfHoursBurst => Ui.L("Nhập dồn ngoài giờ", "Out-of-hours burst"),
        _ => k.ToString(),
    };
}
