using Microsoft.AspNetCore.Identity;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Accounts;

public enum SignInOutcome { Succeeded, Failed, LockedOut, Throttled }

/// <summary>
/// Staff sign-in, shared by the login page and the API: throttled per account name, locked out by Identity after
/// repeated failures, and every attempt audited (success, failure, lockout) without ever logging the password.
/// </summary>
public static class StaffSignIn
{
    public static async Task<SignInOutcome> Handle(SignInManager<StaffUser> signIn, ParIndexDbContext db, LoginThrottle throttle,
        string? email, string? password, DateTime now)
    {
        email = (email ?? "").Trim();
        if (email.Length > 256) email = email[..256];
        if (!throttle.TryAcquire(email))
        {
            db.Record("anonymous", "auth.throttled", nameof(StaffUser), null, null, new { email }, now);
            await db.SaveChangesAsync();
            return SignInOutcome.Throttled;
        }
        var result = await signIn.PasswordSignInAsync(email, password ?? "", isPersistent: false, lockoutOnFailure: true);
        var user = await signIn.UserManager.FindByEmailAsync(email);
        var (action, outcome) = result switch
        {
            { Succeeded: true } => ("auth.sign-in", SignInOutcome.Succeeded),
            { IsLockedOut: true } => ("auth.locked-out", SignInOutcome.LockedOut),
            _ => ("auth.sign-in-failed", SignInOutcome.Failed),
        };
        db.Record(result.Succeeded ? email : "anonymous", action, nameof(StaffUser), user?.Id, null, new { email, known = user is not null }, now);
        await db.SaveChangesAsync();
        return outcome;
    }
}
