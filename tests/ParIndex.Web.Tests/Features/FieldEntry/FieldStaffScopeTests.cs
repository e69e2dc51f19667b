using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Features.FieldEntry;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;
using ParIndex.Web.Tests.Security;
using static ParIndex.Web.Tests.Features.FieldEntry.FieldEntryHelpers;

namespace ParIndex.Web.Tests.Features.FieldEntry;

/// <summary>
/// Field staff see their assignments and nothing else (issue #19, item 12): only batches their assignments cover, no
/// second-keying work or counts of other units, and no word on whether a member outside them answered online — through
/// the pages and through every API endpoint their role may call.
/// </summary>
public sealed class FieldStaffScopeTests(FieldStaffScopeTests.OwnApp app) : IClassFixture<FieldStaffScopeTests.OwnApp>
{
    public sealed class OwnApp : ParIndexFactory;

    private sealed record Scene(int RoundId, string Own, string OtherUnit, string AnyUnit, string AnsweredOnline, string Queued);

    private async Task<Scene> Build()
    {
        var now = DateTime.UtcNow;
        var queued = await NewPaperCase(app); // a member of XA-DAN whose paper form waits for a second keying
        var (email, _) = await app.AccountFor(Roles.FieldStaff);
        var scene = await app.WithDb(async db =>
        {
            var group = await db.RespondentGroups.SingleAsync(g => g.Id == queued.GroupId);
            var queuedUnit = await db.Respondents.Where(r => r.Id == queued.RespondentId).Select(r => r.UnitId).SingleAsync();
            var units = await db.Respondents.Where(r => r.RespondentGroupId == group.Id && r.UnitId != null && r.UnitId != queuedUnit)
                .Select(r => r.UnitId!.Value).Distinct().OrderBy(u => u).Take(2).ToListAsync();
            var (own, other) = (units[0], units[1]);
            var online = await db.Respondents.Where(r => r.RespondentGroupId == group.Id && r.UnitId == other && !db.Responses.Any(x => x.RespondentId == r.Id))
                .OrderBy(r => r.Id).FirstAsync();
            Assert.Null(await ManageFieldEntry.Assign(db, group.RoundId, new AssignmentRequest(email, own, group.Id), "tests", now, default));
            foreach (var (label, unit) in new[] { ("Lô-của-mình", (int?)own), ("Lô-đơn-vị-khác", other), ("Lô-nhiều-đơn-vị", null) })
                Assert.Null(await ManageFieldEntry.AddBatch(db, group.RoundId, new BatchRequest(label, unit, group.Id, 10, null), "tests", now, default));
            Assert.Null(await ManageFieldEntry.SaveSettings(db, group.RoundId, new SettingsRequest(true, 100, 5, 10), "tests", now, default));
            return new Scene(group.RoundId, "Lô-của-mình", "Lô-đơn-vị-khác", "Lô-nhiều-đơn-vị", online.Code, queued.Code);
        });
        // The member of the other unit answers online; the supervisor keys the queued form once (100 % verification).
        var token = Tokens.NewToken();
        await app.WithDb(async db =>
        {
            var m = await db.Respondents.SingleAsync(r => r.RoundId == scene.RoundId && r.Code == scene.AnsweredOnline);
            db.Invitations.Add(new Invitation { RespondentId = m.Id, TokenHash = Tokens.Hash(token), Channel = InvitationChannel.Email, CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        var web = app.CreateClient();
        var (_, data) = await Answers.ValidFor(web, token);
        Assert.Equal(HttpStatusCode.Created, (await web.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data))).StatusCode);
        var supervisor = await app.CreateClientAs(Roles.Supervisor, followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, (await Key(supervisor, queued, queued.Keys)).StatusCode);
        return scene;
    }

    [Fact]
    public async Task Field_staff_see_only_their_assignments_on_the_pages_and_through_the_api()
    {
        var s = await Build();
        var staff = await app.CreateClientAs(Roles.FieldStaff, followRedirects: false);
        var admin = await app.CreateClientAs(Roles.Admin, followRedirects: false);

        // An administrator sees the whole round: the data is there.
        var all = await admin.GetStringAsync($"/rounds/{s.RoundId}/field");
        foreach (var text in new[] { s.Own, s.OtherUnit, s.AnyUnit, s.Queued }) Assert.Contains(text, all);

        // The keyer's start page: their batch only, no other unit's batches or queued forms.
        var mine = await staff.GetStringAsync($"/rounds/{s.RoundId}/field");
        Assert.Contains(s.Own, mine);
        foreach (var text in new[] { s.OtherUnit, s.AnyUnit, s.Queued }) Assert.DoesNotContain(text, mine);

        // Codes outside the assignments: "not yours", never "answered online".
        foreach (var code in new[] { s.AnsweredOnline, s.Queued })
        {
            var page = await (await staff.GetAsync($"/rounds/{s.RoundId}/field/key/{code}")).Content.ReadAsStringAsync();
            Assert.Contains("data-state=\"NotAssigned\"", page);
            Assert.DoesNotContain("trực tuyến", page);
            Assert.DoesNotContain("AnsweredOnline", page);
        }

        // Every API endpoint the role may call: none carries another unit's batches or members.
        var versionId = await app.WithDb(db => db.QuestionnaireVersions.Where(v => v.Questionnaire!.RoundId == s.RoundId).OrderBy(v => v.Id).Select(v => v.Id).FirstAsync());
        var reads = EndpointMatrixTests.Endpoints(app.Services)
            .Where(e => e.IsApi && e.Key.StartsWith("GET /api/", StringComparison.Ordinal) && EndpointMatrixTests.Matrix[e.Key] is var rule
                        && rule != EndpointMatrixTests.Anonymous && Policies.RolesOf[rule].Contains(Roles.FieldStaff)).ToList();
        Assert.NotEmpty(reads);
        foreach (var e in reads)
        {
            var path = RouteSamples.Fill(e.Key[4..], s.RoundId, "XA", ids: [("versionId", versionId)]);
            var body = await (await staff.GetAsync(path)).Content.ReadAsStringAsync();
            foreach (var text in new[] { s.OtherUnit, s.AnyUnit, s.AnsweredOnline, s.Queued }) Assert.False(body.Contains(text, StringComparison.Ordinal), $"{path} carries {text}");
        }
        foreach (var denied in new[] { $"/api/v1/rounds/{s.RoundId}/progress", $"/api/v1/rounds/{s.RoundId}/monitor/field-staff", $"/api/v1/rounds/{s.RoundId}/monitor/" })
            Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync(denied)).StatusCode);
    }
}
