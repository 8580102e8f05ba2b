using System.Diagnostics;
using LiveServer.Media.TestSources;

namespace LiveServer.Scenarios;

/// <summary>
/// Ingest-to-playlist latency. One test participant with the <c>counter</c> pattern (its frame index in
/// the 10 s clip drawn as blocks) in a med livestream; live.m3u8 is polled every 50 ms; the first frame
/// of each newly listed segment is decoded and its index read. The publish time of source frame n is
/// the participant's <c>joinedAt</c> (from the API; the start of its replay clock) + n / fps, with n the
/// latest frame number showing that index at or before the listing. Latency = listed − published.
/// </summary>
public static class LatencyScenario
{
    /// <summary>Runs for 60 s (quick: 20 s).</summary>
    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(context.Quick ? 20 : 60);

        // A first room encodes and caches the counter clip, so the measured participant replays from its first frame on time.
        var warm = await context.CreateRoomAsync(["Counter"], TestPattern.Counter, ScenarioContext.Width, ScenarioContext.Height, cancellationToken);
        await context.EmptyRoomAsync(warm.RoomId, warm.Participants.Select(p => p.Id), cancellationToken);
        var (roomId, participants) = await context.CreateRoomAsync(
            ["Counter"], TestPattern.Counter, ScenarioContext.Width, ScenarioContext.Height, cancellationToken);
        var joinedAt = participants[0].JoinedAt;
        var (_, live, _) = await context.StartPlayableAsync(roomId, new { quality = "med" }, cancellationToken);

        var seen = new HashSet<string>();
        var listed = new List<(DateTimeOffset At, byte[] Segment)>();
        var first = true;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            var playlist = await context.Server.Http.GetStringAsync(live, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            foreach (var (uri, _) in ScenarioContext.Segments(playlist))
            {
                if (seen.Add(uri) && !first)
                {
                    listed.Add((now, await context.Server.Http.GetByteArrayAsync(new Uri(live, uri), cancellationToken)));
                }
            }

            first = false; // Segments listed before polling began have no known listing time.
            await Task.Delay(50, cancellationToken);
        }

        await context.EndAsync(roomId, cancellationToken);
        await context.EmptyRoomAsync(roomId, participants.Select(p => p.Id), cancellationToken);

        var clipFrames = TestClipStore.FrameCount(new TestParticipantSettings("Counter", null, 440, 0, 0, ScenarioContext.Fps));
        var latencies = new List<double>();
        var unreadable = 0;
        foreach (var (at, segment) in listed)
        {
            var index = await ReadFirstIndexAsync(segment, cancellationToken);
            if (index is not { } k || k >= clipFrames)
            {
                unreadable++;
                continue;
            }

            // The latest frame number n ≡ k (mod clip length) published at or before the listing.
            var newest = (long)Math.Floor((at - joinedAt).TotalSeconds * ScenarioContext.Fps);
            var n = newest - ((((newest - k) % clipFrames) + clipFrames) % clipFrames);
            latencies.Add((at - joinedAt).TotalSeconds - ((double)n / ScenarioContext.Fps));
        }

        latencies.Sort();
        var limit = TimeToPlayableScenario.Segment.TotalSeconds + 0.5;
        var note = $"{latencies.Count} segments ({unreadable} unreadable); publish time = participant joinedAt + n/fps (its replay clock)";
        context.Log($"latency: median {Statistics.Percentile(latencies, 0.5):0.00} s, p95 {Statistics.Percentile(latencies, 0.95):0.00} s; {note}");
        context.Results.Add(ScenarioResult.Figure("latency", "ingest → live.m3u8, median", Statistics.Percentile(latencies, 0.5), "s", note));
        context.Results.Add(ScenarioResult.AtMost("latency", "ingest → live.m3u8, p95", Statistics.Percentile(latencies, 0.95), "s", limit));
    }

    /// <summary>Decodes the segment's first frame to grey at the med size and reads the counter; null when FFmpeg fails.</summary>
    private static async Task<int?> ReadFirstIndexAsync(byte[] segment, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"liveserver-latency-{Guid.NewGuid():N}.ts");
        await File.WriteAllBytesAsync(file, segment, cancellationToken);
        try
        {
            var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
                     {
                         "-hide_banner", "-loglevel", "error", "-i", file, "-frames:v", "1",
                         "-s", $"{ScenarioContext.Width}x{ScenarioContext.Height}", "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1",
                     })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var output = new MemoryStream();
            await process.StandardOutput.BaseStream.CopyToAsync(output, cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            await errors;
            return output.Length == ScenarioContext.Width * ScenarioContext.Height
                ? CounterBlocks.Read(output.ToArray(), ScenarioContext.Width, ScenarioContext.Height)
                : null;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
