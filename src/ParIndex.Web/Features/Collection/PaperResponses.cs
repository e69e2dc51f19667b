using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// The member's one response while a paper form is keyed (field entry): claimed as an unsubmitted paper response when
/// the first keying is saved (it does not count until accepted), and reopened inside the transaction that resubmits a
/// returned form. Its answers are written only by <see cref="SubmitResponse"/>, when the form is accepted.
/// </summary>
public static class PaperResponses
{
    /// <summary>
    /// Claims the member's response for paper: a new row, or the member's web form started but never submitted (the
    /// paper form they returned is their answer; the draft is recorded in the audit log, then replaced). Saved at once, so
    /// the unique index on the member settles a race with a web submission: null when one claimed the member first.
    /// </summary>
    public static async Task<Response?> Claim(ParIndexDbContext db, Response? existing, Respondent respondent, int versionId,
        string keyerId, string keyerName, DateTime started, DateTime now, CancellationToken ct)
    {
        var response = existing;
        if (response is null)
        {
            response = new Response
            {
                ClientId = Guid.NewGuid(), RoundId = respondent.RoundId, RespondentId = respondent.Id, RespondentGroupId = respondent.RespondentGroupId,
                UnitId = respondent.UnitId, StartedAt = started, UpdatedAt = now,
            };
            db.Responses.Add(response);
        }
        else
        {
            db.Record(keyerName, "field.takeover-web-draft", nameof(Response), response.Id,
                new { response.Mode, response.Status, Answers = response.AnswerSets.Select(a => new { a.RatedUnitId, a.AnswersJson }) }, new { Mode = ResponseMode.Paper }, now, respondent.RoundId);
            response.AnswerSets.Clear();
        }
        response.Mode = ResponseMode.Paper;
        response.QuestionnaireVersionId = versionId;
        response.Language = "vi";
        response.DeviceClass = "paper";
        // Live monitoring reads who keyed a response from its paradata ("fieldStaffId", MonitorDashboard.FieldStaffOf).
        response.ParadataJson = System.Text.Json.JsonSerializer.Serialize(new { fieldStaffId = keyerId, keyedBy = keyerName });
        response.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
            return response;
        }
        catch (DbUpdateException e) when (SubmitResponse.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// <summary>
    /// A returned form being corrected: its response is unsubmitted again only inside the correcting transaction, so
    /// <see cref="SubmitResponse"/> accepts the corrected answers (the revision goes up) and a refusal rolls it back.
    /// </summary>
    public static void ReopenForCorrection(Response response) => response.Status = ResponseStatus.InProgress;
}
