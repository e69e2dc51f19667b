using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Core.FieldEntry;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Infrastructure.Security;

using ParIndex.Web.Features.Monitoring;

namespace ParIndex.Web.Features.FieldEntry.Pages;

/// <summary>The keyboard-only keying screen of one paper form (pass 1, or the blind pass 2).</summary>
[Authorize(Policy = Policies.FieldEntry)]
public sealed class KeyModel(ParIndexDbContext db, IProgressEvents events, TimeProvider clock) : FieldPage
{
    [FromRoute] public int RoundId { get; set; }
    [FromRoute] public string Code { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? Batch { get; set; }

    public KeyingTarget Target { get; private set; } = new(KeyingState.UnknownCode);
    public IReadOnlyList<AnswerError> Errors { get; private set; } = [];
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);
    public long StartedAtMs { get; private set; }
    public string Logic { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Target = await KeyingTarget.Resolve(db, RoundId, Code, CurrentKeyer, ct);
        if (Target.Round is null && Target.State == KeyingState.UnknownCode) Response.StatusCode = StatusCodes.Status404NotFound;
        if (Target is { State: KeyingState.Ready, IsCorrection: true })
        {
            // A returned form opens with the answers it was accepted with; the keyer corrects what the supervisor's comment asks.
            var accepted = await PaperForms.AcceptedData(db, Target.Form!.Id, Target.Fields!, ct);
            foreach (var f in Target.Fields!) Values[f.Name] = KeyingLayout.ToKeys(f, accepted.Get(f.ItemId, f.UnitCode));
        }
        Prepare(clock.GetUtcNow().ToUnixTimeMilliseconds());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long startedAt, CancellationToken ct)
    {
        Target = await KeyingTarget.Resolve(db, RoundId, Code, CurrentKeyer, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var posted = Request.Form.Where(f => f.Key.StartsWith("a:", StringComparison.Ordinal) || f.Key.StartsWith("u:", StringComparison.Ordinal))
            .Select(f => new KeyValuePair<string, string?>(f.Key, f.Value.Count == 1 ? f.Value[0] : null)).ToList();
        foreach (var (k, v) in posted) Values[k] = v ?? "";
        var started = startedAt > 0 && startedAt < 4_102_444_800_000 ? DateTimeOffset.FromUnixTimeMilliseconds(startedAt).UtcDateTime : now;
        var outcome = await KeyForm.Handle(db, events, Target, CurrentKeyer, new KeyRequest(posted, Batch, started), now, ct);
        switch (outcome)
        {
            case KeyOutcome.Saved s:
                return Redirect($"/rounds/{RoundId}/field?done={Uri.EscapeDataString(Target.Respondent!.Code)}&status={s.Status}&diffs={s.Discrepancies}" + (Batch is { } b ? $"&batch={b}" : ""));
            case KeyOutcome.Invalid invalid:
                Errors = invalid.Errors;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                break;
            case KeyOutcome.Refused refused:
                // A post no keying screen can produce (a field the form does not have), or a state that changed meanwhile.
                Response.StatusCode = refused.Code == "tampered" ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
                Target = Target with { State = refused.State == KeyingState.Ready ? KeyingState.UnknownCode : refused.State };
                if (refused.Code is "tampered" or "batch") Refusal = ("Dữ liệu gửi lên không khớp với phiếu; không có gì được ghi. Tải lại trang và nhập lại.", "The post does not match the form; nothing was written. Reload and key again.");
                break;
        }
        Prepare(startedAt);
        return Page();
    }

    public (string Vi, string En)? Refusal { get; private set; }

    private void Prepare(long startedAtMs)
    {
        StartedAtMs = startedAtMs;
        if (Target.State == KeyingState.Ready) Logic = ClientLogic.ToJson(Target.Definition!);
    }

    public string? ErrorFor(KeyField f) => Errors.FirstOrDefault(e => e.ItemId == f.ItemId && e.UnitCode == f.UnitCode)?.Message;

    public string KeysHint(KeyField f, string lang) => f.Choices.Count > 0
        ? string.Join(" · ", f.Choices.Select(c => $"{c.Key}={c.Label.Get(lang)}"))
        : f.Item.Type switch
        {
            ItemType.Integer or ItemType.Decimal => f.Item.Min is not null || f.Item.Max is not null ? $"{f.Item.Min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "…"}–{f.Item.Max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "…"}" : "",
            ItemType.Date => "dd/mm/yyyy",
            _ => "",
        };

    public static string ChoiceMap(KeyField f) => string.Join(' ', f.Choices.Select(c => $"{c.Key}={c.Code}"));
}
