using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ParIndex.Web.Infrastructure.Security;

/// <summary>
/// Whether the signed-in user may open an address of the app: the endpoint a GET of that address routes to, and that
/// endpoint's own authorization (its policy, roles, or the fallback policy) evaluated for the user. Menus and link lists
/// ask this instead of repeating role checks, so a link is shown exactly when following it is allowed — and a link to
/// an address no endpoint serves is never shown.
/// </summary>
public sealed class LinkAccess(EndpointDataSource endpoints, IAuthorizationPolicyProvider policies, IAuthorizationService authorization, IHttpContextAccessor http)
{
    private readonly Dictionary<string, bool> decided = new(StringComparer.Ordinal);

    /// <summary>True when a GET of <paramref name="href"/> (a local address, query and fragment ignored) is allowed for the current user.</summary>
    public async Task<bool> CanOpenAsync(string href)
    {
        var path = href.Split('?', '#')[0];
        if (decided.TryGetValue(path, out var known)) return known;
        return decided[path] = await Decide(path);
    }

    /// <summary>The staff menu, in its order (the first entry a user may open is that user's home).</summary>
    public static IReadOnlyList<(string Href, Func<string> Text)> Menu { get; } =
    [
        ("/", () => Ui.L("Đợt điều tra", "Rounds")),
        ("/rounds/new", () => Ui.L("Tạo đợt", "New round")),
        ("/self-assessment", () => Ui.L("Tự đánh giá", "Self-assessment")),
        ("/appraisal", () => Ui.L("Thẩm định", "Appraisal")),
        ("/field", () => Ui.L("Nhập phiếu giấy", "Paper forms")),
        ("/admin/users", () => Ui.L("Tài khoản", "Accounts")),
        ("/admin/audit", () => Ui.L("Nhật ký", "Audit log")),
    ];

    /// <summary>The menu entries the current user may open, with their texts in the request's language.</summary>
    public async Task<List<(string Href, string Text)>> MenuAsync()
    {
        var allowed = new List<(string Href, string Text)>();
        foreach (var (href, text) in Menu)
            if (await CanOpenAsync(href)) allowed.Add((href, text()));
        return allowed;
    }

    /// <summary>The first of <paramref name="hrefs"/> the current user may open, or null.</summary>
    public async Task<string?> FirstOpenAsync(params string[] hrefs)
    {
        foreach (var href in hrefs)
            if (await CanOpenAsync(href)) return href;
        return null;
    }

    private async Task<bool> Decide(string path)
    {
        if (Find(endpoints.Endpoints, path) is not { } endpoint) return false;
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return true;
        var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
            endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()) ?? await policies.GetFallbackPolicyAsync();
        if (policy is null) return true;
        var context = http.HttpContext;
        if (context is null) return false;
        return (await authorization.AuthorizeAsync(context.User, context, policy)).Succeeded;
    }

    /// <summary>
    /// The endpoint a GET of <paramref name="path"/> routes to: of the route patterns that match it (literal segments equal,
    /// <c>int</c> parameters numeric), the one with the most literal segments, as the router prefers.
    /// </summary>
    public static RouteEndpoint? Find(IEnumerable<Endpoint> all, string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        RouteEndpoint? best = null;
        var bestLiterals = -1;
        foreach (var endpoint in all.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods && methods.HttpMethods.Count > 0 && !methods.HttpMethods.Contains("GET")) continue;
            if (Literals(endpoint.RoutePattern, segments) is { } literals && literals > bestLiterals) (best, bestLiterals) = (endpoint, literals);
        }
        return best;
    }

    private static int? Literals(RoutePattern pattern, string[] segments)
    {
        if (pattern.PathSegments.Count != segments.Length) return null;
        var literals = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            var parts = pattern.PathSegments[i].Parts;
            if (parts is [RoutePatternLiteralPart literal])
            {
                if (!string.Equals(literal.Content, segments[i], StringComparison.OrdinalIgnoreCase)) return null;
                literals++;
            }
            else if (parts is [RoutePatternParameterPart parameter])
            {
                var isInt = parameter.ParameterPolicies.Any(p => p.Content == "int");
                if (isInt && !int.TryParse(segments[i], NumberStyles.None, CultureInfo.InvariantCulture, out _)) return null;
            }
            else return null;
        }
        return literals;
    }
}
