using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ParIndex.Web.Infrastructure.Security;

/// <summary>
/// ASP.NET Core's rate limiter over the guessable surfaces: token pages and the respondent API (per IP and per
/// token), submissions (per IP) and sign-in (per IP; per account name in <see cref="LoginThrottle"/>). A refusal
/// is a 429 ProblemDetails on the API and a Vietnamese page elsewhere, with Retry-After.
/// </summary>
public static class RateLimits
{
    public const string Login = "login";

    public static void AddParIndexRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SignInBackoff>();
        services.AddSingleton<KnownDevice>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, ct) => Reject(ctx.HttpContext, ctx.Lease, ct);
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Partitioned("ip", IsTokenPath, http => Ip(http), x => x.TokenPerIpPerMinute),
                Partitioned("token", IsTokenPath, http => SecurityHeaders.TokenOf(http.Request.Path) ?? "", x => x.TokenPerTokenPerMinute),
                Partitioned("submit", IsSubmission, http => Ip(http), x => x.SubmissionsPerIpPerMinute));
            o.AddPolicy(Login, http => Window("login-ip:" + Ip(http), Limits(http).LoginPerIpPerMinute, Limits(http).Enabled));
        });
    }

    private static bool IsTokenPath(HttpContext http) => SecurityHeaders.IsTokenPath(http.Request.Path);

    private static bool IsSubmission(HttpContext http) =>
        HttpMethods.IsPost(http.Request.Method) && IsTokenPath(http);

    private static RateLimitOptions Limits(HttpContext http) => http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;

    private static string Ip(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? IPAddress.Loopback.ToString();

    private static PartitionedRateLimiter<HttpContext> Partitioned(string name, Func<HttpContext, bool> applies, Func<HttpContext, string> key,
        Func<RateLimitOptions, int> permits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var limits = Limits(http);
            return applies(http) ? Window($"{name}:{key(http)}", permits(limits), limits.Enabled) : RateLimitPartition.GetNoLimiter("");
        });

    internal static RateLimitPartition<string> Window(string key, int permits, bool enabled) =>
        enabled
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
            // One shared partition when limits are off: a partition per key would be kept (a no-op limiter is never
            // idle) and walked by the limiter's heartbeat ten times a second, one per token ever seen.
            : RateLimitPartition.GetNoLimiter("");

    internal static async ValueTask Reject(HttpContext http, RateLimitLease? lease, CancellationToken ct)
    {
        var retry = lease is not null && lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(Problems.Create("rate-limited", $"Retry after {retry} s.")).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Quá nhiều yêu cầu · ParIndex</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main id="main"><h1>Quá nhiều yêu cầu</h1>
            <p>Có quá nhiều yêu cầu từ thiết bị hoặc liên kết này trong thời gian ngắn. Vui lòng đợi {retry} giây rồi thử lại; câu trả lời đã gửi thành công không bị mất.</p>
            <p lang="en">Too many requests. Please wait {retry} seconds and try again.</p></main></body></html>
            """, ct);
    }
}

/// <summary>Sign-in attempts per account name, whatever the source address: slows password spraying across IPs.</summary>
public sealed class LoginThrottle(IOptionsMonitor<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimits.Window(account, options.CurrentValue.LoginPerAccountPerMinute, options.CurrentValue.Enabled));

    /// <summary>True when one more attempt for <paramref name="account"/> is allowed now.</summary>
    public bool TryAcquire(string? account)
    {
        using var lease = limiter.AttemptAcquire((account ?? "").Trim().ToUpperInvariant());
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
