using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Accounts;

public sealed record StaffRow(string Id, string Email, string? DisplayName, string Roles, bool Locked, int FailedAttempts, bool IsDemo, DateTime CreatedAt);

/// <summary>The Admin's account operations: list, lock, unlock, reset password (generated, shown once). All audited.</summary>
public static class ManageStaff
{
    public static async Task<List<StaffRow>> List(UserManager<StaffUser> users, ParIndexDbContext db, DateTime now, CancellationToken ct)
    {
        var roleNames = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        return (await users.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(ct))
            .Select(u => new StaffRow(u.Id, u.Email ?? "", u.DisplayName, string.Join(", ", roleNames.Where(r => r.UserId == u.Id).Select(r => r.Name)),
                u.LockoutEnd is { } end && end > now, u.AccessFailedCount, u.IsDemo, u.CreatedAt))
            .ToList();
    }

    public static async Task SetLocked(UserManager<StaffUser> users, ParIndexDbContext db, string userId, bool locked, string actor, DateTime now)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new DomainException("not-found", "Không có tài khoản này.");
        if (locked && string.Equals(user.Email, actor, StringComparison.OrdinalIgnoreCase))
            throw new DomainException("validation-failed", "Không thể tự khóa tài khoản của chính mình.");
        var before = new { lockoutEnd = user.LockoutEnd };
        Check(await users.SetLockoutEnabledAsync(user, true));
        Check(await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null));
        if (!locked) Check(await users.ResetAccessFailedCountAsync(user));
        // A locked account's open sessions end at the next request: its security stamp changes.
        Check(await users.UpdateSecurityStampAsync(user));
        db.Record(actor, locked ? "user.lock" : "user.unlock", nameof(StaffUser), user.Id, before, new { email = user.Email, lockoutEnd = user.LockoutEnd }, now);
        await db.SaveChangesAsync();
    }

    /// <summary>Sets a new generated password and returns it; only its hash is kept, so it is shown once.</summary>
    public static async Task<string> ResetPassword(UserManager<StaffUser> users, ParIndexDbContext db, string userId, string actor, DateTime now)
    {
        var user = await users.FindByIdAsync(userId) ?? throw new DomainException("not-found", "Không có tài khoản này.");
        var password = StaffAccounts.NewPassword();
        Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, password));
        Check(await users.UpdateSecurityStampAsync(user));
        db.Record(actor, "user.reset-password", nameof(StaffUser), user.Id, null, new { email = user.Email }, now);
        await db.SaveChangesAsync();
        return password;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new DomainException("validation-failed", string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
