using Microsoft.EntityFrameworkCore.Diagnostics;
using ParIndex.Web.Data;

namespace ParIndex.Web.Features.Collection;

/// <summary>
/// The collection side of a node: the submission writer (group commit behind a bounded queue), the batched link
/// reader, the node's catalog and the interceptor that drops it when a catalog change commits, the PostgreSQL
/// planner statistics the writer keeps current, and the SQLite checkpointer. Per-node state and why each piece is
/// safe behind a load balancer: docs/operations.md.
/// </summary>
public static class CollectionSetup
{
    public static void AddCollection(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PlannerStatistics>();
        services.AddSingleton<SubmissionWriter>();
        services.AddSingleton<CollectionCatalog>();
        services.AddSingleton<IInterceptor, CatalogInvalidation>();
        services.AddSingleton<LinkReader>();
        services.AddHostedService(sp => sp.GetRequiredService<LinkReader>());
        services.AddHostedService(sp => sp.GetRequiredService<SubmissionWriter>());
        services.AddHostedService<SqliteCheckpointer>();
    }
}
