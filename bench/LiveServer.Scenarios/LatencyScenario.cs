using System.Globalization;
using System.Diagnostics;
using LiveServer.Media.TestSources;
using LiveServer.TestKit;

namespace LiveServer.Scenarios;

/// <summary>
/// Ingest-to-part latency of the LL-HLS origin. One test participant with the <c>counter</c> pattern
/// (its frame index in the 10 s clip drawn as blocks) in a med livestream. The top rendition's live
/// playlist is followed the way an LL-HLS player does: a blocking reload for the part the preload hint
/// names (answered the moment that part is listed). For every independent part (a keyframe: the
/// first part of each segment) the initialization section + that part are decoded and the first
/// frame's index read. The publish time of source frame n is the participant's <c>joinedAt</c> (from
/// the API; the start of its replay clock) + n / fps, with n the latest frame number showing that
/// index at or before the listing. Latency = listed − published. A player adds PART-HOLD-BACK
/// (three parts) and its own buffering on top.
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

        var http = context.Server.Http;
        var playlist = await http.GetStringAsync(live, cancellationToken);
        var init = await http.GetByteArrayAsync(new Uri(live, PlaylistText.MapUri(playlist)), cancellationToken);
        var listed = new List<(DateTimeOffset At, byte[] Part)>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            var hint = PlaylistText.PreloadHint(playlist);
            var (sequence, part) = PlaylistText.PartNumbers(hint);
            playlist = await http.GetStringAsync(new Uri(live, $"?_HLS_msn={sequence}&_HLS_part={part}"), cancellationToken);
            var at = DateTimeOffset.UtcNow;
            if (part == 0 && playlist.Contains($"URI=\"{hint}\",INDEPENDENT=YES", StringComparison.Ordinal))
            {
                listed.Add((at, [.. init, .. await http.GetByteArrayAsync(new Uri(live, hint), cancellationToken)]));
            }
        }

        await context.EndAsync(roomId, cancellationToken);
        await context.EmptyRoomAsync(roomId, participants.Select(p => p.Id), cancellationToken);

        var clipFrames = TestClipStore.FrameCount(new TestParticipantSettings("Counter", null, 440, 0, 0, ScenarioContext.Fps));
        var latencies = new List<double>();
        var unreadable = 0;
        foreach (var (at, media) in listed)
        {
            var index = await ReadFirstIndexAsync(media, cancellationToken);
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
        // A part's first frame is a part (0.2 s) older than the part's end by construction; 0.4 s more
        // for decode, composition, encode and muxing.
        const double limit = 0.2 + 0.4;
        var note = $"{latencies.Count} keyframe parts ({unreadable} unreadable); publish time = participant joinedAt + n/fps (its replay clock); followed by blocking reloads";
        context.Log($"latency: median {Statistics.Percentile(latencies, 0.5):0.00} s, p95 {Statistics.Percentile(latencies, 0.95):0.00} s; {note}");
        context.Results.Add(ScenarioResult.Figure("latency", "ingest → part listed, median", Statistics.Percentile(latencies, 0.5), "s", note));
        context.Results.Add(ScenarioResult.AtMost("latency", "ingest → part listed, p95", Statistics.Percentile(latencies, 0.95), "s", limit));
    }

    /// <summary>Decodes the first frame of init + part to grey at the med size and reads the counter; null when FFmpeg fails.</summary>
    private static async Task<int?> ReadFirstIndexAsync(byte[] media, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"liveserver-latency-{Guid.NewGuid():N}.mp4");
        await File.WriteAllBytesAsync(file, media, cancellationToken);
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
