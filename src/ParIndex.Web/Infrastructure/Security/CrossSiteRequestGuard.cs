using Microsoft.Net.Http.Headers;

namespace ParIndex.Web.Infrastructure.Security;

/// <summary>
/// CSRF protection for the cookie-authenticated API, in one place for every endpoint under <c>/api</c> and every live hub
/// under <c>/hubs</c> (there any request, reads included, from another origin is refused). A state-changing
/// call (POST, PUT, PATCH, DELETE) that carries the staff cookie must show it was made by a ParIndex page or a client of
/// its own, never by a page on another site:
/// <list type="number">
/// <item>when the browser says where the request comes from, it must be this origin — <c>Sec-Fetch-Site</c> is
/// <c>same-origin</c> (or <c>none</c>: typed by the user), and an <c>Origin</c> header names this host; and</item>
/// <item>a POST must be one no other site can make a browser send without a CORS preflight (which ParIndex never
/// grants): a body whose content type is not one of the three "simple" ones (<c>text/plain</c>, form-urlencoded,
/// multipart) — e.g. JSON, CSV, XLSX — or the <c>X-Requested-With</c> header (any value) on a call without such a body.
/// PUT, PATCH and DELETE always need a preflight, so the method itself is that proof.</item>
/// </list>
/// A refusal is a 403 ProblemDetails <c>/problems/cross-site-request</c>; nothing runs, so nothing is written or audited.
/// Calls without the cookie (respondents' token endpoints, sign-in, API clients with no session) are not concerned:
/// without the cookie there is no ambient authority to abuse.
/// </summary>
public static class CrossSiteRequestGuard
{
    /// <summary>The header a same-origin script or an API client sends on a call without a JSON/CSV/XLSX body.</summary>
    public const string RequestedWithHeader = "X-Requested-With";

    public const string AuthCookie = "parindex.auth";

    public static IApplicationBuilder UseCrossSiteRequestGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (Refusal(http.Request) is { } reason)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CrossSiteRequestGuard))
                .LogWarning("Refused a cross-site {Method} {Path}: {Reason}", http.Request.Method, http.Request.Path, reason);
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Results.Problem(Problems.Create("cross-site-request", reason)).ExecuteAsync(http);
            return;
        }
        await next(http);
    });

    /// <summary>Why the request must be refused, or null when it may proceed.</summary>
    public static string? Refusal(HttpRequest request)
    {
        // Live hubs (SignalR) read as well as write: a WebSocket is not bound by CORS, so a page on another site could open
        // one with the staff cookie and read the round's progress. Every request to a hub — negotiate, the WebSocket
        // upgrade (a GET), long polling — must come from this origin.
        if (request.Path.StartsWithSegments(HubPrefix))
            return request.Cookies.ContainsKey(AuthCookie) ? OriginRefusal(request) : null;
        if (!request.Path.StartsWithSegments("/api")) return null;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)) return null;
        if (!request.Cookies.ContainsKey(AuthCookie)) return null;

        if (OriginRefusal(request) is { } refusal) return refusal;
        if (!HttpMethods.IsPost(request.Method) || request.Headers.ContainsKey(RequestedWithHeader)) return null;
        return IsSimpleContentType(request.ContentType)
            ? $"A call that changes data with the sign-in cookie must send JSON (or the file's own type), or the {RequestedWithHeader} header."
            : null;
    }

    /// <summary>Where the live hubs are mapped (<c>/hubs/…</c>).</summary>
    public const string HubPrefix = "/hubs";

    /// <summary>Why a request the browser says comes from another site or origin must be refused, or null.</summary>
    private static string? OriginRefusal(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
            return $"The browser sent this request from another site (Sec-Fetch-Site: {site}).";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsThisHost(origin, request))
            return "The request comes from another origin (Origin header).";
        return null;
    }

    /// <summary>The content types a cross-site form or a no-cors fetch can send (none at all counts too).</summary>
    public static bool IsSimpleContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType) || !MediaTypeHeaderValue.TryParse(contentType, out var media)) return true;
        var type = media.MediaType.Value ?? "";
        return type.Equals("text/plain", StringComparison.OrdinalIgnoreCase)
               || type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
               || type.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The Origin names the host the request was sent to (a port is compared when the Host header carries one: behind
    /// a proxy that drops it, Sec-Fetch-Site still tells sibling ports apart in current browsers).
    /// </summary>
    private static bool IsThisHost(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o) || o.Scheme is not ("http" or "https")) return false;
        if (!o.Host.Equals(request.Host.Host, StringComparison.OrdinalIgnoreCase)) return false;
        return request.Host.Port is not { } port || port == o.Port;
    }
}
