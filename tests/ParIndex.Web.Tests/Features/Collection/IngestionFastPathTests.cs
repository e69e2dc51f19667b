using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Tests.Infrastructure;
using ParIndex.Web.Tests.ScaleOut;

namespace ParIndex.Web.Tests.Features.Collection;

/// <summary>
/// What the submission fast path keeps per node (the collection catalog) and writes without change tracking (the
/// writer's prepared statements) must never change an outcome: a stale catalog is overruled in the writer's
/// transaction, a change saved on this node applies at once, and the rows read back exactly as EF wrote them.
/// </summary>
public sealed class IngestionFastPathTests
{
    [Fact]
    public async Task A_round_closed_by_another_node_refuses_the_submission_in_the_writer_and_stores_nothing()
    {
        await using var app = new ParIndexFactory();
        var client = app.CreateClient();
        var (token, respondentId) = await app.IssueTokenAsync();
        var (_, data) = await Answers.ValidFor(client, token);   // this node now holds the round as open in its catalog

        // Another node closes fieldwork: written straight to the database, so this node's catalog never hears of it.
        await using (var other = DatabaseSetup.CreateContext(new DatabaseOptions { ConnectionString = $"Data Source={app.DatabasePath}" }))
        {
            var round = await other.Rounds.SingleAsync(r => r.Status == RoundStatus.Fieldwork);
            round.Status = RoundStatus.Closed;
            await other.SaveChangesAsync();
        }

        var post = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data));

        await post.AssertProblem(410, "token-expired");
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == respondentId)));
        Assert.False(await app.WithDb(db => db.Invitations.AnyAsync(i => i.RespondentId == respondentId && i.Status == InvitationStatus.Used)));
    }

    [Fact]
    public async Task Closing_the_round_on_this_node_closes_its_links_at_once()
    {
        await using var app = new ParIndexFactory();
        var client = app.CreateClient();
        var (token, _) = await app.IssueTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/forms/{token}")).StatusCode);

        await app.WithDb(async db =>
        {
            var round = await db.Rounds.SingleAsync(r => r.Status == RoundStatus.Fieldwork);
            round.Status = RoundStatus.Closed;
            return await db.SaveChangesAsync();
        });

        await (await client.GetAsync($"/api/v1/forms/{token}")).AssertProblem(410, "token-expired");
    }

    [Fact]
    public async Task A_submission_written_by_the_fast_path_reads_back_field_for_field()
    {
        await using var app = new ParIndexFactory();
        var client = app.CreateClient();
        var (token, respondentId) = await app.IssueTokenAsync();
        var (form, data) = await Answers.ValidFor(client, token);
        var clientId = Guid.NewGuid();
        var started = new DateTime(2026, 11, 23, 8, 15, 30, 123, DateTimeKind.Utc);
        var body = new { clientId, answers = data.Answers, units = data.Units, language = "en", startedAt = started, deviceClass = "tablet" };

        var post = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", body);

        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        var ack = await post.ReadJson();
        var stored = await app.WithDb(db => db.Responses.AsNoTracking().Include(r => r.AnswerSets).SingleAsync(r => r.ClientId == clientId));
        Assert.Equal(ack.GetProperty("responseId").GetInt64(), stored.Id);
        Assert.Equal(respondentId, stored.RespondentId);
        Assert.Equal((ResponseStatus.Submitted, ResponseMode.Web, "en", "tablet", 1), (stored.Status, stored.Mode, stored.Language, stored.DeviceClass, stored.Revision));
        Assert.Equal(started, stored.StartedAt);
        Assert.NotNull(stored.SubmittedAt);
        Assert.Equal(stored.SubmittedAt, stored.UpdatedAt);
        Assert.NotNull(stored.InvitationId);
        Assert.Equal(form.QuestionnaireVersion, await app.WithDb(db => db.QuestionnaireVersions.Where(v => v.Id == stored.QuestionnaireVersionId).Select(v => v.Number).SingleAsync()));
        var own = Assert.Single(stored.AnswerSets, s => s.RatedUnitId is null);
        Assert.Equal(data.Answers.OrderBy(a => a.Key), System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(own.AnswersJson)!.OrderBy(a => a.Key));
        Assert.Equal(InvitationStatus.Used, await app.WithDb(db => db.Invitations.Where(i => i.Id == stored.InvitationId).Select(i => i.Status).SingleAsync()));
        // The counted-responses query and the ClientId look-up of a retry both find the row written without EF.
        var retry = await client.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", body);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(stored.Id, (await retry.ReadJson()).GetProperty("responseId").GetInt64());
    }
}
