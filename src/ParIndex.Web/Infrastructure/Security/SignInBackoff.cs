using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ParIndex.Web.Infrastructure.Security;

/// <summary>
/// Failed sign-ins slow down the address that makes them, for the account name they try — never the account itself.
/// After <see cref="RateLimitOptions.LoginFailuresBeforeBackoff"/> failures in a row from one IP address for one name,
/// that address must wait <see cref="RateLimitOptions.LoginBackoffSeconds"/> before its next try for that name, doubling
/// with each further failure up to <see cref="RateLimitOptions.LoginBackoffMaxSeconds"/>; a success clears it. Someone
/// guessing from elsewhere therefore cannot lock an official out (Identity's hard lockout is not used for failures), and
/// names that exist and names that do not back off alike, so the backoff reveals nothing either. State is per node, like
/// the other rate-limit counters (docs/operations.md); entries idle for an hour beyond the longest wait are dropped.
/// </summary>
public sealed class SignInBackoff(IOptionsMonitor<RateLimitOptions> options, TimeProvider clock)
{
    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset Until;
        public DateTimeOffset Seen;
    }

    private readonly ConcurrentDictionary<(string Ip, string Account), Entry> entries = new();
    private long operations;

    /// <summary>Seconds this address must still wait before trying <paramref name="account"/> again (0: it may try now).</summary>
    public int WaitSeconds(string ip, string account)
    {
        Prune();
        if (!options.CurrentValue.Enabled || !entries.TryGetValue(Key(ip, account), out var e)) return 0;
        lock (e)
        {
            var left = e.Until - clock.GetUtcNow();
            return left > TimeSpan.Zero ? (int)Math.Ceiling(left.TotalSeconds) : 0;
        }
    }

    /// <summary>Records a failed try; returns the wait now imposed on this address for this name (0 while under the threshold).</summary>
    public int Failed(string ip, string account)
    {
        var o = options.CurrentValue;
        var now = clock.GetUtcNow();
        var e = entries.GetOrAdd(Key(ip, account), _ => new Entry());
        lock (e)
        {
            e.Failures++;
            e.Seen = now;
            var over = e.Failures - o.LoginFailuresBeforeBackoff;
            if (over < 0) return 0;
            var seconds = Math.Min(o.LoginBackoffMaxSeconds, o.LoginBackoffSeconds * Math.Pow(2, Math.Min(over, 30)));
            e.Until = now.AddSeconds(seconds);
            return (int)Math.Ceiling(seconds);
        }
    }

    /// <summary>A success from this address clears its count for the name.</summary>
    public void Succeeded(string ip, string account) => entries.TryRemove(Key(ip, account), out _);

    private static (string, string) Key(string ip, string account) => (ip, account.Trim().ToUpperInvariant());

    private void Prune()
    {
        if (Interlocked.Increment(ref operations) % 1024 != 0) return;
        var horizon = clock.GetUtcNow().AddSeconds(-options.CurrentValue.LoginBackoffMaxSeconds).AddHours(-1);
        foreach (var (key, e) in entries)
            if (e.Seen < horizon && e.Until < clock.GetUtcNow()) entries.TryRemove(key, out _);
    }
}

/// <summary>
/// The browser an account signed in from before: a long-lived, data-protected cookie naming the account, set on every
/// successful sign-in. Its holder is exempt from the per-account limit across addresses
/// (<see cref="RateLimitOptions.LoginPerAccountPerMinute"/>), which guessing from many addresses would otherwise use
/// up — so an official's own browser always gets its tries. It grants nothing else: the password is still required.
/// </summary>
public sealed class KnownDevice(IDataProtectionProvider protection, IOptions<SecurityOptions> security, TimeProvider clock)
{
    public const string CookieName = "parindex.device";

    private readonly IDataProtector protector = protection.CreateProtector("ParIndex.SignIn.KnownDevice");

    /// <summary>True when the request carries this browser's cookie for <paramref name="account"/>.</summary>
    public bool IsKnown(HttpContext http, string account)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value)) return false;
        try
        {
            var name = protector.Unprotect(value).Split('\n')[0];
            return name.Equals(account.Trim(), StringComparison.OrdinalIgnoreCase);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    public void Remember(HttpContext http, string account) =>
        http.Response.Cookies.Append(CookieName, protector.Protect($"{account.Trim()}\n{clock.GetUtcNow():O}"), new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true, Path = "/", Expires = clock.GetUtcNow().AddYears(1),
            Secure = security.Value.RequireHttps || http.Request.IsHttps,
        });
}
