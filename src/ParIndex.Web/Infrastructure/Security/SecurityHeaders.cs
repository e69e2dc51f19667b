namespace ParIndex.Web.Infrastructure.Security;

/// <summary>
/// Headers on every response. The CSP allows no inline script or style, so an injected tag does nothing; personal
/// tokens are in URLs, so no Referer ever leaves the site; pages behind a token are never cached.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    /// <summary>
    /// The one policy a response may set instead of <see cref="ContentSecurityPolicy"/>: stricter, for files people
    /// uploaded (evidence downloads). Any other policy a handler sets is replaced by the site-wide one.
    /// </summary>
    public const string SandboxPolicy = "default-src 'none'; sandbox";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var h = http.Response.Headers;
            if (h.ContentSecurityPolicy != SandboxPolicy) h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            h["Cross-Origin-Resource-Policy"] = "same-origin";
            if (IsTokenPath(http.Request.Path) || http.Request.Path.StartsWithSegments("/p") || http.Request.Path.StartsWithSegments("/login")
                || http.User.Identity?.IsAuthenticated == true)
            {
                h.CacheControl = "no-store";
                h.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(http);
    });

    /// <summary>Paths whose URL carries a personal token: the respondent page and the respondent API.</summary>
    public static bool IsTokenPath(PathString path) => path.StartsWithSegments("/r") || path.StartsWithSegments("/api/v1/forms");

    /// <summary>The token in a token path, or null.</summary>
    public static string? TokenOf(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["r", var t, ..] => t,
            ["api", "v1", "forms", var t, ..] => t,
            _ => null,
        };
    }
}
