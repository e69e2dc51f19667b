using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ParIndex.Core.SelfAssessment;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Accounts;
using ParIndex.Web.Features.SelfAssessment;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Tests.Infrastructure;

namespace ParIndex.Web.Tests.Features.SelfAssessment;

/// <summary>
/// The app with two appraisal periods on the demo round: the year (submission deadline in 20 days) and the half-year
/// (deadline yesterday, for lateness), evidence limited to 64 KB, and unit-reporter accounts made on demand.
/// </summary>
public class SelfAssessmentApp : ParIndexFactory
{
    public const long MaxEvidence = 64 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SelfAssessment:MaxEvidenceBytes", MaxEvidence.ToString());
    }

    private readonly SemaphoreSlim gate = new(1, 1);
    private (int RoundId, int YearPeriod, int HalfYearPeriod)? periods;

    public DateOnly Today => HanoiTime.Today(DateTime.UtcNow);

    public async Task<(int RoundId, int YearPeriod, int HalfYearPeriod)> Periods()
    {
        await gate.WaitAsync();
        try
        {
            return periods ??= await WithDb(async db =>
            {
                var roundId = await db.Rounds.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
                var year = await global::ParIndex.Web.Features.SelfAssessment.Periods.Create(db, new(roundId, PeriodKind.Year, "Kỳ năm 2026", Today.AddDays(20), Today.AddDays(40), 3, global::ParIndex.Web.Features.SelfAssessment.Periods.DefaultItems), "tests", DateTime.UtcNow, default);
                var half = await global::ParIndex.Web.Features.SelfAssessment.Periods.Create(db, new(roundId, PeriodKind.HalfYear, "Kỳ 6 tháng 2026", Today.AddDays(-1), Today.AddDays(10), 2, global::ParIndex.Web.Features.SelfAssessment.Periods.DefaultItems), "tests", DateTime.UtcNow, default);
                return (roundId, year, half);
            });
        }
        finally { gate.Release(); }
    }

    public Task<int> UnitId(string code) => WithDb(db => db.Units.Where(u => u.Code == code).OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());

    /// <summary>A client signed in as a new UnitReporter linked to <paramref name="unitCode"/> (null: not linked).</summary>
    public async Task<(HttpClient Client, string Email, string Password)> Reporter(string? unitCode, bool followRedirects = false)
    {
        var (email, password) = await ReporterAccount(unitCode);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects });
        (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).EnsureSuccessStatusCode();
        return (client, email, password);
    }

    /// <summary>A new UnitReporter account linked to <paramref name="unitCode"/> (null: not linked).</summary>
    public async Task<(string Email, string Password)> ReporterAccount(string? unitCode)
    {
        var email = $"reporter-{Guid.NewGuid():N}@tests.parindex.local";
        var password = StaffAccounts.NewPassword();
        using (var scope = Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<ParIndexDbContext>();
            var users = sp.GetRequiredService<UserManager<StaffUser>>();
            await StaffAccounts.CreateAsync(users, sp.GetRequiredService<RoleManager<Microsoft.AspNetCore.Identity.IdentityRole>>(), db, email, password, Roles.UnitReporter, "tests", DateTime.UtcNow);
            if (unitCode is not null) await UnitReporters.Link(db, users, email, await UnitId(unitCode), "tests", DateTime.UtcNow, default);
        }
        return (email, password);
    }

    /// <summary>Posts a page form the way a browser does: the page's anti-forgery token plus the fields.</summary>
    public static async Task<HttpResponseMessage> Post(HttpClient client, string page, string handler, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var html = await client.GetStringAsync(page);
        var af = HttpExtensions.HiddenInputs(html)["__RequestVerificationToken"];
        return await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent(fields.Append(KeyValuePair.Create("__RequestVerificationToken", af))));
    }

    public static async Task<HttpResponseMessage> Upload(HttpClient client, string page, string code, string fileName, byte[] bytes, string claimedType = "application/pdf")
    {
        var html = await client.GetStringAsync(page);
        var af = HttpExtensions.HiddenInputs(html)["__RequestVerificationToken"];
        var form = new MultipartFormDataContent
        {
            { new StringContent(af), "__RequestVerificationToken" },
            { new StringContent(code), "code" },
        };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(claimedType);
        form.Add(file, "file", fileName);
        return await client.PostAsync($"{page}?handler=Upload", form);
    }

    /// <summary>The scored lines of a form page in order, as (code, index) from its hidden inputs.</summary>
    public static List<(string Code, int Index)> Lines(string html) =>
        LineInput().Matches(html).Select(m => (m.Groups["code"].Value, int.Parse(m.Groups["i"].Value))).ToList();

    public static byte[] Pdf(int size = 600)
    {
        var b = new byte[size];
        Array.Fill(b, (byte)' ');
        "%PDF-1.7\n"u8.CopyTo(b);
        return b;
    }

    private static Regex LineInput() => new("<input type=\"hidden\" name=\"Lines\\[(?<i>\\d+)\\]\\.Code\" value=\"(?<code>[^\"]+)\">");
}
