using ParIndex.Web.Infrastructure.Security;

namespace ParIndex.Web.Features.Monitoring;

public static class MonitoringSetup
{
    /// <summary>The hub, the coalescing publisher (also the <see cref="IProgressEvents"/> the submission path calls) and options.</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.AddOptions<MonitoringOptions>().BindConfiguration(MonitoringOptions.Section)
            .Validate(o => o.PushInterval > TimeSpan.Zero && o.RefreshInterval > TimeSpan.Zero, "Monitoring intervals must be positive.")
            .Validate(o => o.Quality.SpeederShare is > 0 and < 1, "Monitoring:Quality:SpeederShare is a share in (0, 1).")
            .ValidateOnStart();
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 4 * 1024);
        services.AddSingleton<CoalescingProgressPublisher>();
        services.AddSingleton<IProgressEvents>(sp => sp.GetRequiredService<CoalescingProgressPublisher>());
        services.AddHostedService(sp => sp.GetRequiredService<CoalescingProgressPublisher>());
        return services;
    }

    public static void MapMonitoring(this IEndpointRouteBuilder app)
    {
        app.MapHub<MonitorHub>(MonitorHub.Path).RequireAuthorization(Policies.Supervise);
        app.MapMonitoringApi();
    }
}
