using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using LiveServer.Api.Hosting;
using LiveServer.TestKit.WebRtc;
using Microsoft.Extensions.DependencyInjection;

namespace LiveServer.Api.Tests;

/// <summary>
/// <c>GET /metrics</c> through the in-memory host: Prometheus text, no token, no rate limit, and the
/// instruments following real livestreams (real FFmpeg) and a real WHIP publisher over loopback UDP.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class MetricsTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MetricTimeout = TimeSpan.FromSeconds(20);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Get_WithoutToken_PrometheusTextWithServerAndHttpMetrics()
    {
        await _client.CreateRoomAsync();
        var anonymous = _factory.CreateClientWith(null);

        var response = await anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE liveserver_livestreams_running gauge", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE liveserver_compositor_ticks_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE liveserver_whip_sessions gauge", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE liveserver_rtp_packets_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("http_request_method=\"POST\",http_response_status_code=\"201\",http_route=\"/v2/rooms/\"", text, StringComparison.Ordinal);
        Assert.Equal(0, Value(text, "liveserver_whip_sessions"));
    }

    [Fact]
    public async Task Get_PastTheRestRateLimit_StillServed()
    {
        await using var factory = new LiveServerFactory(new()
        {
            ["Limits:RestRequestsPerWindow"] = "2",
            ["Limits:RateLimitWindow"] = "00:01:00",
        });
        var client = factory.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v2/rooms/none")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/v2/rooms/none")).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
        }
    }

    [Fact]
    public async Task WebhookDelivery_ByOutcome_CountedPerOutcome_UnknownOutcomeRefused()
    {
        var metrics = _factory.Services.GetRequiredService<LiveServerMetrics>();

        metrics.WebhookDelivery(LiveServerMetrics.WebhookDelivered);
        metrics.WebhookDelivery(LiveServerMetrics.WebhookDelivered);
        metrics.WebhookDelivery(LiveServerMetrics.WebhookRetry);

        var text = await WaitForMetricsAsync(t => Value(t, "liveserver_webhook_deliveries_total", "outcome=\"retry\"") == 1);
        Assert.Equal(2, Value(text, "liveserver_webhook_deliveries_total", "outcome=\"delivered\""));
        Assert.Null(Value(text, "liveserver_webhook_deliveries_total", "outcome=\"failed\""));
        Assert.Throws<ArgumentOutOfRangeException>(() => metrics.WebhookDelivery("lost"));
    }

    [Fact]
    public async Task Livestream_Running_GaugeOneAndTicksGrow_AfterEndTotalsKept()
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 320, height = 180 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        await _client.StartHlsAsync(roomId, new { quality = "low" });
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);

        var running = await WaitForMetricsAsync(t => Value(t, "liveserver_livestreams_running") == 1 && Value(t, "liveserver_compositor_ticks_total") > 0);
        var ticks = Value(running, "liveserver_compositor_ticks_total")!.Value;
        var later = await WaitForMetricsAsync(t => Value(t, "liveserver_compositor_ticks_total") > ticks);
        Assert.Equal(1, Value(later, "liveserver_livestreams_running"));
        Assert.NotNull(Value(later, "liveserver_compositor_late_ticks_total"));
        Assert.NotNull(Value(later, "liveserver_encoder_restarts_total"));

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync("/v2/hls/end", new { roomId })).StatusCode);
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
        var ended = await WaitForMetricsAsync(t => Value(t, "liveserver_livestreams_running") == 0);

        // The ended livestream keeps counting in the totals: counters never fall.
        Assert.True(Value(ended, "liveserver_compositor_ticks_total") >= Value(later, "liveserver_compositor_ticks_total"));
        Assert.True(Value(ended, "liveserver_hls_segments_total") >= 1);
    }

    [Fact]
    public async Task WhipPublisher_WithInboundLoss_SessionPacketsLossAndNacks_ClosedSessionKeepsTotals()
    {
        var clip = await CapturedVp8Stream.LoadAsync(
            Path.Combine(Path.GetTempPath(), "liveserver-metrics-clip"), 320, 180, 15, TimeSpan.FromSeconds(2), 300, CancellationToken.None);
        await using var factory = new LiveServerFactory(new() { ["WebRtc:InboundRtpLossPercent"] = "20" });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();
        var publisher = await WhipPublisher.ConnectAsync(client, roomId, "Pia", CancellationToken.None);
        string open;
        try
        {
            await new Vp8StreamReplay(clip, publisher).RunAsync(clip.RealTimePacketsPerSecond, TimeSpan.FromSeconds(3), CancellationToken.None);

            open = await WaitForMetricsAsync(
                client,
                t => Value(t, "liveserver_whip_sessions") == 1 && Value(t, "liveserver_rtp_packets_total") > 0
                    && Value(t, "liveserver_rtcp_nacks_total") > 0 && Value(t, "liveserver_rtp_packets_lost_total") > 0);
        }
        finally
        {
            await publisher.DisposeAsync();
        }

        var closed = await WaitForMetricsAsync(client, t => Value(t, "liveserver_whip_sessions") == 0);
        Assert.True(Value(closed, "liveserver_rtp_packets_total") >= Value(open, "liveserver_rtp_packets_total"));
        Assert.True(Value(closed, "liveserver_rtp_packets_lost_total") >= Value(open, "liveserver_rtp_packets_lost_total"));
        Assert.True(Value(closed, "liveserver_rtcp_nacks_total") >= Value(open, "liveserver_rtcp_nacks_total"));
    }

    /// <summary>
    /// The value of the first sample of <paramref name="name"/> (whose labels contain
    /// <paramref name="label"/>, when given) in Prometheus text, or null when there is none.
    /// </summary>
    private static double? Value(string text, string name, string? label = null)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length)
            {
                continue;
            }

            var rest = line[name.Length..];
            if (rest[0] == '{')
            {
                var close = rest.IndexOf('}', StringComparison.Ordinal);
                if (label is not null && !rest[..close].Contains(label, StringComparison.Ordinal))
                {
                    continue;
                }

                rest = rest[(close + 1)..];
            }
            else if (rest[0] != ' ' || label is not null)
            {
                continue;
            }

            return double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }

        return null;
    }

    private Task<string> WaitForMetricsAsync(Func<string, bool> condition) => WaitForMetricsAsync(_client, condition);

    // Observable instruments are read when scraped, and the exporter caches a scrape for 300 ms:
    // scrape until the condition holds, and fail with the last scrape.
    private static async Task<string> WaitForMetricsAsync(HttpClient client, Func<string, bool> condition)
    {
        var deadline = DateTime.UtcNow + MetricTimeout;
        while (true)
        {
            var text = await client.GetStringAsync("/metrics");
            if (condition(text))
            {
                return text;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("The metrics never met the condition; last scrape:\n" + text);
            }

            await Task.Delay(250);
        }
    }
}
