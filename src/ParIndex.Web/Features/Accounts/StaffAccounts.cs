using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Accounts;

/// <summary>
/// Creating staff accounts. There is never a default password: the first admin comes from the CLI or from
/// configuration, and a password not given is generated (CSPRNG) and shown once.
/// </summary>
public static class StaffAccounts
{
    public const string DemoAdminEmail = "demo-admin@parindex.local";

    /// <summary>A random password that satisfies the policy: 20 characters from an unambiguous alphabet.</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var chars = RandomNumberGenerator.GetItems<char>(alphabet, 20);
        chars[0] = "ABCDEFGHJKLMNPQRSTUVWXYZ"[RandomNumberGenerator.GetInt32(24)];
        chars[1] = "abcdefghijkmnpqrstuvwxyz"[RandomNumberGenerator.GetInt32(24)];
        chars[2] = "23456789"[RandomNumberGenerator.GetInt32(8)];
        return new string(chars);
    }

    public static async Task EnsureRolesAsync(RoleManager<IdentityRole> roles)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)));
    }

    public static async Task<StaffUser> CreateAsync(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, ParIndexDbContext db,
        string email, string password, string role, string actor, DateTime now, bool isDemo = false, string? displayName = null)
    {
        if (!Roles.All.Contains(role)) throw new DomainException("validation-failed", $"Vai trò \"{role}\" không tồn tại (có: {string.Join(", ", Roles.All)}).");
        await EnsureRolesAsync(roles);
        var user = new StaffUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName ?? email, IsDemo = isDemo, CreatedAt = now };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        db.Record(actor, "user.create", nameof(StaffUser), user.Id, null, new { email, role }, now);
        await db.SaveChangesAsync();
        return user;
    }

    /// <summary>
    /// On a demo installation: makes sure the demo administrator exists and gives it a fresh password to print
    /// (only a hash is stored, so the password of a previous start cannot be shown again).
    /// </summary>
    public static async Task<string> RenewDemoAdminAsync(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, ParIndexDbContext db, DateTime now)
    {
        var password = NewPassword();
        var user = await users.FindByEmailAsync(DemoAdminEmail);
        if (user is null)
        {
            await CreateAsync(users, roles, db, DemoAdminEmail, password, Roles.Admin, "system:demo-seed", now, isDemo: true, displayName: "Quản trị (demo)");
            return password;
        }
        if (!user.IsDemo) throw new InvalidOperationException($"{DemoAdminEmail} exists but is not a demo account; refusing to reset its password.");
        Check(await users.RemovePasswordAsync(user));
        Check(await users.AddPasswordAsync(user, password));
        await users.SetLockoutEndDateAsync(user, null);
        return password;
    }

    /// <summary>Creates the first administrator from configuration (<c>Bootstrap:AdminEmail</c>, <c>Bootstrap:AdminPassword</c>) when there is no account yet.</summary>
    public static async Task BootstrapAdminAsync(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, ParIndexDbContext db, IConfiguration config, DateTime now)
    {
        var email = config["Bootstrap:AdminEmail"];
        var password = config["Bootstrap:AdminPassword"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password)) return;
        if (await db.Users.AnyAsync(u => !u.IsDemo)) return;
        await CreateAsync(users, roles, db, email, password, Roles.Admin, "system:bootstrap", now);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new DomainException("validation-failed", string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
