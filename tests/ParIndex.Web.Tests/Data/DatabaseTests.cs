using System.Net;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Data;

[Collection(AppCollection.Name)]
public sealed class DatabaseTests(ParIndexFactory app)
{
    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations() =>
        Assert.False(await app.WithDb(db => Task.FromResult(db.Database.HasPendingModelChanges())),
            "The EF model changed without a migration: run dotnet ef migrations add <Name> -p src/ParIndex.Web -o Data/Migrations/Sqlite");

    [Fact]
    public async Task The_database_runs_in_wal_mode_with_full_synchronous_commits()
    {
        var (mode, sync) = await app.WithDb(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode";
            var mode = (string)(await cmd.ExecuteScalarAsync())!;
            cmd.CommandText = "PRAGMA synchronous";
            var sync = (long)(await cmd.ExecuteScalarAsync())!;
            return (mode, sync);
        });
        Assert.Equal("wal", mode);
        Assert.Equal(2, sync); // FULL
    }

    [Fact]
    public async Task Audit_entries_cannot_be_edited_or_deleted()
    {
        await app.WithDb(async db =>
        {
            var entry = await db.AuditEntries.FirstAsync();
            entry.Reason = "rewritten";
            var e = await Assert.ThrowsAsync<DomainException>(() => db.SaveChangesAsync());
            Assert.Equal("audit-append-only", e.Code);
            return 0;
        });
    }

    [Fact]
    public async Task The_demo_round_is_seeded_with_hanoi_units_seven_groups_and_responses()
    {
        await app.WithDb(async db =>
        {
            var round = await db.Rounds.SingleAsync(r => r.Code == "CCHC-2026");
            Assert.Equal("Chỉ số CCHC 2026", round.Name);
            Assert.InRange(await db.Units.CountAsync(u => u.RoundId == round.Id && u.UnitType!.Code == "SO"), 18, 25);
            Assert.InRange(await db.Units.CountAsync(u => u.RoundId == round.Id && u.UnitType!.Code == "XA"), 28, 35);
            Assert.Contains("Phường Hoàn Kiếm", await db.Units.Select(u => u.Name).ToListAsync());
            Assert.Equal(7, await db.RespondentGroups.CountAsync(g => g.RoundId == round.Id));
            Assert.InRange(await db.Respondents.CountAsync(r => r.RoundId == round.Id), 200, 1000);
            Assert.True(await db.Responses.CountAsync(r => r.RoundId == round.Id && r.Status == ResponseStatus.Submitted) > 20);
            Assert.All(await db.Invitations.Select(i => i.TokenHash).Take(50).ToListAsync(), h => Assert.Matches("^[0-9a-f]{64}$", h));
            return 0;
        });
    }
}

[Collection(AppCollection.Name)]
public sealed class PlatformTests(ParIndexFactory app)
{
    private readonly HttpClient client = app.CreateClient();

    [Fact]
    public async Task Health_is_200_when_the_database_is_reachable()
    {
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        var doc = await (await client.GetAsync("/openapi/v1.json")).ReadJson();
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/rounds", out _));
        Assert.True(paths.TryGetProperty("/api/v1/forms/{token}/submissions", out _));
    }

    [Fact]
    public async Task Staff_api_without_sign_in_is_a_401_problem_and_pages_redirect_to_login()
    {
        var api = await client.GetAsync("/api/v1/rounds");
        await api.AssertProblem(401, "unauthenticated");
        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await anonymous.GetAsync("/rounds/1");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login", page.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_viewer_may_not_change_round_structure()
    {
        var viewer = await app.CreateClientAs(ParIndex.Web.Infrastructure.Security.Roles.Viewer);
        var response = await viewer.PostAsync("/api/v1/rounds", System.Net.Http.Json.JsonContent.Create(new { code = "X" }));
        await response.AssertProblem(403, "forbidden");
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_problem()
    {
        var (email, _) = await app.AccountFor(ParIndex.Web.Infrastructure.Security.Roles.Viewer);
        var response = await client.PostAsync("/api/v1/auth/login", System.Net.Http.Json.JsonContent.Create(new { email, password = "wrong-password-123" }));
        await response.AssertProblem(401, "login-failed");
    }

    [Fact]
    public async Task Problem_types_are_documented()
    {
        var response = await client.GetAsync("/problems/token-invalid");
        var body = await response.ReadJson();
        Assert.Equal("/problems/token-invalid", body.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/rounds/1")]
    [InlineData("/rounds/1/units")]
    [InlineData("/rounds/1/groups")]
    [InlineData("/rounds/1/criteria/SO")]
    [InlineData("/rounds/new")]
    public async Task Staff_pages_render_in_vietnamese_by_default_and_english_on_request(string path)
    {
        var client = await app.CreateClientAs(ParIndex.Web.Infrastructure.Security.Roles.Designer);
        var vi = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, vi.StatusCode);
        Assert.Contains("lang=\"vi\"", await vi.Content.ReadAsStringAsync());
        var en = await client.GetStringAsync(path + "?lang=en");
        Assert.Contains("lang=\"en\"", en);
    }
}
