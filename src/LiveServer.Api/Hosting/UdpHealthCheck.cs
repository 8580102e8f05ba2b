using LiveServer.Api.Ingest;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LiveServer.Api.Hosting;

/// <summary>Unhealthy when the media UDP port is not bound: browsers cannot publish.</summary>
public sealed class UdpHealthCheck(WebRtcIngest ingest) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ingest.Endpoint is { } endpoint
            ? HealthCheckResult.Healthy($"WebRTC media on UDP port {endpoint.LocalEndPoint.Port} of {string.Join(", ", endpoint.LocalEndPoints.Select(e => e.Address))}")
            : HealthCheckResult.Unhealthy(ingest.BindError ?? "The media UDP port is not bound yet."));
}
