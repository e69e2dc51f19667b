using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ParIndex.Web.Data;

namespace ParIndex.Web.Infrastructure.Security;

/// <summary>
/// A staff session is valid only while the account's security stamp is the one it was issued with. The stamp lives in
/// the database and is compared on every request that carries the cookie (one primary-key read), so whatever changes it
/// — signing out, an administrator locking the account or resetting its password — ends every session of the account
/// at once, on every node, however long the cookie itself would still live.
/// </summary>
public static class StaffSessions
{
    /// <summary>The cookie handler's <c>OnValidatePrincipal</c>: rejects a cookie whose stamp is stale or whose account is locked or gone.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var http = context.HttpContext;
        var claims = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var id = principal?.FindFirstValue(claims.UserIdClaimType);
        var stamp = principal?.FindFirstValue(claims.SecurityStampClaimType);
        var db = http.RequestServices.GetRequiredService<ParIndexDbContext>();
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var current = id is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.SecurityStamp, u.LockoutEnd }).FirstOrDefaultAsync(http.RequestAborted);
        if (current is not null && stamp is not null && current.SecurityStamp == stamp && !(current.LockoutEnd > now)) return;
        context.RejectPrincipal();
        await http.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    /// <summary>
    /// Signs the current user out and renews their security stamp, so the cookie just cleared — and any copy of it —
    /// is refused from now on. Ends every session of the account (all its browsers).
    /// </summary>
    public static async Task SignOutAsync(SignInManager<StaffUser> signIn, ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated == true && await signIn.UserManager.GetUserAsync(user) is { } account)
            await signIn.UserManager.UpdateSecurityStampAsync(account);
        await signIn.SignOutAsync();
    }
}
