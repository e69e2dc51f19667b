using Microsoft.Extensions.DependencyInjection.Extensions;
using ParIndex.Web.Features.Collection;
using StackExchange.Redis;

namespace ParIndex.Web.Features.ScaleOut;

/// <summary>
/// What lets several nodes serve one installation, and one node take a burst: the submission writer (group
/// commit behind a bounded queue), SignalR with the Redis backplane when <c>Redis:Configuration</c> is set, and
/// the progress hub. Per-node state and why each piece is safe behind a load balancer: docs/operations.md.
/// </summary>
public static class ScaleOutSetup
{
    public const string RedisSection = "Redis";

    public static void AddScaleOut(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SubmissionWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<SubmissionWriter>());

        var signalR = services.AddSignalR();
        var redis = builder.Configuration[$"{RedisSection}:Configuration"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // One channel prefix per installation, so two installations may share a Redis server.
            var prefix = builder.Configuration[$"{RedisSection}:ChannelPrefix"] ?? "parindex";
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal(prefix));
        }
        services.TryAddSingleton<IProgressEvents, HubProgressEvents>();
    }

    public static void MapScaleOut(this IEndpointRouteBuilder app) => app.MapHub<ProgressHub>(ProgressHub.Path);
}
