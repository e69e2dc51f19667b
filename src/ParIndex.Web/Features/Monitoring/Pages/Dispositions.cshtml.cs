using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Monitoring;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Monitoring.Pages;

/// <summary>Record a contact outcome (refusal, non-contact, ineligible …) for a sample member by code; audited.</summary>
[Authorize(Policy = Policies.Supervise)]
public sealed class DispositionsModel(ParIndexDbContext db, IProgressEvents events, TimeProvider clock) : PageModel
{
    public string RoundName { get; private set; } = "";
    public int RoundId { get; private set; }
    public IReadOnlyList<RecordedDispositionDto> Recent { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Saved { get; private set; }

    [BindProperty] public string? RespondentCode { get; set; }
    [BindProperty] public Disposition Outcome { get; set; } = Disposition.Refusal;
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? FieldStaffId { get; set; }

    public async Task<IActionResult> OnGetAsync(int roundId, CancellationToken ct) => await Load(roundId, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int roundId, CancellationToken ct)
    {
        var (recorded, error) = await RecordDisposition.Handle(db, events, roundId, new RecordDispositionRequest(RespondentCode ?? "", Outcome, Note, FieldStaffId),
            Actor.Of(HttpContext), clock.GetUtcNow().UtcDateTime, ct);
        Error = error;
        if (recorded is not null)
        {
            Saved = Ui.L($"Đã ghi: {recorded.RespondentCode} — {Name(recorded.Disposition)}.", $"Recorded: {recorded.RespondentCode} — {Name(recorded.Disposition)}.");
            RespondentCode = Note = null;
            ModelState.Clear();
        }
        return await Load(roundId, ct) ? Page() : NotFound();
    }

    private async Task<bool> Load(int roundId, CancellationToken ct)
    {
        var name = await db.Rounds.Where(r => r.Id == roundId).Select(r => r.Name).FirstOrDefaultAsync(ct);
        if (name is null) return false;
        (RoundId, RoundName) = (roundId, name);
        Recent = await RecordDisposition.Recent(db, roundId, 100, ct);
        return true;
    }

    public static string Name(Disposition d) => d switch
    {
        Disposition.Complete => Ui.L("Hoàn thành (1.1)", "Complete (1.1)"),
        Disposition.Partial => Ui.L("Một phần (1.2)", "Partial (1.2)"),
        Disposition.Refusal => Ui.L("Từ chối (2.10)", "Refusal (2.10)"),
        Disposition.NonContact => Ui.L("Không liên lạc được (2.20)", "Non-contact (2.20)"),
        Disposition.Other => Ui.L("Lý do khác: ốm, vắng, ngôn ngữ (2.30)", "Other: ill, away, language (2.30)"),
        Disposition.UnknownHousehold => Ui.L("Chưa tiếp cận (3.11)", "Not yet attempted (3.11)"),
        Disposition.UnknownOther => Ui.L("Chưa rõ đủ điều kiện (3.90)", "Unknown eligibility (3.90)"),
        Disposition.NotEligible => Ui.L("Không đủ điều kiện (4.x)", "Not eligible (4.x)"),
        _ => d.ToString(),
    };
}
