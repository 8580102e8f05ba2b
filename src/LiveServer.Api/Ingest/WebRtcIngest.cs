using System.Net;
using System.Net.Sockets;
using LiveServer.WebRtc.Sessions;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Ingest;

/// <summary>
/// Owns the WebRTC endpoint: binds the one media UDP port at start and closes every session at stop.
/// When the port cannot be bound the server still runs (livestreams of test participants work), WHIP
/// answers 503 and <c>/health</c> says why.
/// </summary>
public sealed class WebRtcIngest(IOptions<WebRtcOptions> options, TimeProvider time, ILogger<WebRtcIngest> logger) : IHostedService, IAsyncDisposable
{
    /// <summary>The endpoint, once bound.</summary>
    public WebRtcEndpoint? Endpoint { get; private set; }

    /// <summary>Why the port could not be bound, if it could not.</summary>
    public string? BindError { get; private set; }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var bind = IPAddress.Parse(settings.BindAddress);
        var endpointOptions = new WebRtcEndpointOptions
        {
            UdpPort = settings.UdpPort,
            BindAddress = bind,
            Interfaces = settings.AnnounceInterfaces,
            AnnouncedAddresses = [.. settings.PublicAddresses.Select(IPAddress.Parse)],
            ConsentTimeout = settings.ConsentTimeout,
            InboundRtpLossPercent = settings.InboundRtpLossPercent,
        };
        try
        {
            Endpoint = WebRtcEndpoint.Start(endpointOptions, time);
            logger.LogInformation(
                "WebRTC media on UDP port {Port} of {Bound}, announced as {Addresses}",
                Endpoint.LocalEndPoint.Port,
                string.Join(", ", Endpoint.LocalEndPoints.Select(e => e.Address)),
                string.Join(", ", Endpoint.AnnouncedAddresses));
            if (Endpoint.UnboundAddresses.Count > 0)
            {
                logger.LogWarning("WebRTC media left out {Addresses}: not available to bind yet", string.Join(", ", Endpoint.UnboundAddresses));
            }
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            BindError = $"UDP port {settings.UdpPort} on {settings.BindAddress} could not be bound: {e.Message}";
            logger.LogError("{Problem} WHIP ingest is unavailable.", BindError);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Endpoint is { } endpoint)
        {
            Endpoint = null;
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }
}
