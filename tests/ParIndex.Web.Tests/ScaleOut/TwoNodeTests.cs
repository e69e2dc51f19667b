using ParIndex.Web.Features.Monitoring;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Core.Questionnaires;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ParIndex.Web.Tests.ScaleOut;

/// <summary>
/// Real server processes on loopback sharing one PostgreSQL and one Redis (all three started here): node A
/// migrates and seeds, node B joins. What one node stores, any node serves; what one node commits, a hub client on
/// another node hears; a node killed mid-load loses nothing it acknowledged.
/// </summary>
[Collection(RealServersCollection.Name)]
public sealed class TwoNodeTests(TwoNodeTests.Cluster cluster, ITestOutputHelper output) : IClassFixture<TwoNodeTests.Cluster>
{
    public const string AdminEmail = "admin@scaleout.parindex.local";
    public const string AdminPassword = "Scale-out-2026-Hanoi!";

    public sealed class Cluster : IAsyncLifetime
    {
        public readonly StringWriter Log = new();
        private readonly string dir = Directory.CreateTempSubdirectory("parindex-nodes-").FullName;
        public LocalPostgres Postgres = null!;
        public LocalRedis Redis = null!;
        public AppNode A = null!, B = null!;
        public DatabaseOptions Database = null!;

        public Dictionary<string, string> Settings(bool seed) => new()
        {
            ["Database:Provider"] = Database.Provider, ["Database:ConnectionString"] = Database.ConnectionString,
            ["Database:SeedDemo"] = seed ? "true" : "false", ["Redis:Configuration"] = Redis.Configuration,
            ["Bootstrap:AdminEmail"] = AdminEmail, ["Bootstrap:AdminPassword"] = AdminPassword,
        };

        public Task<AppNode> StartNode(string name, bool seed = false) => AppNode.StartAsync(name, dir, Settings(seed), Log);

        public async Task InitializeAsync()
        {
            var pg = LocalPostgres.StartAsync(durable: false);
            Redis = await LocalRedis.StartAsync();
            Postgres = await pg;
            await Postgres.CreateDatabaseAsync("parindex");
            Database = new DatabaseOptions { Provider = DatabaseSetup.Postgres, ConnectionString = Postgres.ConnectionString("parindex") };
            A = await StartNode("A", seed: true);
            B = await StartNode("B");
        }

