using System.Net;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Features.Scoring;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using static ParIndex.Web.Tests.Features.FieldEntry.FieldEntryHelpers;

namespace ParIndex.Web.Tests.Features.FieldEntry;

/// <summary>Issue 7's review workflow: approve, reject (does not count), return for correction (keyers' queue → corrected → pending).</summary>
[Collection(AppCollection.Name)]
public sealed class ReviewWorkflowTests(ParIndexFactory app)
{
    /// <summary>A paper form keyed twice identically, so it is accepted and counts; returns the response id.</summary>
    private async Task<long> Accepted(PaperCase c)
    {
        var first = await Key(await app.CreateClientAs(Roles.Supervisor, followRedirects: false), c, c.Keys);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await Key(await app.CreateClientAs(Roles.Admin, followRedirects: false), c, c.Keys);
        Assert.Contains("status=Verified", second.Headers.Location!.OriginalString);
        return await app.WithDb(db => db.Responses.Where(r => r.RespondentId == c.RespondentId && r.Status == ResponseStatus.Submitted).Select(r => r.Id).SingleAsync());
    }

    private Task<HttpResponseMessage> Decide(HttpClient client, PaperCase c, long response, string action, string? comment) =>
        PostPage(client, $"/rounds/{c.RoundId}/field/responses", [new("response", response.ToString()), new("action", action), new("comment", comment ?? "")]);

    private Task<ResponseReview?> ReviewOf(long response) => app.WithDb(db => db.ResponseReviews.AsNoTracking().FirstOrDefaultAsync(v => v.ResponseId == response));

