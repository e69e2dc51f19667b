using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Tests.Features.Publication;

/// <summary>
/// Publishing through the API as the Admin: refused while the round still takes answers, the same figures again change
/// nothing, a correction is a new version that must say what changed, the old version stays readable, and no path edits a
/// published version.
/// </summary>
[Collection(PublicationCollection.Name)]
public sealed class PublishRoundTests(PublicationApp app)
{
    private Task<int> RoundId(string code) => app.WithDb(db => db.Rounds.Where(r => r.Code == code).Select(r => r.Id).SingleAsync());

    [Fact]
    public async Task A_round_still_in_fieldwork_is_not_published_and_nothing_is_written()
    {
        var admin = await app.CreateClientAs(Roles.Admin);
        var roundId = await RoundId(PublicationApp.Unpublished);
        var run = await (await admin.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).Content.ReadFromJsonAsync<JsonObject>();

        using var response = await admin.PostAsJsonAsync($"/api/v1/rounds/{roundId}/publications", new { scoreRunId = (int)run!["id"]! });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("kết thúc thu thập phiếu", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.WithDb(db => db.Publications.CountAsync(p => p.RoundId == roundId)));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/cong-bo/{PublicationApp.Unpublished}")).StatusCode);
    }

    [Fact]
    public async Task Only_the_admin_publishes()
    {
        var roundId = await RoundId(PublicationApp.Previous);
        foreach (var role in new[] { Roles.Designer, Roles.Supervisor })
        {
            var client = await app.CreateClientAs(role);
            using var response = await client.PostAsJsonAsync($"/api/v1/rounds/{roundId}/publications", new { scoreRunId = 1 });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task Publishing_the_same_figures_again_changes_nothing_and_a_correction_is_a_new_version_with_its_note()
    {
        var admin = await app.CreateClientAs(Roles.Admin);
        var roundId = await RoundId(PublicationApp.Previous);
        var before = await admin.GetFromJsonAsync<JsonArray>($"/api/v1/rounds/{roundId}/publications");
        var current = before!.Last()!;
        var version = (int)current["version"]!;

        // The same run again: 200 with the current version, nothing written.
        using (var same = await admin.PostAsJsonAsync($"/api/v1/rounds/{roundId}/publications", new { scoreRunId = (int)current["scoreRunId"]! }))
        {
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);
            Assert.Equal(version, (int)(await same.Content.ReadFromJsonAsync<JsonObject>())!["version"]!);
        }
        var etag = (await app.CreateClient().GetAsync($"/cong-bo/{PublicationApp.Previous}")).Headers.ETag;

        // A changed configuration (90% intervals) scored again: publishing it is a correction and needs a note.
        var config = await admin.GetFromJsonAsync<JsonObject>($"/api/v1/rounds/{roundId}/scoring/config");
        config!["confidenceLevel"] = 0.9;
        (await admin.PutAsJsonAsync($"/api/v1/rounds/{roundId}/scoring/config", config)).EnsureSuccessStatusCode();
        var run = await (await admin.PostAsync($"/api/v1/rounds/{roundId}/scoring/runs", null)).Content.ReadFromJsonAsync<JsonObject>();
        using (var noNote = await admin.PostAsJsonAsync($"/api/v1/rounds/{roundId}/publications", new { scoreRunId = (int)run!["id"]! }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
            Assert.Contains("đính chính", await noNote.Content.ReadAsStringAsync());
        }
        Assert.Equal(before!.Count, (await admin.GetFromJsonAsync<JsonArray>($"/api/v1/rounds/{roundId}/publications"))!.Count);

        const string note = "Đính chính: khoảng tin cậy 90% theo quyết định của Hội đồng.";
        using var corrected = await admin.PostAsJsonAsync($"/api/v1/rounds/{roundId}/publications", new { scoreRunId = (int)run["id"]!, note });
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var v2 = await corrected.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(version + 1, (int)v2!["version"]!);

        var anonymous = app.CreateClient();
        var versions = await anonymous.GetStringAsync($"/cong-bo/{PublicationApp.Previous}/phien-ban");
        Assert.Contains(note, versions);
        var overview = await anonymous.GetAsync($"/cong-bo/{PublicationApp.Previous}");
        Assert.NotEqual(etag, overview.Headers.ETag);
        Assert.Contains("90%", await overview.Content.ReadAsStringAsync());
        var old = await anonymous.GetAsync($"/cong-bo/{PublicationApp.Previous}?phien-ban={version}");
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.Contains("95%", await old.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task No_path_edits_or_removes_a_published_version()
    {
        var (id, note) = await app.WithDb(db => db.Publications.OrderBy(x => x.Id).Select(x => new { x.Id, x.Note }).FirstAsync().ContinueWith(t => (t.Result.Id, t.Result.Note)));
        var edit = await Assert.ThrowsAsync<DomainException>(() => app.WithDb(async db =>
        {
            var p = await db.Publications.SingleAsync(x => x.Id == id);
            db.Entry(p).Property(x => x.Note).CurrentValue = "changed";
            return await db.SaveChangesAsync();
        }));
        Assert.Equal("publication-immutable", edit.Code);
        var remove = await Assert.ThrowsAsync<DomainException>(() => app.WithDb(async db =>
        {
            db.Publications.Remove(await db.Publications.SingleAsync(x => x.Id == id));
            return await db.SaveChangesAsync();
        }));
        Assert.Equal("publication-immutable", remove.Code);
        Assert.Equal(note, await app.WithDb(db => db.Publications.Where(x => x.Id == id).Select(x => x.Note).SingleAsync()));
    }
}
