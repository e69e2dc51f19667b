using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Accounts.Pages;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.Login)]
public sealed class LoginModel(SignInManager<StaffUser> signIn, ParIndexDbContext db, LoginThrottle throttle, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = await StaffSignIn.Handle(signIn, db, throttle, Email, Password, clock.GetUtcNow().UtcDateTime);
        if (outcome == SignInOutcome.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : await Features.SelfAssessment.UnitReporters.HomeFor(signIn.UserManager, Email));
        Error = outcome switch
        {
            SignInOutcome.LockedOut => Ui.L("Tài khoản tạm bị khóa do đăng nhập sai nhiều lần. Hãy thử lại sau 15 phút.", "Too many failed attempts: the account is locked for 15 minutes."),
            SignInOutcome.Throttled => Ui.L("Có quá nhiều lần đăng nhập cho tài khoản này. Hãy đợi một phút rồi thử lại.", "Too many sign-in attempts for this account; wait a minute."),
            _ => Ui.L("Sai thư điện tử hoặc mật khẩu.", "Wrong e-mail or password."),
        };
        Response.StatusCode = outcome == SignInOutcome.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
        return Page();
    }
}
