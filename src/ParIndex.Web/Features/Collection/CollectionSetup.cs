using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using ParIndex.Web.Data;
using ParIndex.Web.Features.Collection;
using StackExchange.Redis;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// What lets several nodes serve one installation, and one node take a burst: the submission writer (group
/// commit behind a bounded queue), SignalR with the Redis backplane when <c>Redis:Configuration</c> is set (every
/// hub, so the live monitor's pushes from one node reach dashboards connected to any node), and forwarded headers. Per-node state and why each piece is safe behind a load balancer: docs/operations.md.
/// </summary>
public static class ScaleOutSetup
{
    public const string RedisSection = "Redis";

    public static void AddScaleOut(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PlannerStatistics>();
        services.AddSingleton<SubmissionWriter>();
        services.AddSingleton<CollectionCatalog>();
        services.AddSingleton<LinkReader>();
        services.AddHostedService(sp => sp.GetRequiredService<LinkReader>());
        services.AddHostedService(sp => sp.GetRequiredService<SubmissionWriter>());
        services.AddHostedService<Data.SqliteCheckpointer>();

        var signalR = services.AddSignalR();
        var redis = builder.Configuration[$"{RedisSection}:Configuration"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // One channel prefix per installation, so two installations may share a Redis server.
            var prefix = builder.Configuration[$"{RedisSection}:ChannelPrefix"] ?? "parindex";
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal(prefix));
        }

        // Behind nginx every request comes from the proxy: trust X-Forwarded-For/-Proto from the configured proxies
        // only, so per-IP rate limits and the HTTPS redirect see the client.
        var proxies = builder.Configuration[$"{ReverseProxySection}:KnownProxies"];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in (proxies ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                o.KnownProxies.Add(IPAddress.Parse(address));
        });
    }

    public const string ReverseProxySection = "ReverseProxy";

    /// <summary>First in the pipeline: the client's address and scheme as the trusted proxy saw them (no-op without proxies).</summary>
    public static void UseReverseProxy(this WebApplication app)
    {
        if (!string.IsNullOrWhiteSpace(app.Configuration[$"{ReverseProxySection}:KnownProxies"])) app.UseForwardedHeaders();
    }
}
