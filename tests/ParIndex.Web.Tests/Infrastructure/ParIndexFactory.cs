using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using System.Net.Http.Json;

namespace ParIndex.Web.Tests.Infrastructure;

/// <summary>
/// The real application over a real SQLite file of its own (migrated and seeded with the demo round), in the
/// in-memory test server or, with <see cref="StartKestrel"/>, on a loopback port for browser tests.
/// </summary>
public class ParIndexFactory : WebApplicationFactory<Program>
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "parindex-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(directory, "parindex.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(directory);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:ConnectionString", $"Data Source={DatabasePath}");
        builder.UseSetting("Database:SeedDemo", "true");
        builder.UseSetting("Database:SeedDemoHistory", SeedsDemoHistory ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Explicit: every test comes from one address, so the production limits would refuse the suite itself.
        foreach (var (key, value) in RateLimitSettings) builder.UseSetting($"RateLimits:{key}", value);
    }

    /// <summary>
    /// Whether the demo's published earlier years (2024, 2025) are seeded too. Off for the suite's many apps (they test the
    /// 2026 round and would each pay for two more seeded, scored and published rounds); the publication tests turn it on.
    /// </summary>
    protected virtual bool SeedsDemoHistory => false;

    /// <summary>Rate limits for this app instance; a subclass lowers them to test the limiter itself.</summary>
    protected virtual IReadOnlyDictionary<string, string> RateLimitSettings { get; } = new Dictionary<string, string>
    {
        ["TokenPerIpPerMinute"] = "1000000", ["TokenPerTokenPerMinute"] = "1000000", ["SubmissionsPerIpPerMinute"] = "1000000",
        ["LoginPerIpPerMinute"] = "1000000", ["LoginPerAccountPerMinute"] = "1000000",
    };

    /// <summary>Serves the app on a free loopback port and returns its base address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress;
    }

    private readonly Dictionary<string, (string Email, string Password)> accounts = [];
    private readonly SemaphoreSlim accountsLock = new(1, 1);

    /// <summary>
    /// A client signed in (through the real login endpoint) as a staff member with <paramref name="role"/>. Like any API
    /// client on the sign-in cookie it says so with <c>X-Requested-With</c>, which a POST without a JSON/CSV/XLSX body
    /// needs (docs/security.md § CSRF); the cross-site walker sends its forgeries without it.
    /// </summary>
    public async Task<HttpClient> CreateClientAs(string role, bool followRedirects = true)
    {
        var (email, password) = await AccountFor(role);
        // The factory's own base address: the test server's, or Kestrel's once StartKestrel ran.
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects, BaseAddress = ClientOptions.BaseAddress });
        client.DefaultRequestHeaders.Add("X-Requested-With", "ParIndex.Tests");
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        login.EnsureSuccessStatusCode();
        return client;
    }

    public async Task<(string Email, string Password)> AccountFor(string role)
    {
        await accountsLock.WaitAsync();
        try
        {
            if (accounts.TryGetValue(role, out var known)) return known;
            using var scope = Services.CreateScope();
            var sp = scope.ServiceProvider;
            var email = $"{role.ToLowerInvariant()}@tests.parindex.local";
            var password = StaffAccounts.NewPassword();
            await StaffAccounts.CreateAsync(sp.GetRequiredService<UserManager<StaffUser>>(), sp.GetRequiredService<RoleManager<IdentityRole>>(),
                sp.GetRequiredService<ParIndexDbContext>(), email, password, role, "tests", DateTime.UtcNow);
            return accounts[role] = (email, password);
        }
        finally
        {
            accountsLock.Release();
        }
    }

    public ParIndexDbContext NewDbContext() => Services.CreateScope().ServiceProvider.GetRequiredService<ParIndexDbContext>();

    public async Task<T> WithDb<T>(Func<ParIndexDbContext, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<ParIndexDbContext>());
    }

    /// <summary>Issues a fresh personal link for an unanswered member of <paramref name="groupCode"/>; returns the raw token and the member.</summary>
    public Task<(string Token, int RespondentId)> IssueTokenAsync(string groupCode = "XA-DAN", DateTime? validUntil = null) => WithDb(async db =>
    {
        var taken = await db.Invitations.Where(i => i.Status != InvitationStatus.Revoked && i.CreatedAt > DateTime.UtcNow.AddHours(-1) && i.Channel == InvitationChannel.Email)
            .Select(i => i.RespondentId).ToListAsync();
        var member = await db.Respondents
            .Where(r => r.RespondentGroup!.Code == groupCode && r.Status == RespondentStatus.Active && !db.Responses.Any(x => x.RespondentId == r.Id) && !taken.Contains(r.Id))
            .OrderBy(r => r.Id).FirstAsync();
        var token = Tokens.NewToken();
        // Channel Email marks links handed out by tests, so two tests never share a member.
        db.Invitations.Add(new Invitation { RespondentId = member.Id, TokenHash = Tokens.Hash(token), Channel = InvitationChannel.Email, CreatedAt = DateTime.UtcNow, ValidUntil = validUntil });
        await db.SaveChangesAsync();
        return (token, member.Id);
    });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<ParIndexFactory>
{
    public const string Name = "app";
}
