using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ParIndex.Web.Data;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Accounts;

public sealed record LoginBody(string Email, string Password);

/// <summary>Cookie sign-in for API clients and tests; browsers use the /login page.</summary>
public static class AuthApi
{
    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Auth");
        api.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(RateLimits.Login);
        api.MapPost("/logout", Logout).AllowAnonymous();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Login(LoginBody body, SignInManager<StaffUser> signIn, ParIndexDbContext db,
        LoginThrottle throttle, TimeProvider clock) =>
        await StaffSignIn.Handle(signIn, db, throttle, body.Email, body.Password, clock.GetUtcNow().UtcDateTime) switch
        {
            SignInOutcome.Succeeded => TypedResults.NoContent(),
            SignInOutcome.LockedOut => Problems.Result("locked-out"),
            SignInOutcome.Throttled => Problems.Result("rate-limited", "Too many failed sign-ins; wait and retry (see Retry-After)."),
            _ => Problems.Result("login-failed"),
        };

    private static async Task<NoContent> Logout(SignInManager<StaffUser> signIn, System.Security.Claims.ClaimsPrincipal user)
    {
        await StaffSessions.SignOutAsync(signIn, user);
        return TypedResults.NoContent();
    }
}
