using LiveServer.Media.Ffmpeg;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveServer.Media;

/// <summary>Registers the media pipeline's options and FFmpeg discovery.</summary>
public static class MediaRegistration
{
    /// <summary>Binds and validates <see cref="MediaOptions"/>; finds FFmpeg once.</summary>
    public static IHostApplicationBuilder AddLiveServerMedia(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>()
            .BindConfiguration(MediaOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new FfmpegInstallation(
            FfmpegLocator.Find(sp.GetRequiredService<IOptions<MediaOptions>>().Value.FfmpegPath)));
        return builder;
    }
}
