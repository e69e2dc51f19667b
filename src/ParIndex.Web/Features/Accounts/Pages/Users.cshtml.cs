using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ParIndex.Core.Domain;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Accounts.Pages;

[Authorize(Policy = Policies.Admin)]
public sealed class UsersModel(UserManager<StaffUser> users, RoleManager<IdentityRole> roles, ParIndexDbContext db, TimeProvider clock) : RefusablePageModel
{
    public List<StaffRow> Staff { get; private set; } = [];
    public string? Done { get; private set; }
    /// <summary>A generated password, shown on this one response only.</summary>
    public string? NewPassword { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Staff = await ManageStaff.List(users, db, Now, ct);

    public Task<IActionResult> OnPostCreateAsync(string email, string role, string? displayName, CancellationToken ct) => Act(async () =>
    {
        var password = StaffAccounts.NewPassword();
        await StaffAccounts.CreateAsync(users, roles, db, (email ?? "").Trim(), password, role ?? "", Actor.Of(HttpContext), Now, displayName: displayName);
        (NewPassword, Done) = (password, Ui.L($"Đã tạo tài khoản {email}.", $"Created {email}."));
    }, ct);

    public Task<IActionResult> OnPostLockAsync(string userId, CancellationToken ct) => Act(async () =>
    {
        await ManageStaff.SetLocked(users, db, userId, true, Actor.Of(HttpContext), Now);
        Done = Ui.L("Đã khóa tài khoản.", "Account locked.");
    }, ct);

    public Task<IActionResult> OnPostUnlockAsync(string userId, CancellationToken ct) => Act(async () =>
    {
        await ManageStaff.SetLocked(users, db, userId, false, Actor.Of(HttpContext), Now);
        Done = Ui.L("Đã mở khóa tài khoản.", "Account unlocked.");
    }, ct);

    public Task<IActionResult> OnPostResetAsync(string userId, CancellationToken ct) => Act(async () =>
    {
        NewPassword = await ManageStaff.ResetPassword(users, db, userId, Actor.Of(HttpContext), Now);
        Done = Ui.L("Đã đặt mật khẩu mới.", "Password reset.");
    }, ct);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<IActionResult> Act(Func<Task> action, CancellationToken ct)
    {
        await action();
        Staff = await ManageStaff.List(users, db, Now, ct);
        return Page();
    }

    protected internal override async Task<IActionResult> ShowRefusedAsync(CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Staff = await ManageStaff.List(users, db, Now, ct);
        return Page();
    }
}
