using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Compositing;
using LiveServer.Media.Encoding;
using LiveServer.TestKit;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace LiveServer.Api.Tests;

/// <summary>
/// "Nothing already recorded is lost" at the end of a livestream: the VOD playlists written at
/// HLS_STOPPED list every frame the compositor made, up to the last partial segment, and reach the
/// <c>POST /v2/hls/end</c> call on the PROGRAM-DATE-TIME timeline even when the compositor ran late
/// (held back by the encoder on a busy machine): a poll closed before the call lies inside the VOD.
/// Real FFmpeg, a two-rendition ladder, at the test segment length and the default one.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class EndFlushTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private const int Fps = 30;

    /// <summary>
    /// One frame. On stop the clock still makes every tick due by then (the stop comes after the end
    /// call), so the last frame ends after the call; the playlists round dates and durations to the
    /// millisecond, which a frame covers. A dropped partial segment or a late clock's lag is far more.
    /// </summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1.0 / Fps);

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("00:00:02")]
    public async Task End_MidSegment_VodListsEveryFrameAndReachesTheEndCall(string segmentDuration)
    {
        await using var factory = new LiveServerFactory(new() { ["Hls:SegmentDuration"] = segmentDuration });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();
        await client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 320, height = 180 });
        await using var states = await factory.RecordHlsStatesAsync(roomId);
        var id = (await client.StartHlsAsync(roomId, new { quality = "med" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        var renditions = PlaylistText.Uris(await client.GetStringAsync($"/hls/{id}/index.m3u8"));
        await PlaylistText.WaitForSegmentsAsync(client, $"{client.BaseAddress}hls/{id}/index.m3u8", 2);

        // Into the next segment, so the end falls between keyframes and the last segment is a partial one.
        await Task.Delay(TimeSpan.FromSeconds(1.3));
        var poll = await (await client.PostAsJsonAsync($"/v2/rooms/{roomId}/polls", new { question = "Q?", options = new[] { "x", "y" } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var closed = await (await client.PostAsync($"/v2/rooms/{roomId}/polls/{poll.GetProperty("pollId").GetString()}/close", null))
            .Content.ReadFromJsonAsync<JsonElement>();
        var closedAt = closed.GetProperty("closedAt").GetDateTimeOffset();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var endCalledAt = DateTimeOffset.UtcNow;
        var end = await client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        Assert.Equal(HttpStatusCode.OK, end.StatusCode);
        Assert.Equal("HLS_STOPPING", (await end.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
        var stats = (await client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}")).GetProperty("stats");
        var composed = TimeSpan.FromSeconds(stats.GetProperty("ticks").GetInt64() / (double)Fps);
        output.WriteLine($"composed {composed.TotalSeconds:0.000} s, lateTicks {stats.GetProperty("lateTicks").GetInt64()}");

        foreach (var playlist in renditions)
        {
            var served = await client.GetStringAsync($"/hls/{id}/{playlist}");
            var onDisk = await File.ReadAllTextAsync(Path.Combine(factory.StoragePath, id, playlist));
            foreach (var (where, vod) in new[] { ("served", served), ("on disk", onDisk) })
            {
                Assert.EndsWith("#EXT-X-ENDLIST\n", vod, StringComparison.Ordinal);
                var listed = TimeSpan.FromSeconds(PlaylistText.DurationSeconds(vod));
                var (start, duration) = LastSegment(vod);
                var endsAt = start + duration;
                output.WriteLine(
                    $"{playlist} ({where}): {listed.TotalSeconds:0.000} s in {PlaylistText.SegmentCount(vod)} segments (the last {duration.TotalSeconds:0.000} s), "
                    + $"ends {(endsAt - endCalledAt).TotalSeconds:+0.000;-0.000} s from the end call");

                // Every frame composed is listed, the last partial segment with them.
                Assert.InRange(listed, composed - Tolerance, composed + Tolerance);
                Assert.True(
                    endsAt >= endCalledAt - Tolerance,
                    $"{playlist} ({where}) ends at {Iso(endsAt)}, {(endCalledAt - endsAt).TotalSeconds:0.000} s before the end call at {Iso(endCalledAt)}");
                Assert.InRange(closedAt, FirstProgramDateTime(vod), endsAt);
            }
        }
    }

    [Fact]
    public async Task Finish_ClockHeldBackByTheEncoder_MakesTheTicksDueAtTheStopThenReturns()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        var compositor = new Compositor(LivestreamConfig.Default.ToOutputFormat(), audioOnly: true, time, NullLogger.Instance);
        var feed = new EncoderFeed(0, compositor.MaxAudioChunkBytes, audioChunks: 4);
        using var clock = new CancellationTokenSource();
        var run = Task.Run(() => compositor.RunAsync(feed, clock.Token));
        await Eventually.TrueAsync(() => compositor.Ticks == 1);

        // A second later 50 more ticks are due, but the feed holds 4 and the encoder reads nothing: the clock is late.
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => compositor.Ticks == 4);
        compositor.Finish();
        var encoder = Task.Run(async () =>
        {
            await foreach (var chunk in feed.Audio.ReadAllAsync())
            {
                feed.ReturnAudio(chunk.Buffer);
            }
        });

        // The encoder reads again: the clock makes every tick due at the stop (0..50), none after it, and ends.
        await Eventually.TrueAsync(() => compositor.Ticks == 51);
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => run.IsCompleted);
        Assert.Equal(51, compositor.Ticks);
        Assert.False(clock.IsCancellationRequested);
        feed.Complete();
        await encoder;
    }

    /// <summary>The last segment's PROGRAM-DATE-TIME and EXTINF.</summary>
    private static (DateTimeOffset Start, TimeSpan Duration) LastSegment(string playlist)
    {
        var lines = playlist.Split('\n');
        var extinf = Array.FindLastIndex(lines, l => l.StartsWith("#EXTINF:", StringComparison.Ordinal));
        Assert.True(extinf >= 0, "the VOD playlist lists no segment");
        var date = Array.FindLastIndex(lines, extinf, l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal));
        Assert.True(date >= 0, "the last segment has no PROGRAM-DATE-TIME");
        var start = DateTimeOffset.Parse(lines[date]["#EXT-X-PROGRAM-DATE-TIME:".Length..], CultureInfo.InvariantCulture);
        var seconds = double.Parse(lines[extinf]["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture);
        return (start, TimeSpan.FromSeconds(seconds));
    }

    private static DateTimeOffset FirstProgramDateTime(string playlist) => DateTimeOffset.Parse(
        playlist.Split('\n').First(l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal))["#EXT-X-PROGRAM-DATE-TIME:".Length..],
        CultureInfo.InvariantCulture);

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
