using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.FieldEntry;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using static ParIndex.Web.Tests.Features.FieldEntry.FieldEntryHelpers;

namespace ParIndex.Web.Tests.Features.FieldEntry;

[Collection(AppCollection.Name)]
public sealed class FieldEntryTests(ParIndexFactory app)
{
    private async Task Assign(PaperCase c)
    {
        var supervisor = await app.CreateClientAs(Roles.Supervisor);
        var (email, _) = await app.AccountFor(Roles.FieldStaff);
        var r = await PostPage(supervisor, $"/rounds/{c.RoundId}/field/manage?handler=Assign",
            [new("email", email), new("groupId", c.GroupId.ToString())]);
        Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity); // 422 when already assigned by an earlier test
    }

    [Fact]
    public async Task Key_then_blind_second_keying_lists_exactly_the_differences_and_resolving_them_submits_the_paper_values()
    {
        var c = await NewPaperCase(app);
        await Assign(c);
        var keyer1 = await app.CreateClientAs(Roles.FieldStaff, followRedirects: false);
        var first = await Key(keyer1, c, c.Keys);
        Assert.True(first.StatusCode == HttpStatusCode.Redirect, await first.Content.ReadAsStringAsync());
        Assert.Contains("status=AwaitingSecondEntry", first.Headers.Location!.OriginalString);

        var (response, form) = await app.WithDb(async db => (
            await db.Responses.AsNoTracking().SingleAsync(r => r.RespondentId == c.RespondentId),
            await db.PaperForms.AsNoTracking().Include(f => f.Entries).SingleAsync(f => f.RespondentId == c.RespondentId)));
        Assert.Equal(ResponseMode.Paper, response.Mode);
        Assert.Equal(ResponseStatus.InProgress, response.Status); // not counted before verification
        Assert.Equal(VerificationReason.All, form.VerificationReason);
        Assert.False(string.IsNullOrEmpty(form.Entries.Single().KeyedByUserId));
        Assert.Contains($"\"fieldStaffId\":\"{form.Entries.Single().KeyedByUserId}\"", response.ParadataJson);

        // The same keyer cannot verify their own keying.
        var again = await keyer1.GetAsync($"/rounds/{c.RoundId}/field/key/{c.Code}");
        Assert.Contains("người khác", await again.Content.ReadAsStringAsync());

        // A blind second keying by someone else, with two deliberate differences in boxes no skip rule depends on.
        var changed = c.FreeLikertBoxes().Take(2).ToList();
        Assert.Equal(2, changed.Count);
        var second = new Dictionary<string, string>(c.Keys);
        foreach (var k in changed) second[k] = c.OtherKey(k);
        var keyer2 = await app.CreateClientAs(Roles.Admin, followRedirects: false);
        var r2 = await Key(keyer2, c, second);
        Assert.Equal(HttpStatusCode.Redirect, r2.StatusCode);
        Assert.Contains("status=AwaitingResolution", r2.Headers.Location!.OriginalString);
        Assert.True(r2.Headers.Location!.OriginalString.Contains("diffs=2"), r2.Headers.Location!.OriginalString);

        var discrepancies = await app.WithDb(db => db.Discrepancies.AsNoTracking().Where(d => d.PaperFormId == form.Id).OrderBy(d => d.Id).ToListAsync());
        Assert.Equal(changed.Select(n => n[2..]).Order(), discrepancies.Select(d => d.ItemId).Order());

        // The supervisor sees them, must give a reason, and resolves each from the paper: one as keyed first, one as keyed second.
        var supervisor = await app.CreateClientAs(Roles.Supervisor);
        var review = await (await supervisor.GetAsync($"/rounds/{c.RoundId}/field/review")).Content.ReadAsStringAsync();
        Assert.Contains($"data-code=\"{c.Code}\"", review);
        var noReason = await PostPage(supervisor, $"/rounds/{c.RoundId}/field/review", [new("discrepancy", discrepancies[0].Id.ToString()), new("paper", "4"), new("reason", " ")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Null(await app.WithDb(db => db.Discrepancies.Where(d => d.Id == discrepancies[0].Id).Select(d => d.ResolvedValue).SingleAsync()));

        string Name(Discrepancy d) => d.UnitCode is null ? $"a:{d.ItemId}" : $"u:{d.UnitCode}:{d.ItemId}";
        var paper0 = c.Keys[Name(discrepancies[0])];   // the first keying was right
        var paper1 = second[Name(discrepancies[1])];   // the second keying was right
        Assert.Equal(HttpStatusCode.OK, (await PostPage(supervisor, $"/rounds/{c.RoundId}/field/review",
            [new("discrepancy", discrepancies[0].Id.ToString()), new("paper", paper0), new("reason", "Phiếu giấy ghi " + paper0)])).StatusCode);
        var last = await PostPage(supervisor, $"/rounds/{c.RoundId}/field/review",
            [new("discrepancy", discrepancies[1].Id.ToString()), new("paper", paper1), new("reason", "Phiếu giấy ghi " + paper1)]);
        Assert.Contains("phiếu được chấp nhận", await last.Content.ReadAsStringAsync());

        var (final, answers) = await app.WithDb(async db =>
        {
            var r = await db.Responses.AsNoTracking().Include(x => x.AnswerSets).SingleAsync(x => x.RespondentId == c.RespondentId);
            return (r, r.AnswerSets.Single(a => a.RatedUnitId == null).AnswersJson);
        });
        Assert.Equal(ResponseStatus.Submitted, final.Status);
        Assert.Equal(ResponseMode.Paper, final.Mode);
        var stored = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(answers)!;
        Assert.Equal(discrepancies[0].FirstValue, stored[discrepancies[0].ItemId]);
        Assert.Equal(discrepancies[1].SecondValue, stored[discrepancies[1].ItemId]);

        // Every keying step is in the response's history, with old and new values and the reasons. (Monitoring may add
        // its own entries to the same history, e.g. a quality flag on a form keyed in seconds; those are not keying steps.)
        var audit = await app.WithDb(db => db.AuditEntries.AsNoTracking().Where(a => a.EntityType == "Response" && a.EntityId == final.Id.ToString() && a.Action.StartsWith("field.")).OrderBy(a => a.Id).ToListAsync());
        Assert.Equal(["field.key", "field.verification-draw", "field.key", "field.compare", "field.resolve", "field.resolve", "field.accept"], audit.Select(a => a.Action));
        Assert.All(audit.Where(a => a.Action == "field.resolve"), a => { Assert.NotNull(a.BeforeJson); Assert.StartsWith("Phiếu giấy ghi", a.Reason); });
        var history = await (await supervisor.GetAsync($"/rounds/{c.RoundId}/field/history/{c.Code}")).Content.ReadAsStringAsync();
        Assert.Equal(7, System.Text.RegularExpressions.Regex.Matches(history, "data-action=\"field\\.").Count);

        // The operator statistics count both keyers, and the first keyer's error is attributed.
        var stats = await (await supervisor.GetAsync($"/rounds/{c.RoundId}/field/stats")).Content.ReadAsStringAsync();
        Assert.Contains("data-keyer=\"fieldstaff@tests.parindex.local\"", stats);
        Assert.Contains("data-keyer=\"admin@tests.parindex.local\"", stats);
    }

    [Fact]
    public async Task A_member_who_answered_online_cannot_be_keyed_and_nothing_is_written()
    {
        var (token, respondentId) = await app.IssueTokenAsync();
        var web = app.CreateClient();
        var (_, data) = await Answers.ValidFor(web, token);
        Assert.Equal(HttpStatusCode.Created, (await web.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data))).StatusCode);
        var code = await app.WithDb(db => db.Respondents.Where(r => r.Id == respondentId).Select(r => r.Code).SingleAsync());
        var roundId = await app.WithDb(db => db.Respondents.Where(r => r.Id == respondentId).Select(r => r.RoundId).SingleAsync());

        var keyer = await app.CreateClientAs(Roles.Supervisor);
        var page = await (await keyer.GetAsync($"/rounds/{roundId}/field/key/{code}")).Content.ReadAsStringAsync();
        Assert.Contains("đã trả lời trực tuyến", page);
        Assert.DoesNotContain("id=\"keying\"", page);
        // The live monitor's quality checks may flag the web response in the background (actor system:monitor): not this refusal's doing.
        var auditBefore = await app.WithDb(db => db.AuditEntries.CountAsync(a => a.Actor != ParIndex.Web.Features.Monitoring.QualityReview.Actor));
        var post = await PostPage(keyer, $"/rounds/{roundId}/field/key/{code}", [new("a:channel", "1")], tokenFrom: $"/rounds/{roundId}/field/manage");
        Assert.True(post.StatusCode == HttpStatusCode.Conflict, await post.Content.ReadAsStringAsync());
        Assert.False(await app.WithDb(db => db.PaperForms.AnyAsync(f => f.RespondentId == respondentId)));
        Assert.Equal(ResponseMode.Web, await app.WithDb(db => db.Responses.Where(r => r.RespondentId == respondentId).Select(r => r.Mode).SingleAsync()));
        Assert.Equal(auditBefore, await app.WithDb(db => db.AuditEntries.CountAsync(a => a.Actor != ParIndex.Web.Features.Monitoring.QualityReview.Actor)));
    }

    [Fact]
    public async Task A_member_whose_paper_form_is_keyed_cannot_answer_online()
    {
        var c = await NewPaperCase(app);
        var keyer = await app.CreateClientAs(Roles.Supervisor, followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, (await Key(keyer, c, c.Keys)).StatusCode);
        var token = Tokens.NewToken();
        await app.WithDb(async db =>
        {
            db.Invitations.Add(new Invitation { RespondentId = c.RespondentId, TokenHash = Tokens.Hash(token), Channel = InvitationChannel.Email, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var web = app.CreateClient();
        var form = await web.GetAsync($"/api/v1/forms/{token}/");
        await form.AssertProblem(410, "token-used");
        var submit = await web.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), new Core.Questionnaires.ResponseData()));
        Assert.NotEqual(HttpStatusCode.Created, submit.StatusCode);
        Assert.Equal(ResponseMode.Paper, await app.WithDb(db => db.Responses.Where(r => r.RespondentId == c.RespondentId).Select(r => r.Mode).SingleAsync()));
    }

    [Fact]
    public async Task A_tampered_post_or_an_invalid_key_writes_nothing()
    {
        var c = await NewPaperCase(app);
        var keyer = await app.CreateClientAs(Roles.Supervisor, followRedirects: false);
        var auditBefore = await app.WithDb(db => db.AuditEntries.CountAsync(a => a.Actor != ParIndex.Web.Features.Monitoring.QualityReview.Actor));

        var tampered = await Key(keyer, c, c.Keys, [new("a:not_on_the_form", "1")]);
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("không có gì được ghi", await tampered.Content.ReadAsStringAsync());

        var likert = c.Keys.First(k => k.Value is "4" or "5").Key;
        var bad = new Dictionary<string, string>(c.Keys) { [likert] = "7" };
        var invalid = await Key(keyer, c, bad);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);

        Assert.False(await app.WithDb(db => db.Responses.AnyAsync(r => r.RespondentId == c.RespondentId)));
        Assert.False(await app.WithDb(db => db.PaperForms.AnyAsync(f => f.RespondentId == c.RespondentId)));
        Assert.Equal(auditBefore, await app.WithDb(db => db.AuditEntries.CountAsync(a => a.Actor != ParIndex.Web.Features.Monitoring.QualityReview.Actor)));
    }

    [Fact]
    public async Task Field_staff_key_only_their_assignments()
    {
        var c = await NewPaperCase(app, "XA-TRUONGTHON");
        var keyer = await app.CreateClientAs(Roles.FieldStaff);
        var page = await (await keyer.GetAsync($"/rounds/{c.RoundId}/field/key/{c.Code}")).Content.ReadAsStringAsync();
        Assert.Contains("không thuộc phạm vi được phân công", page);
    }

    [Fact]
    public async Task With_a_zero_percent_sample_a_single_keying_is_accepted_at_once_and_counts()
    {
        var c = await NewPaperCase(app, "SO-DAN");
        var supervisor = await app.CreateClientAs(Roles.Supervisor, followRedirects: false);
        try
        {
            var s = await PostPage(supervisor, $"/rounds/{c.RoundId}/field/manage?handler=Settings",
                [new("verifyAll", "false"), new("samplePercent", "0"), new("errorRatePercent", "1"), new("minFields", "100")]);
            Assert.Equal(HttpStatusCode.OK, s.StatusCode);
            var r = await Key(supervisor, c, c.Keys);
            Assert.Contains("status=Verified", r.Headers.Location!.OriginalString);
            var form = await app.WithDb(db => db.PaperForms.AsNoTracking().SingleAsync(f => f.RespondentId == c.RespondentId));
            Assert.Equal(VerificationReason.NotSampled, form.VerificationReason);
            Assert.Equal(ResponseStatus.Submitted, await app.WithDb(db => db.Responses.Where(x => x.RespondentId == c.RespondentId).Select(x => x.Status).SingleAsync()));
        }
        finally
        {
            await PostPage(supervisor, $"/rounds/{c.RoundId}/field/manage?handler=Settings",
                [new("verifyAll", "true"), new("samplePercent", "20"), new("errorRatePercent", "1"), new("minFields", "100")]);
        }
    }

    [Fact]
    public async Task The_paper_form_prints_the_code_and_a_QR_code_naming_the_member_and_version()
    {
        var c = await NewPaperCase(app);
        var client = await app.CreateClientAs(Roles.FieldStaff);
        var html = await (await client.GetAsync($"/rounds/{c.RoundId}/field/print?code={c.Code}")).Content.ReadAsStringAsync();
        Assert.Contains($"<strong>{c.Code}</strong>", html);
        Assert.Contains("src=\"data:image/png;base64,", html);
        Assert.Contains("[1]", html);
        // Scanning types the payload: the keying screen accepts it as well as the bare code.
        Assert.Equal(c.Code, System.Text.RegularExpressions.Regex.Match(html, "data-code=\"([^\"]+)\"").Groups[1].Value);

        // Scanning types the QR payload into the scan box: it opens the keying screen of that member and version.
        var payload = await app.WithDb(async db => new Web.Features.FieldEntry.PaperFormCode(
            await db.Rounds.Where(r => r.Id == c.RoundId).Select(r => r.Code).SingleAsync(), c.Code,
            await db.QuestionnaireVersions.Where(v => v.Questionnaire!.RespondentGroupId == c.GroupId && v.Status == QuestionnaireVersionStatus.Published)
                .OrderByDescending(v => v.Number).Select(v => v.Id).FirstAsync()).Payload);
        var supervisor = await app.CreateClientAs(Roles.Supervisor);
        var scanned = await (await supervisor.GetAsync($"/rounds/{c.RoundId}/field?code={Uri.EscapeDataString(payload)}")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"keying\"", scanned);
        Assert.Contains($"<strong id=\"respondent-code\">{c.Code}</strong>", scanned);
        var otherRound = await (await supervisor.GetAsync($"/rounds/{c.RoundId}/field?code={Uri.EscapeDataString("PX1|OTHER-ROUND|" + c.Code + "|1")}")).Content.ReadAsStringAsync();
        Assert.Contains("thuộc một đợt điều tra khác", otherRound);
    }
}
