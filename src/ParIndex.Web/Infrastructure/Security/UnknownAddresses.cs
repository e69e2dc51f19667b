namespace ParIndex.Web.Infrastructure.Security;

/// <summary>
/// An address no endpoint serves is a 404 for everyone — the same page whatever was asked, a removed alias such as
/// <c>/Respond/Form?token=…</c> included. Without this the fallback authorization policy (anything not opened explicitly
/// needs a signed-in staff member) also applied to requests that match nothing, and sent anonymous callers to the
/// sign-in page with the whole address, token and all, in its return URL.
/// </summary>
public static class UnknownAddresses
{
    /// <summary>Place after routing (the endpoint is known) and before authorization (which would challenge).</summary>
    public static IApplicationBuilder UseUnknownAddressesAsNotFound(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        if (http.GetEndpoint() is not null) return next(http);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    });
}
