using ParIndex.Web.Infrastructure.Security;
using StackExchange.Redis;

namespace ParIndex.Web.Features.Monitoring;

public static class MonitoringSetup
{
    public const string RedisSection = "Redis";

    /// <summary>
    /// The hub, the coalescing publisher (also the <see cref="IProgressEvents"/> the submission path calls) and options;
    /// SignalR with the Redis backplane when <c>Redis:Configuration</c> is set (every hub, so the live monitor's pushes
    /// from one node reach dashboards connected to any node).
    /// </summary>
    public static void AddMonitoring(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section)
            .Validate(o => o.PushInterval > TimeSpan.Zero && o.RefreshInterval > TimeSpan.Zero, "Monitoring intervals must be positive.")
            .Validate(o => o.Quality.SpeederShare is > 0 and < 1, "Monitoring:Quality:SpeederShare is a share in (0, 1).")
            .ValidateOnStart();
        var signalR = services.AddSignalR(o => o.MaximumReceiveMessageSize = 4 * 1024);
        var redis = builder.Configuration[$"{RedisSection}:Configuration"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            // One channel prefix per installation, so two installations may share a Redis server.
            var prefix = builder.Configuration[$"{RedisSection}:ChannelPrefix"] ?? "parindex";
            signalR.AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal(prefix));
        }
        services.AddSingleton<CoalescingProgressPublisher>();
        services.AddSingleton<IProgressEvents>(sp => sp.GetRequiredService<CoalescingProgressPublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<CoalescingProgressPublisher>());
    }

    public static void MapMonitoring(this IEndpointRouteBuilder app)
    {
        app.MapHub<MonitorHub>(MonitorHub.Path).RequireAuthorization(Policies.Supervise);
        app.MapMonitoringApi();
    }
}
