using System.Diagnostics.Metrics;
using LiveServer.Api.Ingest;
using LiveServer.Domain.Livestreams;
using LiveServer.WebRtc.Sessions;

namespace LiveServer.Api.Hosting;

/// <summary>
/// The server's own instruments, on the meter <see cref="MeterName"/>; <c>/metrics</c> shows them in
/// Prometheus text format (see <see cref="MetricsRegistration"/>). Almost all are observed when
/// scraped, from counters the components keep anyway, so nothing is counted twice on the hot paths:
/// livestream counters from <see cref="Livestream.Stats"/>, media counters from
/// <see cref="WebRtcEndpoint.SessionTotals"/>. Only webhook deliveries are recorded as they happen.
/// </summary>
public sealed class LiveServerMetrics
{
    /// <summary>The meter's name: the <c>otel_scope_name</c> of every series below.</summary>
    public const string MeterName = "LiveServer";

    /// <summary>The <c>outcome</c> of a webhook that the receiver took (2xx).</summary>
    public const string WebhookDelivered = "delivered";

    /// <summary>The <c>outcome</c> of a webhook attempt that failed and will be tried again.</summary>
    public const string WebhookRetry = "retry";

    /// <summary>The <c>outcome</c> of a webhook given up on after its last attempt.</summary>
    public const string WebhookFailed = "failed";

    // Every livestream the registry holds on one page: it keeps the ended ones with their final
    // stats, which is what keeps the sums below from falling when a livestream ends. Half of
    // int.MaxValue so that the registry's page arithmetic cannot overflow.
    private const int AllLivestreams = int.MaxValue / 2;

    private readonly DateTimeOffset _since;

    private readonly LivestreamRegistry _livestreams;
    private readonly WhipSessionRegistry _whipSessions;
    private readonly WebRtcIngest _ingest;
    private readonly Counter<long> _webhookDeliveries;

    /// <summary>Creates the meter and its instruments.</summary>
    public LiveServerMetrics(IMeterFactory meters, TimeProvider time, LivestreamRegistry livestreams, WhipSessionRegistry whipSessions, WebRtcIngest ingest)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(time);
        _since = time.GetUtcNow();
        _livestreams = livestreams;
        _whipSessions = whipSessions;
        _ingest = ingest;

        // The factory owns the meter and disposes it with the host.
        Meter meter = meters.Create(MeterName);
        meter.CreateObservableGauge(
            "liveserver.livestreams.running",
            () => _livestreams.Active().Count,
            "{livestream}",
            "Livestreams not yet stopped or failed (starting, started, playable or stopping).");
        meter.CreateObservableCounter(
            "liveserver.compositor.ticks",
            () => SumOfLivestreams(s => s.Ticks),
            "{tick}",
            "Compositor clock ticks of every livestream this process ran: frames, or 20 ms audio chunks in audio mode.");
        meter.CreateObservableCounter(
            "liveserver.compositor.late_ticks",
            () => SumOfLivestreams(s => s.LateTicks),
            "{tick}",
            "Of those ticks, the ones produced more than 100 ms late: the machine or the encoder was behind.");
        meter.CreateObservableCounter(
            "liveserver.encoder.restarts",
            () => SumOfLivestreams(s => s.EncoderRestarts),
            "{restart}",
            "Times an encoder FFmpeg died and was restarted.");
        meter.CreateObservableCounter(
            "liveserver.hls.segments",
            () => SumOfLivestreams(s => s.Segments),
            "{segment}",
            "HLS segments written and listed (of the first rendition; every rendition has the same).");
        meter.CreateObservableGauge(
            "liveserver.whip.sessions",
            () => _whipSessions.Count,
            "{session}",
            "Open WHIP sessions (publishers).");
        meter.CreateObservableCounter(
            "liveserver.rtp.packets",
            () => SessionTotals(c => c.PacketsReceived),
            "{packet}",
            "RTP packets received from publishers that decrypted and belonged to a negotiated stream, retransmissions included.");
        meter.CreateObservableCounter(
            "liveserver.rtp.packets_lost",
            () => SessionTotals(c => c.PacketsLost),
            "{packet}",
            "RTP packets given up as lost by the jitter buffers: loss that NACK did not repair.");
        meter.CreateObservableCounter(
            "liveserver.rtcp.nacks",
            () => SessionTotals(c => c.NacksSent),
            "{packet}",
            "RTCP generic NACK packets sent to publishers.");
        meter.CreateObservableCounter(
            "liveserver.rtcp.plis",
            () => SessionTotals(c => c.PlisSent),
            "{packet}",
            "RTCP picture loss indications sent to publishers (keyframe requests).");
        _webhookDeliveries = meter.CreateCounter<long>(
            "liveserver.webhook.deliveries",
            "{delivery}",
            "Webhook delivery attempts by outcome: delivered, retry (failed, will be tried again) or failed (given up).");
    }

    /// <summary>Counts one webhook delivery attempt under its outcome.</summary>
    /// <param name="outcome"><see cref="WebhookDelivered"/>, <see cref="WebhookRetry"/> or <see cref="WebhookFailed"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">Any other outcome (each one is a series of its own).</exception>
    public void WebhookDelivery(string outcome)
    {
        if (outcome is not (WebhookDelivered or WebhookRetry or WebhookFailed))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, $"A webhook outcome is {WebhookDelivered}, {WebhookRetry} or {WebhookFailed}.");
        }

        _webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
    }

    // Livestreams restored from the store (run by an earlier process) are left out: their saved
    // counts would start the totals high, and a total below the last scrape of the process before
    // would read as a reset, a whole history counted again.
    private long SumOfLivestreams(Func<LivestreamStats, long> counter)
    {
        long sum = 0;
        foreach (Livestream livestream in _livestreams.List(null, 1, AllLivestreams).Items)
        {
            if (livestream.Start >= _since)
            {
                sum += counter(livestream.Stats);
            }
        }

        return sum;
    }

    // Nothing while the media port is not bound: there is no count to report, rather than a zero
    // that would read as a counter reset.
    private IEnumerable<Measurement<long>> SessionTotals(Func<PeerSessionCounters, long> counter) =>
        _ingest.Endpoint is { } endpoint ? [new Measurement<long>(counter(endpoint.SessionTotals))] : [];
}
