using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveServer.TestKit;
using LiveServer.TestKit.WebRtc;
using Xunit.Abstractions;

namespace LiveServer.EndToEnd.Tests;

/// <summary>
/// Soak (issue 6): the server process with four test publishers and one real WHIP publisher in one
/// livestream, while a guest joins and the previous guest leaves every interval (alternately a test
/// participant and a WHIP session). It must not crash, keep its memory flat, leave no FFmpeg child
/// or file handle behind, and write a continuous playlist. CI runs the short version (90 s, a
/// change every 15 s); <c>scripts/soak.sh</c> runs 30 minutes with a change every minute through
/// <c>LIVESERVER_SOAK_DURATION</c> and <c>LIVESERVER_SOAK_INTERVAL</c> (seconds or hh:mm:ss).
/// </summary>
[Collection("server")]
public sealed class SoakTests(ITestOutputHelper output)
{
    private static readonly TimeSpan SegmentDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(60);
    private const double SegmentTolerance = 0.1;
    private const double RssTolerance = 0.10;
    private const int OpenFileSlack = 16;

    [Fact]
    public async Task Soak_PublishersJoinAndLeave_ServerStaysFlatAndPlaylistContinuous()
    {
        var duration = Setting("LIVESERVER_SOAK_DURATION", TimeSpan.FromSeconds(90));
        var interval = Setting("LIVESERVER_SOAK_INTERVAL", TimeSpan.FromSeconds(15));
        var quality = Environment.GetEnvironmentVariable("LIVESERVER_SOAK_QUALITY") is { Length: > 0 } q ? q : "low";
        var clip = await CapturedVp8Stream.LoadAsync(
            Path.Combine(Path.GetTempPath(), "liveserver-soak-clip"), 640, 360, 15, TimeSpan.FromSeconds(10), 600, CancellationToken.None);

        await using var server = await ServerProcess.StartAsync(("Hls__SegmentDuration", SegmentDuration.ToString()));
        var client = server.Client;
        var baseline = ProcessSample.Read(server.ProcessId);
        var baselineFiles = ProcessSample.OpenFileKinds(server.ProcessId);
        var roomId = await CreateRoomAsync(client);
        var steady = new List<Guest>();
        for (var i = 1; i <= 4; i++)
        {
            steady.Add(await Guest.AddTestAsync(client, roomId, $"Host {i}"));
        }

        steady.Add(await Guest.AddWhipAsync(client, roomId, "Web", clip));
        await using var states = await server.RecordHlsStatesAsync(roomId);
        var start = await client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { quality } });
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);

        // Live: churn every interval, sample every few seconds.
        var samples = new List<(TimeSpan At, ProcessSample Sample)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var nextChange = interval;
        Guest? guest = null;
        var changes = 0;
        while (clock.Elapsed < duration)
        {
            await Task.Delay(SampleInterval < duration - clock.Elapsed ? SampleInterval : duration - clock.Elapsed);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            var status = (await client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}")).GetProperty("status").GetString();
            Assert.True(status == "HLS_PLAYABLE", $"The livestream is {status} after {clock.Elapsed:mm\\:ss}:\n{Tail(server.Output)}");
            samples.Add((clock.Elapsed, ProcessSample.Read(server.ProcessId)));
            if (clock.Elapsed >= nextChange && clock.Elapsed < duration)
            {
                if (guest is not null)
                {
                    await guest.LeaveAsync(client, roomId);
                }

                changes++;
                guest = changes % 2 == 1
                    ? await Guest.AddTestAsync(client, roomId, $"Guest {changes}")
                    : await Guest.AddWhipAsync(client, roomId, $"Guest {changes}", clip);
                nextChange += interval;
            }
        }

        var live = samples[^1].Sample;
        var participantsAtEnd = (await client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).GetArrayLength();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v2/hls/end", new { roomId })).StatusCode);
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
        if (guest is not null)
        {
            await guest.LeaveAsync(client, roomId);
        }

        foreach (var host in steady)
        {
            await host.LeaveAsync(client, roomId);
        }

        // After the stop: no FFmpeg child left, file handles back near where they started.
        var childrenGone = await EventuallyAsync(() => ProcessSample.Children(server.ProcessId).Count == 0, TimeSpan.FromSeconds(20));
        var children = ProcessSample.Children(server.ProcessId);
        var baselineHandles = Handles(baselineFiles);
        await EventuallyAsync(() => Handles(ProcessSample.OpenFileKinds(server.ProcessId)) <= baselineHandles + OpenFileSlack, TimeSpan.FromSeconds(15));
        var after = ProcessSample.Read(server.ProcessId);
        var afterFiles = ProcessSample.OpenFileKinds(server.ProcessId);
        var filesChanged = string.Join(", ", baselineFiles.Keys.Union(afterFiles.Keys)
            .Where(k => !k.EndsWith(".dll", StringComparison.Ordinal) && baselineFiles.GetValueOrDefault(k) != afterFiles.GetValueOrDefault(k))
            .Select(k => $"{k} {baselineFiles.GetValueOrDefault(k)}→{afterFiles.GetValueOrDefault(k)}"));

        var stored = await client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");
        var wall = (stored.GetProperty("end").GetDateTimeOffset() - stored.GetProperty("start").GetDateTimeOffset()).TotalSeconds;
        var folder = Path.Combine(server.StoragePath, id);
        var topRendition = PlaylistText.Uris(await File.ReadAllTextAsync(Path.Combine(folder, "index.m3u8")))[0];
        var playlist = PlaylistContinuity.Check(
            await File.ReadAllTextAsync(Path.Combine(folder, topRendition)), folder, SegmentDuration, SegmentTolerance);

        // Memory: the median RSS of one interval after the warm-up (an interval, or a sixth of the run
        // when that is longer: the heap grows to its working size in the first minutes) against the
        // median of the last interval. Medians, because single samples ride the GC's sawtooth.
        // At least 30 s: the LL-HLS origin keeps a fixed window of recent parts and segments in memory
        // (HlsTiming.SegmentsInMemory: six 2 s segments per rendition), filled in the first seconds.
        var warmUp = TimeSpan.FromTicks(Math.Max(Math.Max(interval.Ticks, duration.Ticks / 6), TimeSpan.FromSeconds(30).Ticks));
        var reference = MedianMegabytes(samples.Where(s => s.At >= warmUp && s.At < warmUp + interval)) ?? samples[0].Sample.ResidentMegabytes;
        var end = MedianMegabytes(samples.Where(s => s.At > samples[^1].At - interval))!.Value;
        var peak = samples.Max(s => s.Sample.ResidentMegabytes);
        var growth = (end - reference) / reference;
        var series = string.Join(" ", samples.GroupBy(s => (int)(s.At / interval)).Select(g => MedianMegabytes(g)!.Value.ToString("0", CultureInfo.InvariantCulture)));
        var rss = string.Create(CultureInfo.InvariantCulture,
            $"start {baseline.ResidentMegabytes:0} MiB, after warm-up ({warmUp.TotalSeconds:0} s) {reference:0} MiB, end {end:0} MiB, peak {peak:0} MiB; growth {growth:+0.0%;-0.0%} (limit +{RssTolerance:0%}; medians over {interval.TotalSeconds:0} s)\n" +
            $"rss by interval (median MiB): {series}");
        var summary = Summary(duration, interval, quality, changes, participantsAtEnd, baseline, live, rss, after, $"{baselineHandles}→{Handles(afterFiles)}", filesChanged, children, playlist, wall, clip);
        output.WriteLine(summary);
        if (Environment.GetEnvironmentVariable("LIVESERVER_SOAK_SUMMARY") is { Length: > 0 } summaryPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(summaryPath))!);
            await File.WriteAllTextAsync(summaryPath, summary);
        }

        Assert.True(childrenGone, $"FFmpeg children left after the stop: {string.Join(", ", children)}\n{summary}");
        Assert.True(growth <= RssTolerance, $"Server RSS grew by {growth:P1} from after the warm-up to the end.\n{summary}");
        Assert.True(Handles(afterFiles) <= baselineHandles + OpenFileSlack, $"{Handles(afterFiles)} handles open after the stop, {baselineHandles} at start.\n{summary}");
        Assert.True(playlist.IsContinuous, $"The playlist is not continuous: {string.Join("; ", playlist.Problems.Take(10))}\n{summary}");
        Assert.True(playlist.HasEndList, $"The playlist has no ENDLIST.\n{summary}");
        Assert.InRange(playlist.TotalSeconds, (wall * 0.9) - (2 * SegmentDuration.TotalSeconds), wall + (2 * SegmentDuration.TotalSeconds));
        Assert.True(changes >= 1, "No participant joined or left during the run.");
    }

    private static string Summary(
        TimeSpan duration, TimeSpan interval, string quality, int changes, int participantsAtEnd, ProcessSample baseline, ProcessSample live,
        string rss, ProcessSample after, string handles, string filesChanged, IReadOnlyList<int> children, PlaylistContinuity playlist, double wall, CapturedVp8Stream clip)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("== soak summary");
        text.AppendLine(c, $"run:          {duration.TotalMinutes:0.##} min live, a join/leave every {interval.TotalSeconds:0} s ({changes} changes), quality {quality}, 4 test publishers + 1 WHIP publisher ({participantsAtEnd} participants at the end)");
        text.AppendLine(c, $"whip stream:  {clip.Description}");
        text.AppendLine(c, $"crash:        none (health 200 and HLS_PLAYABLE at every sample)");
        text.AppendLine(c, $"rss:          {rss}");
        text.AppendLine(c, $"cpu:          {(live.CpuTime - baseline.CpuTime).TotalSeconds:0.0} s of the server process over the run (children not counted)");
        text.AppendLine(c, $"open files:   start {baseline.OpenFiles}, live {live.OpenFiles}, after stop {after.OpenFiles}; without mapped assemblies {handles} (limit start + {OpenFileSlack}); threads start {baseline.Threads}, live {live.Threads}, after stop {after.Threads}");
        text.AppendLine(c, $"files changed: {(filesChanged.Length == 0 ? "none" : filesChanged)} (start→after stop, by kind, assemblies left out)");
        text.AppendLine(c, $"ffmpeg:       {children.Count} children left after the stop");
        text.AppendLine(c, $"playlist:     {playlist.Segments} segments, {playlist.TotalSeconds:0.0} s listed vs {wall:0.0} s wall ({playlist.TotalSeconds / wall:0.000}); EXTINF {playlist.MinSeconds:0.000}..{playlist.MaxSeconds:0.000} s; {playlist.Discontinuities} discontinuities; ENDLIST {(playlist.HasEndList ? "yes" : "no")}; {(playlist.IsContinuous ? "continuous" : "problems: " + string.Join("; ", playlist.Problems.Take(5)))}");
        return text.ToString();
    }

    private static double? MedianMegabytes(IEnumerable<(TimeSpan At, ProcessSample Sample)> samples)
    {
        var values = samples.Select(s => s.Sample.ResidentMegabytes).Order().ToList();
        return values.Count == 0 ? null : values[values.Count / 2];
    }

    /// <summary>Open descriptors other than assemblies (which the runtime maps once as code first runs): pipes, sockets, files, event handles.</summary>
    private static int Handles(IReadOnlyDictionary<string, int> kinds) =>
        kinds.Where(k => !k.Key.EndsWith(".dll", StringComparison.Ordinal)).Sum(k => k.Value);

    private static TimeSpan Setting(string name, TimeSpan fallback)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return double.TryParse(value, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.Parse(value, CultureInfo.InvariantCulture);
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(250);
        }

        return condition();
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(40));

    private static async Task<string> CreateRoomAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/v2/rooms", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
    }

    /// <summary>A participant of the soak: a server-side test participant or a WHIP publisher replaying the clip in real time.</summary>
    private sealed class Guest
    {
        private string? _participantId;
        private WhipPublisher? _publisher;
        private CancellationTokenSource? _stop;
        private Task? _sending;

        public static async Task<Guest> AddTestAsync(HttpClient client, string roomId, string name)
        {
            var response = await client.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", new { name, width = 320, height = 180, fps = 15 });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return new Guest { _participantId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantId").GetString() };
        }

        public static async Task<Guest> AddWhipAsync(HttpClient client, string roomId, string name, CapturedVp8Stream clip)
        {
            var publisher = await WhipPublisher.ConnectAsync(client, roomId, name, CancellationToken.None);
            var stop = new CancellationTokenSource();
            var sending = new Vp8StreamReplay(clip, publisher).RunAsync(clip.RealTimePacketsPerSecond, TimeSpan.MaxValue, stop.Token);
            return new Guest { _publisher = publisher, _stop = stop, _sending = sending };
        }

        public async Task LeaveAsync(HttpClient client, string roomId)
        {
            if (_participantId is not null)
            {
                Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v2/rooms/{roomId}/participants/{_participantId}")).StatusCode);
                _participantId = null;
            }

            if (_publisher is not null)
            {
                await _stop!.CancelAsync();
                await _sending!;
                await _publisher.DisposeAsync();
                _stop.Dispose();
                _publisher = null;
            }
        }
    }
}