        public async Task DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await Redis.DisposeAsync();
            await Postgres.DisposeAsync();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_hub_client_on_node_A_hears_a_submission_made_on_node_B_and_a_sign_in_on_A_works_on_B()
    {
        var cookies = new CookieContainer();
        using var onA = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = cluster.A.BaseAddress };
        (await onA.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminEmail, password = AdminPassword })).EnsureSuccessStatusCode();
        // The sign-in cookie was protected with keys kept in PostgreSQL: node B reads it.
        using var onBAsStaff = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = cluster.B.BaseAddress };
        var rounds = await onBAsStaff.GetAsync("/api/v1/rounds/");
        Assert.Equal(HttpStatusCode.OK, rounds.StatusCode);

        var token = (await SampleMembers.IssueAsync(cluster.Database, 1, prefix: "HUB"))[0];
        using var onB = new HttpClient { BaseAddress = cluster.B.BaseAddress };
        var form = (await onB.GetFromJsonAsync<ParIndex.Web.Features.Collection.FormDto>($"/api/v1/forms/{token}", HttpExtensions.Json))!;
        var roundId = await WithDb(db => db.Rounds.Where(r => r.Name == form.Round).Select(r => r.Id).FirstAsync());

        // Other tests in this class submit to the same round through other nodes, so an update may carry their
        // responses first: wait for the one that carries ours.
        long responseId = 0;
        var updates = new ConcurrentQueue<ProgressUpdate>();
        var heard = new TaskCompletionSource<ProgressUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(ProgressUpdate update)
        {
            var mine = Volatile.Read(ref responseId);
            if (mine != 0 && update.ResponseIds.Contains(mine)) heard.TrySetResult(update);
        }
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(cluster.A.BaseAddress, MonitorHub.Path), o => o.Cookies = cookies)
            .Build();
        hub.On<ProgressUpdate>(MonitorHub.ProgressMethod, update => { updates.Enqueue(update); Check(update); });
        await hub.StartAsync();
        await hub.InvokeAsync<ProgressUpdate>(nameof(MonitorHub.JoinRound), roundId);

        var data = AnswerEngine.Create(form.Definition).Validate(SyntheticAnswers.For(form.Definition, form.RatedUnits, new Random(7)), form.RatedUnits).Cleaned;
        var post = await onB.PostAsJsonAsync($"/api/v1/forms/{token}/submissions", Answers.Body(Guid.NewGuid(), data));
        Assert.Equal(HttpStatusCode.Created, post.StatusCode);
        Volatile.Write(ref responseId, (await post.ReadJson()).GetProperty("responseId").GetInt64());
        foreach (var earlier in updates) Check(earlier);

        // Node B's monitor pushes the coalesced update through Redis to node A's client.
        var update = await heard.Task.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(roundId, update.RoundId);
        Assert.True(update.Submissions > 0);
    }

    /// <summary>Issue #19, item 5: signing out on one node ends the session on every node, at once (the stamp is in the database).</summary>
    [Fact]
    public async Task Signing_out_on_node_B_refuses_the_old_cookie_on_node_A_at_once()
    {
        var cookies = new CookieContainer();
        using var onA = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = cluster.A.BaseAddress };
        (await onA.PostAsJsonAsync("/api/v1/auth/login", new { email = AdminEmail, password = AdminPassword })).EnsureSuccessStatusCode();
        var old = cookies.GetCookies(cluster.A.BaseAddress)["parindex.auth"]!.Value;
        using var onB = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = cluster.B.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/v1/rounds/")).StatusCode);

        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout");
        logout.Headers.Add("X-Requested-With", "fetch");
        Assert.Equal(HttpStatusCode.NoContent, (await onB.SendAsync(logout)).StatusCode);

        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = cluster.A.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rounds/");
        request.Headers.Add("Cookie", "parindex.auth=" + old);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task An_anonymous_client_may_not_listen_to_progress()
    {
        await using var hub = new HubConnectionBuilder().WithUrl(new Uri(cluster.A.BaseAddress, MonitorHub.Path)).Build();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
        Assert.Contains("401", e.Message);
    }

    private sealed record Sent(string Token, Guid ClientId, ResponseData Data);

    [Fact]
    public async Task Killing_a_node_mid_load_loses_nothing_it_acknowledged_and_the_other_node_takes_the_retries()
    {
        // Its own third node, so the kill does not take node B from the other tests.
        var victim = await cluster.StartNode("C");
        var tokens = await SampleMembers.IssueAsync(cluster.Database, 400, prefix: "KILL");
        using var onVictim = new HttpClient { BaseAddress = victim.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var form = (await onVictim.GetFromJsonAsync<ParIndex.Web.Features.Collection.FormDto>($"/api/v1/forms/{tokens[0]}", HttpExtensions.Json))!;
        var engine = AnswerEngine.Create(form.Definition);
        var work = new ConcurrentQueue<Sent>(tokens.Select((t, i) =>
            new Sent(t, Guid.NewGuid(), engine.Validate(SyntheticAnswers.For(form.Definition, form.RatedUnits, new Random(i)), form.RatedUnits).Cleaned)));
        var acked = new ConcurrentDictionary<Guid, (Sent Sent, long ResponseId)>();
        var inFlight = new ConcurrentDictionary<Guid, Sent>();
        var load = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (work.TryDequeue(out var s))
            {
                inFlight[s.ClientId] = s;
                try
                {
                    var r = await onVictim.PostAsJsonAsync($"/api/v1/forms/{s.Token}/submissions", Answers.Body(s.ClientId, s.Data));
                    if (r.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"refused: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
                    acked[s.ClientId] = (s, (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("responseId").GetInt64());
                    inFlight.TryRemove(s.ClientId, out Sent? _);
                }
                catch (HttpRequestException) { return; }
                catch (TaskCanceledException) { return; }
            }
        })).ToList();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (acked.Count < 40 && DateTime.UtcNow < until && !load.All(t => t.IsCompleted)) await Task.Delay(5);
        victim.Kill();
        await Task.WhenAll(load);
        var unsent = work.Count;
        output.WriteLine($"killed node C after {acked.Count} acknowledgements; {inFlight.Count} in flight, {unsent} never sent");
        Assert.True(acked.Count >= 40, "the node was killed before it acknowledged anything worth checking\n" + cluster.Log);
        Assert.True(inFlight.Count + unsent > 0, "the load finished before the kill: nothing was in flight\n" + cluster.Log);

        // Every acknowledged submission is in the database, intact.
        var ids = acked.Values.Select(a => a.ResponseId).ToList();
        var stored = await WithDb(db => db.Responses.AsNoTracking().Include(r => r.AnswerSets).Where(r => ids.Contains(r.Id)).ToListAsync());
        Assert.Equal(acked.Count, stored.Count);
        foreach (var r in stored)
        {
            var sent = acked[r.ClientId].Sent;
            Assert.Equal(ResponseStatus.Submitted, r.Status);
            var answers = JsonSerializer.Deserialize<Dictionary<string, string>>(r.AnswerSets.Single(a => a.RatedUnitId is null).AnswersJson)!;
            Assert.Equal(sent.Data.Answers.OrderBy(kv => kv.Key), answers.OrderBy(kv => kv.Key));
        }

        // The phones retry what was in flight on node B: each is stored exactly once and acknowledged.
        using var onB = new HttpClient { BaseAddress = cluster.B.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var s in inFlight.Values)
        {
            var r = await onB.PostAsJsonAsync($"/api/v1/forms/{s.Token}/submissions", Answers.Body(s.ClientId, s.Data));
            Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"retry got {(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        }
        var clientIds = acked.Keys.Concat(inFlight.Keys).ToList();
        Assert.Equal(clientIds.Count, await WithDb(db => db.Responses.CountAsync(r => clientIds.Contains(r.ClientId))));
        Assert.Equal(0, await WithDb(db => db.Responses.Where(r => r.RespondentId != null).GroupBy(r => r.RespondentId).CountAsync(g => g.Count() > 1)));
    }

    private async Task<T> WithDb<T>(Func<ParIndexDbContext, Task<T>> query)
    {
        await using var db = DatabaseSetup.CreateContext(cluster.Database);
        return await query(db);
    }
}

/// <summary>
/// Tests that start real server processes (the crash test, the node cluster) and time them: run alone, after the
/// parallel tests, so CPU contention from the rest of the suite cannot push a start-up past its deadline.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealServersCollection
{
    public const string Name = "real-servers";
}
