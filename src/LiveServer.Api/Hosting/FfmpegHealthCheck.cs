using LiveServer.Media.Ffmpeg;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveServer.Api.Hosting;

/// <summary>Unhealthy when FFmpeg was not found: nothing can be streamed without it.</summary>
public sealed class FfmpegHealthCheck(FfmpegInstallation ffmpeg) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ffmpeg.IsAvailable
            ? HealthCheckResult.Healthy($"FFmpeg at {ffmpeg.Path}")
            : HealthCheckResult.Unhealthy(FfmpegInstallation.MissingMessage));
}
