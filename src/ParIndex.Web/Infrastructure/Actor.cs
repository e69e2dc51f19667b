namespace ParIndex.Web.Infrastructure;

public static class Actor
{
    /// <summary>Who is acting, for the audit log: the signed-in staff member, else "anonymous".</summary>
    public static string Of(HttpContext http) => http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name ?? "staff" : "anonymous";
}
