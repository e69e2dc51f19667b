using System.Net;

namespace ParIndex.Web.Infrastructure;

/// <summary>
/// Behind nginx every request comes from the proxy: X-Forwarded-For/-Proto are trusted from the configured proxies
/// only (<c>ReverseProxy:KnownProxies</c>), so per-IP rate limits and the HTTPS redirect see the client.
/// </summary>
public static class ForwardedHeaders
{
    public const string ReverseProxySection = "ReverseProxy";

    public static void AddForwardedHeaders(this WebApplicationBuilder builder)
    {
        var proxies = builder.Configuration[$"{ReverseProxySection}:KnownProxies"];
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in (proxies ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                o.KnownProxies.Add(IPAddress.Parse(address));
        });
    }

    /// <summary>First in the pipeline: the client's address and scheme as the trusted proxy saw them (no-op without proxies).</summary>
    public static void UseReverseProxy(this WebApplication app)
    {
        if (!string.IsNullOrWhiteSpace(app.Configuration[$"{ReverseProxySection}:KnownProxies"])) app.UseForwardedHeaders();
    }
}
