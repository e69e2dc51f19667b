using System.Text.RegularExpressions;

namespace ParIndex.Web.Tests.Security;

/// <summary>
/// Fills an endpoint's route template with sample values, so the security walkers (role matrix, anonymity,
/// anti-forgery) can call every endpoint. One place, so a new route parameter is taught once.
/// </summary>
internal static partial class RouteSamples
{
    /// <summary>
    /// Known parameters get a meaningful value, <paramref name="ids"/> names existing rows (e.g. <c>("versionId", 3)</c>),
    /// and any other <c>{id:int}</c>-style id gets one that matches no row.
    /// </summary>
    public static string Fill(string route, int roundId, string unitType, int groupId = 1, string? token = null, params (string Name, long Value)[] ids)
    {
        foreach (var (name, value) in ids) route = route.Replace($"{{{name}:int}}", value.ToString()).Replace($"{{{name}:long}}", value.ToString());
        var path = route.Replace("{roundId:int}", roundId.ToString()).Replace("{groupId:int}", groupId.ToString())
            .Replace("{unitType}", unitType).Replace("{code}", "not-found").Replace("{unitCode}", "not-found")
            .Replace("{culture}", "vi").Replace("{documentName}", "v1").Replace("{slug}", "not-found").Replace("{roundCode}", "CCHC-2026");
        if (token is not null) path = path.Replace("{token}", token);
        return OtherId().Replace(path, "999999");
    }

    [GeneratedRegex(@"\{[A-Za-z]+:(int|long)\}")]
    private static partial Regex OtherId();
}
