using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ParIndex.Web.Infrastructure;
using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Api;

public sealed record LoginBody(string Email, string Password);

/// <summary>Cookie sign-in for API clients and tests; browsers use the /login page.</summary>
public static class AuthApi
{
    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/auth").WithTags("Auth");
        api.MapPost("/login", Login).AllowAnonymous();
        api.MapPost("/logout", Logout).AllowAnonymous();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Login(LoginBody body, SignInManager<StaffUser> signIn)
    {
        var result = await signIn.PasswordSignInAsync(body.Email ?? "", body.Password ?? "", isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return TypedResults.NoContent();
        return result.IsLockedOut ? Problems.Result("locked-out") : Problems.Result("login-failed");
    }

    private static async Task<NoContent> Logout(SignInManager<StaffUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }
}