    private Task<List<AuditEntry>> AuditOf(long response) =>
        app.WithDb(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "Response" && a.EntityId == response.ToString() && a.Action.StartsWith("review.")).OrderBy(a => a.Id).ToListAsync());

    [Fact]
    public async Task A_supervisor_approves_and_the_decision_is_audited_and_shown_in_the_history()
    {
        var c = await NewPaperCase(app, "SO-DAN");
        var id = await Accepted(c);
        var supervisor = await app.CreateClientAs(Roles.Supervisor);
        var list = await (await supervisor.GetAsync($"/rounds/{c.RoundId}/field/responses?code={c.Code}")).Content.ReadAsStringAsync();
        Assert.Contains($"data-response=\"{id}\" data-state=\"Pending\"", list);

        var r = await Decide(supervisor, c, id, "Approve", null);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Đã duyệt phiếu", await r.Content.ReadAsStringAsync());
        Assert.Equal(ReviewState.Approved, (await ReviewOf(id))!.State);
        var audit = Assert.Single(await AuditOf(id));
        Assert.Equal("review.approve", audit.Action);
        Assert.Contains("\"Pending\"", audit.BeforeJson);
        Assert.Contains("\"Approved\"", audit.AfterJson);
        Assert.False(string.IsNullOrEmpty(audit.Actor));

        var history = await (await supervisor.GetAsync($"/rounds/{c.RoundId}/field/history/{c.Code}")).Content.ReadAsStringAsync();
        Assert.Contains("data-action=\"review.approve\"", history);
        Assert.Contains("Đã duyệt", history);
    }

    [Fact]
    public async Task Reject_needs_a_comment_and_a_rejected_response_does_not_count_in_scores()
    {
        var c = await NewPaperCase(app, "SO-DAN");
        var id = await Accepted(c);
        var supervisor = await app.CreateClientAs(Roles.Supervisor);

        var noComment = await Decide(supervisor, c, id, "Reject", "  ");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noComment.StatusCode);
        Assert.Null(await ReviewOf(id));
        Assert.Empty(await AuditOf(id));

        var before = await app.WithDb(db => ScoringInputs.LoadAsync(db, c.RoundId, CancellationToken.None));
        var r = await Decide(supervisor, c, id, "Reject", "Phiếu điền hộ, không phải chữ ký của người trả lời");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var review = (await ReviewOf(id))!;
        Assert.Equal(ReviewState.Rejected, review.State);
        Assert.Equal("Phiếu điền hộ, không phải chữ ký của người trả lời", review.Comment);
        Assert.Equal("Phiếu điền hộ, không phải chữ ký của người trả lời", Assert.Single(await AuditOf(id)).Reason);

        var after = await app.WithDb(db => ScoringInputs.LoadAsync(db, c.RoundId, CancellationToken.None));
        Assert.Equal(before.ResponseCount - 1, after.ResponseCount);
        Assert.NotEqual(before.InputHash, after.InputHash);

        // Approving it again brings it back into the scores.
        Assert.Equal(HttpStatusCode.OK, (await Decide(supervisor, c, id, "Approve", "Đã xác minh lại qua điện thoại")).StatusCode);
        var again = await app.WithDb(db => ScoringInputs.LoadAsync(db, c.RoundId, CancellationToken.None));
        Assert.Equal(before.ResponseCount, again.ResponseCount);
    }

    [Fact]
    public async Task A_returned_paper_form_is_in_the_keyers_queue_and_its_correction_puts_it_back_to_pending()
    {
        var c = await NewPaperCase(app, "XA-DAN", seed: 11);
        var id = await Accepted(c);
        var supervisor = await app.CreateClientAs(Roles.Supervisor);
        var (email, _) = await app.AccountFor(Roles.FieldStaff);
        var assign = await PostPage(supervisor, $"/rounds/{c.RoundId}/field/manage?handler=Assign", [new("email", email), new("groupId", c.GroupId.ToString())]);
        Assert.True(assign.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Decide(supervisor, c, id, "Return", "")).StatusCode);
        Assert.Null(await ReviewOf(id));
        var box = c.FreeLikertBoxes().First();
        var comment = $"Ô {c.Fields.Single(f => f.Name == box).Number} nhập sai so với phiếu giấy";
        Assert.Equal(HttpStatusCode.OK, (await Decide(supervisor, c, id, "Return", comment)).StatusCode);
        Assert.Equal(ReviewState.Returned, (await ReviewOf(id))!.State);
        // Nothing to decide while it waits for the keyer.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Decide(supervisor, c, id, "Approve", null)).StatusCode);

        var keyer = await app.CreateClientAs(Roles.FieldStaff, followRedirects: false);
        var queue = await (await keyer.GetAsync($"/rounds/{c.RoundId}/field")).Content.ReadAsStringAsync();
        Assert.Contains($"<tr data-code=\"{c.Code}\">", queue);
        Assert.Contains(comment, queue);

        var screen = await (await keyer.GetAsync($"/rounds/{c.RoundId}/field/key/{c.Code}")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"return-comment\"", screen);
        Assert.Contains($"name=\"{box}\" type=\"text\" value=\"{c.Keys[box]}\"", screen); // opens with the accepted answers

        var revision = await app.WithDb(db => db.Responses.Where(r => r.Id == id).Select(r => r.Revision).SingleAsync());
        var corrected = new Dictionary<string, string>(c.Keys) { [box] = c.OtherKey(box) };
        var r = await Key(keyer, c, corrected);
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, await r.Content.ReadAsStringAsync());
        Assert.Contains("status=Verified", r.Headers.Location!.OriginalString);

        var (response, answers) = await app.WithDb(async db =>
        {
            var x = await db.Responses.AsNoTracking().Include(r => r.AnswerSets).SingleAsync(r => r.Id == id);
            return (x, string.Join("\n", x.AnswerSets.Select(s => s.AnswersJson)));
        });
        Assert.Equal(ResponseStatus.Submitted, response.Status);
        Assert.True(response.Revision > revision);
        var field = c.Fields.Single(f => f.Name == box);
        var code = field.Choices.Single(ch => ch.Key == corrected[box]).Code;
        Assert.Contains($"\"{field.ItemId}\":\"{code}\"", answers);
        Assert.Equal(ReviewState.Pending, (await ReviewOf(id))!.State);
        Assert.Equal(["review.return", "review.resubmit"], (await AuditOf(id)).Select(a => a.Action));
        Assert.True(await app.WithDb(db => db.AuditEntries.AnyAsync(a => a.EntityId == id.ToString() && a.Action == "field.correct")));
        Assert.Equal(3, await app.WithDb(db => db.KeyedEntries.CountAsync(e => e.PaperFormId == db.PaperForms.Single(f => f.ResponseId == id).Id)));

        // Out of the queue, and not keyed again.
        Assert.DoesNotContain($"<tr data-code=\"{c.Code}\">", await (await keyer.GetAsync($"/rounds/{c.RoundId}/field")).Content.ReadAsStringAsync());
        Assert.Contains("data-state=\"AlreadyVerified\"", await (await keyer.GetAsync($"/rounds/{c.RoundId}/field/key/{c.Code}")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_web_response_can_be_approved_or_rejected_but_not_returned()
    {
        var c = await NewPaperCase(app, "SO-DAN");
        var id = await Accepted(c);
        await app.WithDb(async db => { await db.Responses.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Mode, ResponseMode.Web)); return 0; });
        var supervisor = await app.CreateClientAs(Roles.Supervisor);
        var r = await Decide(supervisor, c, id, "Return", "Sửa lại");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Null(await ReviewOf(id));
    }

    [Fact]
    public async Task Field_staff_cannot_review()
    {
        var c = await NewPaperCase(app, "SO-DAN");
        var id = await Accepted(c);
        var keyer = await app.CreateClientAs(Roles.FieldStaff, followRedirects: false);
        // A page sends a signed-in user without the policy to /denied.
        var get = await keyer.GetAsync($"/rounds/{c.RoundId}/field/responses");
        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Contains("/denied", get.Headers.Location!.OriginalString);
        var r = await PostPage(keyer, $"/rounds/{c.RoundId}/field/responses", [new("response", id.ToString()), new("action", "Approve"), new("comment", "")],
            tokenFrom: $"/rounds/{c.RoundId}/field");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("/denied", r.Headers.Location!.OriginalString);
        Assert.Null(await ReviewOf(id));
        Assert.Empty(await AuditOf(id));
    }
}
