namespace ParIndex.Web.Infrastructure;

/// <summary>
/// Where a "return to" address may send a browser: a path on this site only. Stricter than ASP.NET Core's own check
/// (which <c>LocalRedirect</c> enforces by throwing): no backslash and no control character anywhere, because browsers
/// turn <c>/\evil.example</c> and <c>/&lt;TAB&gt;/evil.example</c> into <c>//evil.example</c> — another site.
/// </summary>
public static class LocalUrl
{
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || url[1] is not ('/' or '\\')) && !url.Any(c => c == '\\' || char.IsControl(c));

    /// <summary><paramref name="url"/> when it is local, else the home page.</summary>
    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
