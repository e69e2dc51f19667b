using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace ParIndex.Web.Features.Distribution;

/// <summary>Personal links, letters, exports and QR codes, and the light phone form: their services, middleware and endpoints.</summary>
public static class DistributionSetup
{
    public static void AddDistribution(this IServiceCollection services)
    {
        services.AddOptions<PersonalLinkOptions>().BindConfiguration(PersonalLinkOptions.Section);
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<PdfPrinter>();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(_ => System.Threading.Channels.Channel.CreateUnbounded<int>());
        services.AddSingleton(sp => sp.GetRequiredService<System.Threading.Channels.Channel<int>>().Writer);
        services.AddHostedService<CampaignSender>();
        // Respondents answer on phones over mobile data: pages and CSS go compressed. Over HTTPS too: the only secret a
        // page carries, the anti-forgery token, is re-encrypted with a fresh IV on every response, which defeats BREACH.
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["image/svg+xml"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
    }

    /// <summary>Before static files, so CSS is compressed as well as pages.</summary>
    public static void UseDistribution(this IApplicationBuilder app) => app.UseResponseCompression();

    public static void MapDistribution(this IEndpointRouteBuilder app) => app.MapDistributionApi();
}
