using System.ComponentModel.DataAnnotations;

namespace ParIndex.Web.Infrastructure.Security;

/// <summary><c>Security:*</c>: transport settings. Behind a TLS-terminating proxy set <c>RequireHttps=true</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>When on: cookies are always Secure, plain HTTP is redirected, and HSTS is sent.</summary>
    public bool RequireHttps { get; set; }

    /// <summary>Largest request body accepted by Kestrel (bytes). Unit files are the largest legitimate uploads.</summary>
    [Range(1024, 1L << 31)]
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest number of form fields in one post (a form rating many units has items × units fields).</summary>
    [Range(16, 100_000)]
    public int MaxFormValues { get; set; } = 4096;
}

/// <summary>
/// <c>RateLimits:*</c>: permits per minute (fixed window). Defaults are far above what one honest respondent, one
/// office behind a shared NAT, or the load benchmark needs, and far below what guessing tokens or passwords needs.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests to token pages and the respondent API from one IP address.</summary>
    [Range(1, int.MaxValue)] public int TokenPerIpPerMinute { get; set; } = 600;

    /// <summary>Requests carrying one token (opening, re-posting, retrying one form).</summary>
    [Range(1, int.MaxValue)] public int TokenPerTokenPerMinute { get; set; } = 60;

    /// <summary>Submissions (API and form posts) from one IP address.</summary>
    [Range(1, int.MaxValue)] public int SubmissionsPerIpPerMinute { get; set; } = 300;

    /// <summary>Sign-in attempts from one IP address.</summary>
    [Range(1, int.MaxValue)] public int LoginPerIpPerMinute { get; set; } = 30;

    /// <summary>Sign-in attempts for one account name from anywhere, except from a browser the account signed in from before.</summary>
    [Range(1, int.MaxValue)] public int LoginPerAccountPerMinute { get; set; } = 10;

    /// <summary>Failed sign-ins in a row from one address for one name before that address has to wait (<see cref="SignInBackoff"/>).</summary>
    [Range(1, int.MaxValue)] public int LoginFailuresBeforeBackoff { get; set; } = 5;

    /// <summary>The first wait, in seconds; it doubles with each further failure.</summary>
    [Range(1, 86_400)] public int LoginBackoffSeconds { get; set; } = 30;

    /// <summary>The longest wait, in seconds (15 minutes).</summary>
    [Range(1, 86_400)] public int LoginBackoffMaxSeconds { get; set; } = 900;
}
