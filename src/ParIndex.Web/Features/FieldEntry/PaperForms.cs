using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.FieldEntry;

/// <summary>Accepting a paper form: its answers go through the one submission path, <see cref="SubmitResponse"/>.</summary>
public static class PaperForms
{
    /// <summary>
    /// What a keying holds for the fields of <paramref name="fields"/> (<see cref="KeyingLayout.Keyed"/>): keyings stored before
    /// calculations were left out of them may still hold calculated values, which are derived and never read back.
    /// </summary>
    public static ResponseData DataOf(KeyedEntry entry, IReadOnlyList<KeyField> fields) =>
        ResponseData.TryFromJson(entry.DataJson, out var data, out _) ? KeyingLayout.Keyed(fields, data!)
            : throw new InvalidOperationException($"Keyed entry {entry.Id} holds unreadable answers.");

    /// <summary>
    /// Submits <paramref name="answers"/> as the member's response (Mode Paper) and marks the form verified. Returns
    /// null on success, or the checks' refusal (the caller's transaction is then not committed).
    /// </summary>
    public static async Task<KeyOutcome?> Accept(ParIndexDbContext db, IProgressEvents events, KeyingTarget t, PaperForm form, Response response, ResponseData answers, string by, DateTime now, CancellationToken ct)
    {
        var invitation = await db.Invitations.Where(i => i.RespondentId == t.Respondent!.Id && i.Status == InvitationStatus.Active).OrderByDescending(i => i.Id).FirstOrDefaultAsync(ct);
        var link = new LinkContext(LinkState.Open, invitation, t.Respondent, t.Round, t.Group, t.Version, t.Definition, t.Units, null);
        var outcome = await SubmitResponse.Handle(db, events, link, new SubmitRequest(response.ClientId, answers, ResponseMode.Paper, "vi", response.StartedAt, "paper"), now, ct);
        switch (outcome)
        {
            case SubmitOutcome.Accepted:
                form.MarkVerified(now, by);
                db.Record(by, "field.accept", nameof(Response), response.Id, new { Status = ResponseStatus.InProgress.ToString() },
                    new { Status = ResponseStatus.Submitted.ToString(), Form = form.Id, Reason = form.VerificationReason.ToString(), Answers = answers }, now, form.RoundId);
                await db.SaveChangesAsync(ct);
                return null;
            case SubmitOutcome.Invalid invalid:
                return new KeyOutcome.Invalid(invalid.Errors);
            case SubmitOutcome.LinkClosed { ProblemCode: "token-expired" }:
                return new KeyOutcome.Refused(KeyingState.RoundClosed, "not-ready");
            default:
                return new KeyOutcome.Refused(KeyingState.AnsweredOnline, "answered");
        }
    }

    /// <summary>
    /// The answers the form was last accepted with: its latest correction (pass 3, 4, …), or the first keying with the
    /// supervisor's resolutions applied. Prefills the keying screen of a form returned for correction.
    /// </summary>
    public static async Task<ResponseData> AcceptedData(ParIndexDbContext db, int formId, IReadOnlyList<KeyField> fields, CancellationToken ct)
    {
        var entries = await db.KeyedEntries.AsNoTracking().Where(e => e.PaperFormId == formId).ToListAsync(ct);
        var latest = entries.OrderByDescending(e => e.Pass).First();
        if (latest.Pass >= KeyingTarget.CorrectionPass) return DataOf(latest, fields);
        var resolved = await db.Discrepancies.AsNoTracking().Where(d => d.PaperFormId == formId && d.ResolvedValue != null).ToListAsync(ct);
        return FormComparison.Apply(fields, DataOf(entries.Single(e => e.Pass == 1), fields), resolved.Select(d => (d.ItemId, d.UnitCode, d.ResolvedValue!)));
    }

    /// <summary>Loads everything a keyed form needs to be accepted (the same as keying it) from its id.</summary>
    public static async Task<KeyingTarget?> TargetOf(ParIndexDbContext db, PaperForm form, CancellationToken ct)
    {
        var respondent = await db.Respondents.Include(r => r.RespondentGroup).FirstAsync(r => r.Id == form.RespondentId, ct);
        var round = await db.Rounds.FirstAsync(r => r.Id == form.RoundId, ct);
        var version = await db.QuestionnaireVersions.FirstAsync(v => v.Id == form.QuestionnaireVersionId, ct);
        var group = respondent.RespondentGroup!;
        var units = await db.RatedUnitsForAsync(round.Id, group, respondent.Id, ct);
        var definition = PublishedDefinitions.Of(version);
        var fields = KeyingLayout.For(definition, units.Select(u => new RatedUnit(u.Code, u.Name)).ToList());
        return new KeyingTarget(KeyingState.Ready, respondent, round, group, version, definition, units, fields, form, 2);
    }
}
