using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Tests.Infrastructure;
using ParIndex.Web.Tests.ScaleOut;

namespace ParIndex.Web.Tests.Features.Collection;

/// <summary>The API's ingestion path: many submissions at once through the single writer, and its backpressure.</summary>
public sealed class IngestionTests
{
    [Fact]
    public async Task A_burst_of_concurrent_submissions_is_stored_once_each_and_every_acknowledgement_is_in_the_database()
    {
        await using var app = new ParIndexFactory();
        var client = app.CreateClient();
        var database = new ParIndex.Web.Data.DatabaseOptions { ConnectionString = $"Data Source={app.DatabasePath}" };
        var issued = await SampleMembers.IssueAsync(database, 120, "XA-TRUONGTHON", "BURST");
        var tokens = await app.WithDb(async db =>
        {
            var members = await db.Respondents.Where(r => r.Code.StartsWith("BURST-")).OrderBy(r => r.Code).Select(r => r.Id).ToListAsync();
            return issued.Select((t, i) => (Token: t, RespondentId: members[i])).ToList();
        });
        var bodies = new List<(string Token, object Body, Guid ClientId)>();
        foreach (var (token, _) in tokens)
        {
            var data = await ValidAnswers.For(client, token, bodies.Count);
            var id = Guid.NewGuid();
            bodies.Add((token, Answers.Body(id, data), id));
        }

        // Each submission twice at once (a phone retrying while the first post is in flight).
        var posts = await Task.WhenAll(bodies.Concat(bodies).Select(b => client.PostAsJsonAsync($"/api/v1/forms/{b.Token}/submissions", b.Body)));

        Assert.All(posts, p => Assert.True(p.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{(int)p.StatusCode} {p.Content.ReadAsStringAsync().Result}"));
        Assert.Equal(bodies.Count, posts.Count(p => p.StatusCode == HttpStatusCode.Created));
        var acked = new HashSet<long>();
        foreach (var p in posts) acked.Add((await p.ReadJson()).GetProperty("responseId").GetInt64());
        Assert.Equal(bodies.Count, acked.Count);
        var ids = tokens.Select(t => (int?)t.RespondentId).ToList();
        var stored = await app.WithDb(db => db.Responses.Where(r => ids.Contains(r.RespondentId) && r.Status == ResponseStatus.Submitted).Select(r => r.Id).ToListAsync());
        Assert.Equal(acked.OrderBy(x => x), stored.OrderBy(x => x));
        var used = await app.WithDb(db => db.Invitations.CountAsync(i => ids.Contains(i.RespondentId) && i.Status == InvitationStatus.Used));
        Assert.Equal(tokens.Count, used);
    }

    /// <summary>The app with its writer never started and room for one waiting submission.</summary>
    private sealed class StalledWriterApp : ParIndexFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Ingestion:QueueCapacity", "1");
            builder.UseSetting("Ingestion:RetryAfterSeconds", "3");
            builder.ConfigureTestServices(services =>
            {
                var writer = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationFactory?.Method.ReturnType == typeof(SubmissionWriter)).ToList();
                Assert.Single(writer);
                services.Remove(writer[0]);
            });
        }
    }

    [Fact]
    public async Task When_the_queue_is_full_a_submission_is_refused_with_503_retry_after_and_nothing_is_stored()
    {
        await using var app = new StalledWriterApp();
        var client = app.CreateClient();
        var (first, _) = await app.IssueTokenAsync();
        var (second, secondRespondent) = await app.IssueTokenAsync();
        var (_, data1) = await Answers.ValidFor(client, first);
        var (_, data2) = await Answers.ValidFor(client, second);

        var waiting = client.PostAsJsonAsync($"/api/v1/forms/{first}/submissions", Answers.Body(Guid.NewGuid(), data1));
        var writer = app.Services.GetRequiredService<SubmissionWriter>();
        for (var i = 0; i < 200 && writer.Waiting == 0; i++) await Task.Delay(25);
        Assert.Equal(1, writer.Waiting);

        var refused = await client.PostAsJsonAsync($"/api/v1/forms/{second}/submissions", Answers.Body(Guid.NewGuid(), data2));

        await refused.AssertProblem(503, "server-busy");
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(0, await app.WithDb(db => db.Responses.CountAsync(r => r.RespondentId == secondRespondent)));
        Assert.False(waiting.IsCompleted, "the first submission was acknowledged although nothing committed it");
    }
}
