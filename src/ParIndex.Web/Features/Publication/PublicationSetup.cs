using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ParIndex.Web.Features.Publication;

/// <summary>
/// The publication side of a node: the read cache of published snapshots, the kept public answers, the analytical report
/// (PDF through the letters' <see cref="Distribution.PdfPrinter"/>) and the rule that no publication is ever edited.
/// Per-node state: both caches (docs/operations.md); a correction published on another node shows here within
/// <see cref="PublishedResultsCache.VersionsTtl"/>.
/// </summary>
public static class PublicationSetup
{
    public static void AddPublication(this IServiceCollection services)
    {
        services.AddSingleton<PublishedResultsCache>();
        services.AddSingleton<PublicResponses>();
        services.AddSingleton<AnalyticalReport>();
        services.AddSingleton<IInterceptor, PublicationsAreImmutable>();
    }

    public static void MapPublication(this IEndpointRouteBuilder app) => app.MapPublicationApi();
}
