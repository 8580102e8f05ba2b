using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LiveServer.Hls;

/// <summary>Registers the HLS output's options.</summary>
public static class HlsRegistration
{
    /// <summary>Binds and validates <see cref="HlsOptions"/> at start.</summary>
    public static IHostApplicationBuilder AddLiveServerHls(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HlsOptions>()
            .BindConfiguration(HlsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.HasValidPublicBaseUrl, "Hls:PublicBaseUrl must be empty or an absolute http(s) URL.")
            .ValidateOnStart();
        return builder;
    }
}
