using System.Net;
using Microsoft.AspNetCore.Identity;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Accounts;

public enum SignInOutcome { Succeeded, Failed, LockedOut, Throttled }

/// <summary>
/// Staff sign-in, shared by the login page and the API. It answers an unknown name exactly as a known name with a wrong
/// password — same outcome, same work (one look-up, one password hash of the same cost, one audit row), so neither the
/// answer nor its timing tells whether an account exists. Failures back off per address and name
/// (<see cref="SignInBackoff"/>) instead of locking the account; attempts per name across addresses are limited too,
/// except from a browser the account signed in from before (<see cref="KnownDevice"/>). An account an administrator
/// locked says so only to someone who gave its password. Every attempt is audited, never with the password.
/// </summary>
public static class StaffSignIn
{
    private static readonly Lock DummyLock = new();
    private static string? dummyHash;

    public static async Task<SignInOutcome> Handle(SignInManager<StaffUser> signIn, ParIndexDbContext db, LoginThrottle throttle,
        string? email, string? password, DateTime now)
    {
        email = (email ?? "").Trim();
        if (email.Length > 256) email = email[..256];
        password ??= "";
        var http = signIn.Context;
        var ip = http.Connection.RemoteIpAddress?.ToString() ?? IPAddress.Loopback.ToString();
        var backoff = http.RequestServices.GetRequiredService<SignInBackoff>();
        var device = http.RequestServices.GetRequiredService<KnownDevice>();

        var wait = backoff.WaitSeconds(ip, email);
        if (wait > 0 || (!device.IsKnown(http, email) && !throttle.TryAcquire(email)))
        {
            http.Response.Headers.RetryAfter = Math.Max(wait, 60).ToString(System.Globalization.CultureInfo.InvariantCulture);
            db.Record("anonymous", "auth.throttled", nameof(StaffUser), null, null, new { email, reason = wait > 0 ? "backoff" : "account-limit" }, now);
            await db.SaveChangesAsync();
            return SignInOutcome.Throttled;
        }

        var users = signIn.UserManager;
        var user = await users.FindByEmailAsync(email);
        // An unknown name costs the same hash as a known one.
        var passwordOk = user is not null ? await users.CheckPasswordAsync(user, password) : VerifyDummy(users.PasswordHasher, password);
        if (passwordOk && user is not null)
        {
            if (await users.IsLockedOutAsync(user))
            {
                db.Record("anonymous", "auth.locked-out", nameof(StaffUser), user.Id, null, new { email, known = true }, now);
                await db.SaveChangesAsync();
                return SignInOutcome.LockedOut;
            }
            if (await signIn.CanSignInAsync(user))
            {
                await signIn.SignInAsync(user, isPersistent: false);
                backoff.Succeeded(ip, email);
                device.Remember(http, email);
                db.Record(email, "auth.sign-in", nameof(StaffUser), user.Id, null, new { email, known = true }, now);
                await db.SaveChangesAsync();
                return SignInOutcome.Succeeded;
            }
        }
        var imposed = backoff.Failed(ip, email);
        if (imposed > 0) http.Response.Headers.RetryAfter = imposed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        db.Record("anonymous", "auth.sign-in-failed", nameof(StaffUser), user?.Id, null, new { email, known = user is not null }, now);
        await db.SaveChangesAsync();
        return SignInOutcome.Failed;
    }

    /// <summary>Verifies against a hash of a random password made once with the same hasher (same algorithm and iterations).</summary>
    private static bool VerifyDummy(IPasswordHasher<StaffUser> hasher, string password)
    {
        string hash;
        lock (DummyLock) hash = dummyHash ??= hasher.HashPassword(new StaffUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
        hasher.VerifyHashedPassword(new StaffUser(), hash, password);
        return false;
    }
}
