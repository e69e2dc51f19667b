using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ParIndex.Web.Features.Rounds;
using ParIndex.Web.Features.Scoring;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Demo;
using ParIndex.Web.Features.Distribution;
using ParIndex.Web.Features.Monitoring;
using ParIndex.Web.Features.SelfAssessment;
using ParIndex.Web.Features.Collection;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;
using ParIndex.Web.Features.Accounts;
using ParIndex.Web.Features.Publication;
using Microsoft.AspNetCore.Identity;

namespace ParIndex.Web;

/// <summary>The composition of the one deployable: services, middleware and endpoints, each in one place.</summary>
public static class ParIndexApp
{
    public static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en-US")];

    public static void AddParIndex(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddParIndexDatabase(builder.Configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddDataProtection().SetApplicationName("ParIndex").PersistKeysToDbContext<ParIndexDbContext>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Vietnamese text is written as UTF-8, not as &#x...; escapes: readable source and a lighter page.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        // Browsers get every problem as a page in the layout (HtmlProblemWriter), API clients ProblemDetails: first writer that can.
        services.AddSingleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, HtmlProblemWriter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddSecurity();
        services.AddSelfAssessment();
        services.AddHealthChecks().AddDbContextCheck<ParIndexDbContext>("database");
        services.AddOpenApi();
        services.AddRazorPages(o =>
        {
            // Pages live with their area (Features/<Area>/Pages); every page names its own URL with @page "/…".
            o.RootDirectory = "/Features";
            o.Conventions.ConfigureFilter(new MissingHandlerFilter());
        }).AddMvcOptions(o =>
        {
            o.Filters.Add<RefusalPageFilter>();
            // Numbers and dates of every page read with one policy, whatever the request's culture (InputValues).
            o.ModelBinderProviders.Insert(0, new InputValueBinderProvider());
            InputValues.SayBindingErrors(o.ModelBindingMessageProvider);
            // A value a binder could not read refuses the post (RefusalPageFilter); an empty text is not such a value —
            // the use case checks it with its own catalogued message (no implicit English "The X field is required.").
            o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        });
        services.AddAntiforgery(o => o.Cookie.Name = "parindex.af");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" }, new CookieRequestCultureProvider()];
        });
        services.AddHostedService<StartupBanner>();
        services.AddDistribution();
        builder.AddMonitoring();
        services.AddCollection();
        services.AddPublication();
        builder.AddForwardedHeaders();
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<ParIndexDbContext>();
        if (options.MigrateOnStart) await db.Database.MigrateAsync();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        await StaffAccounts.EnsureRolesAsync(roles);
        await StaffAccounts.BootstrapAdminAsync(users, roles, db, app.Configuration, now);
        if (options.SeedDemo)
        {
            var linkTokens = scope.ServiceProvider.GetRequiredService<LinkTokens>();
            await DemoSeeder.SeedIfEmptyAsync(db, now, app.Logger, CancellationToken.None, linkTokens);
            if (options.SeedDemoHistory) await DemoHistory.SeedIfAbsentAsync(db, app.Logger, CancellationToken.None);
            StartupBanner.DemoToken = await DemoSeeder.IssueDemoLinkAsync(db, linkTokens, now, CancellationToken.None);
            StartupBanner.DemoAdminPassword = await StaffAccounts.RenewDemoAdminAsync(users, roles, db, now);
        }
    }

    public static void UseParIndex(this WebApplication app)
    {
        app.UseReverseProxy();
        app.UseSecurityFirst();
        // The language first: problem titles and error pages are said in the request's language.
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDistribution();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseUnknownAddressesAsNotFound();
        app.UseCrossSiteRequestGuard();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapParIndex(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.MapProblemCatalogue();
        app.MapAuthApi();
        app.MapRoundsApi();
        app.MapCollectionApi();
        app.MapDistribution();
        app.MapScoringApi();
        app.MapMonitoring();
        app.MapSelfAssessment();
        app.MapPublication();
        app.MapRazorPages();
        app.MapGet("/lang/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            var c = culture == "en" ? "en-US" : "vi-VN";
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(c)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
        }).ExcludeFromDescription().AllowAnonymous();
    }
}

/// <summary>Prints where to open the app, and one demo respondent link, once Kestrel is listening.</summary>
internal sealed class StartupBanner(IServer server, IHostApplicationLifetime lifetime, ILogger<StartupBanner> log) : IHostedService
{
    public static string? DemoToken { get; set; }

    public static string? DemoAdminPassword { get; set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is null) return;
            address = address.Replace("0.0.0.0", "localhost").Replace("[::]", "localhost");
            Console.WriteLine();
            Console.WriteLine($"ParIndex đang chạy / is running at: {address}");
            if (DemoToken is not null) Console.WriteLine($"Liên kết người trả lời mẫu / demo respondent link: {address}/r/{DemoToken}");
            if (DemoAdminPassword is not null)
                Console.WriteLine($"Đăng nhập quản trị (demo) / demo admin sign-in: {StaffAccounts.DemoAdminEmail} / {DemoAdminPassword}");
            Console.WriteLine();
            log.LogInformation("ParIndex listening on {Address}", address);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
