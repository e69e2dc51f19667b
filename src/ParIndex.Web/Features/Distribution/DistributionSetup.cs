using ParIndex.Web.Api;

namespace ParIndex.Web.Features.Distribution;

/// <summary>Personal links, letters, exports and QR codes: their services and endpoints.</summary>
public static class DistributionSetup
{
    public static void AddDistribution(this IServiceCollection services)
    {
        services.AddOptions<PersonalLinkOptions>().BindConfiguration(PersonalLinkOptions.Section);
        services.AddSingleton<LinkTokens>();
    }

    public static void MapDistribution(this IEndpointRouteBuilder app) => app.MapDistributionApi();
}
