using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ParIndex.Web.Data;

namespace ParIndex.Web.Infrastructure.Security;

public static class SecuritySetup
{
    public static void AddSecurity(this IServiceCollection services)
    {
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddParIndexRateLimits();
        // Oversized input is refused by the server before any handler runs (413 / 400), never half-read.
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>().Configure<IOptions<SecurityOptions>>((k, s) =>
        {
            k.Limits.MaxRequestBodySize = s.Value.MaxRequestBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.AddServerHeader = false;
        });
        services.AddOptions<FormOptions>().Configure<IOptions<SecurityOptions>>((f, s) =>
        {
            f.ValueCountLimit = s.Value.MaxFormValues;
            f.ValueLengthLimit = 64 * 1024;
            f.KeyLengthLimit = 512;
            f.MultipartBodyLengthLimit = s.Value.MaxRequestBodyBytes;
        });
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<SecurityOptions>>((a, s) =>
        {
            a.Cookie.HttpOnly = true;
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.SecurePolicy = s.Value.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<SecurityOptions>>((c, s) =>
        {
            if (s.Value.RequireHttps) c.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        });
        // Errors raised by the framework itself (unreadable JSON, wrong content type, no route, body too large) get a
        // catalogued type too, so a client can rely on /problems/{code} for every failure.
        services.AddOptions<Microsoft.AspNetCore.Http.ProblemDetailsOptions>().Configure(o =>
        {
            var previous = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = ctx =>
            {
                previous?.Invoke(ctx);
                var p = ctx.ProblemDetails;
                if (p.Type?.StartsWith("/problems/", StringComparison.Ordinal) == true) return;
                var code = Problems.CodeForStatus(p.Status ?? ctx.HttpContext.Response.StatusCode);
                p.Type = Problems.TypeOf(code);
                p.Title = Problems.Catalogue[code].Title;
            };
        });
        services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddStaffIdentity();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "parindex.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/denied";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // The API answers 401/403 as ProblemDetails instead of redirecting to the login page.
            o.Events = new CookieAuthenticationEvents
            {
                // The security stamp is checked on every request, so signing out, a lock or a reset ends sessions at once.
                OnValidatePrincipal = StaffSessions.ValidateAsync,
                OnRedirectToLogin = ctx => ApiOrRedirect(ctx, StatusCodes.Status401Unauthorized, "unauthenticated"),
                OnRedirectToAccessDenied = ctx => ApiOrRedirect(ctx, StatusCodes.Status403Forbidden, "forbidden"),
            };
        });
        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies.RolesOf) o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles));
            // Anything not opened explicitly needs a signed-in staff member: a new endpoint without a rule is closed.
            o.FallbackPolicy = o.GetPolicy(Policies.Staff);
        });
        // Menus show a link only when its endpoint's own authorization lets the user open it (LinkAccess).
        services.AddHttpContextAccessor();
        services.AddScoped<LinkAccess>();
    }

    /// <summary>
    /// The security middleware that must run before everything else: headers on every response (static files and
    /// errors included) and, when <c>Security:RequireHttps</c> is on, HSTS and the redirect to HTTPS.
    /// </summary>
    public static void UseSecurityFirst(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.RequireHttps)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
    }

    /// <summary>Identity's user and role stores over the ParIndex database, shared by the web host and the CLI.</summary>
    public static void AddStaffIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<StaffUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireNonAlphanumeric = false;
                // Lockout is an administrator's act only (Admin → Accounts); failed sign-ins back off per address and
                // account instead (SignInBackoff), so an outsider cannot lock anyone out.
                o.Lockout.AllowedForNewUsers = true;
                o.User.RequireUniqueEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ParIndexDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();
    }

    private static async Task ApiOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status, string code)
    {
        // Hubs are machine endpoints too: a SignalR client needs the status, not the sign-in page.
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/hubs"))
        {
            ctx.Response.StatusCode = status;
            await Results.Problem(Problems.Create(code)).ExecuteAsync(ctx.HttpContext);
            return;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
    }
}
