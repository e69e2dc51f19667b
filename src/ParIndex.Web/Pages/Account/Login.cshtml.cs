using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Pages.Account;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<StaffUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await signIn.PasswordSignInAsync(Email, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        Error = result.IsLockedOut
            ? Ui.L("Tài khoản tạm bị khóa do đăng nhập sai nhiều lần. Hãy thử lại sau 15 phút.", "Too many failed attempts: the account is locked for 15 minutes.")
            : Ui.L("Sai thư điện tử hoặc mật khẩu.", "Wrong e-mail or password.");
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Page();
    }
}
