using System.Diagnostics;
using System.Text.Json;
using LiveServer.Media.TestSources;

namespace LiveServer.Scenarios;

/// <summary>
/// Capacity: livestreams are added (4-participant med video; then audio-only with two participants)
/// and held; a level passes when every running stream keeps real time over the hold (media seconds
/// listed in its DVR playlist ÷ wall seconds between the first and last listing ≥ 0.98) and, where
/// <c>GET /v2/hls/{id}</c> has <c>stats</c>, its <c>lateTicks</c> grow by at most 2 % of its ticks.
/// Stops at the first failing level or the maximum.
/// </summary>
public static class CapacityScenario
{
    private const double RealTime = 0.98;

    /// <summary>Runs the video ramp, then the audio ramp.</summary>
    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var hold = TimeSpan.FromSeconds(context.Quick ? 10 : 30);
        int[] videoLevels = context.Quick ? [1, 2, 3] : [1, 2, 3, 4, 5, 6];
        int[] audioLevels = context.Quick ? [1, 8] : [1, 2, 4, 8, 16, 32];
        var video = await RampAsync(context, "video", videoLevels, hold, cancellationToken);
        var audio = await RampAsync(context, "audio", audioLevels, hold, cancellationToken);
        context.Results.Add(ScenarioResult.Figure("capacity", "4-participant med livestreams in real time", video.Sustained, "streams",
            $"levels {string.Join(",", videoLevels)}, hold {hold.TotalSeconds:0} s; {video.Note}"));
        context.Results.Add(ScenarioResult.Figure("capacity", "audio-only livestreams in real time", audio.Sustained, "streams",
            $"levels {string.Join(",", audioLevels)}, hold {hold.TotalSeconds:0} s; {audio.Note}"));
    }

    private static async Task<(int Sustained, string Note)> RampAsync(
        ScenarioContext context, string kind, int[] levels, TimeSpan hold, CancellationToken cancellationToken)
    {
        var streams = new List<Stream>();
        var sustained = 0;
        var note = "stopped at the maximum";
        try
        {
            foreach (var level in levels)
            {
                while (streams.Count < level)
                {
                    streams.Add(await StartAsync(context, kind, cancellationToken));
                }

                var checks = await HoldAsync(context, streams, hold, cancellationToken);
                var worst = checks.MinBy(c => c.Ratio);
                context.Log($"capacity {kind} x{level}: worst real-time ratio {worst.Ratio:0.000}, late ticks {worst.LateTicks?.ToString() ?? "n/a"}");
                if (checks.Any(c => !c.Ok))
                {
                    note = $"x{level} failed: real-time ratio {worst.Ratio:0.000}, late ticks {worst.LateTicks?.ToString() ?? "n/a"}";
                    break;
                }

                sustained = level;
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await context.EndAsync(stream.RoomId, cancellationToken);
                await context.EmptyRoomAsync(stream.RoomId, stream.Participants, cancellationToken);
            }
        }

        return (sustained, note);
    }

    private static async Task<Stream> StartAsync(ScenarioContext context, string kind, CancellationToken cancellationToken)
    {
        var (roomId, participants) = kind == "video"
            ? await context.CreateRoomAsync(["P1", "P2", "P3", "P4"], TestPattern.Moving, ScenarioContext.Width, ScenarioContext.Height, cancellationToken)
            : await context.CreateRoomAsync(["A1", "A2"], TestPattern.Moving, 320, 180, cancellationToken);
        object config = kind == "video" ? new { quality = "med" } : new { mode = "audio" };
        var (id, _, playback) = await context.StartPlayableAsync(roomId, config, cancellationToken);
        return new Stream(roomId, participants.Select(p => p.Id).ToList(), id, playback);
    }

    private static async Task<List<(double Ratio, long? LateTicks, bool Ok)>> HoldAsync(
        ScenarioContext context, List<Stream> streams, TimeSpan hold, CancellationToken cancellationToken)
    {
        var before = new List<(long Ticks, long Late)?>();
        foreach (var stream in streams)
        {
            before.Add(Stats(await context.Server.GetHlsAsync(stream.Id, cancellationToken)));
        }

        // Per stream: when each segment was first seen listed, and its duration.
        var listings = streams.Select(_ => new List<(double At, double Seconds)>()).ToList();
        var seen = streams.Select(_ => new HashSet<string>()).ToList();
        var watch = Stopwatch.StartNew();
        var first = true;
        while (watch.Elapsed < hold)
        {
            for (var i = 0; i < streams.Count; i++)
            {
                var playlist = await context.Server.Http.GetStringAsync(streams[i].Playback, cancellationToken);
                var at = watch.Elapsed.TotalSeconds;
                foreach (var (uri, seconds) in ScenarioContext.Segments(playlist))
                {
                    if (seen[i].Add(uri) && !first)
                    {
                        listings[i].Add((at, seconds));
                    }
                }
            }

            first = false;
            await Task.Delay(100, cancellationToken);
        }

        var checks = new List<(double, long?, bool)>();
        for (var i = 0; i < streams.Count; i++)
        {
            var list = listings[i];
            var ratio = list.Count < 2 ? 0 : list.Skip(1).Sum(l => l.Seconds) / (list[^1].At - list[0].At);
            var after = Stats(await context.Server.GetHlsAsync(streams[i].Id, cancellationToken));
            long? late = after is { } a && before[i] is { } b ? a.Late - b.Late : null;
            var lateOk = after is not { } x || before[i] is not { } y || late <= 0.02 * Math.Max(1, x.Ticks - y.Ticks);
            checks.Add((ratio, late, ratio >= RealTime && lateOk));
        }

        return checks;
    }

    /// <summary><c>stats.ticks</c> and <c>stats.lateTicks</c> when the server reports them.</summary>
    private static (long Ticks, long Late)? Stats(JsonElement livestream) =>
        livestream.TryGetProperty("stats", out var stats) && stats.ValueKind == JsonValueKind.Object
        && stats.TryGetProperty("ticks", out var ticks) && stats.TryGetProperty("lateTicks", out var late)
            ? (ticks.GetInt64(), late.GetInt64())
            : null;

    private sealed record Stream(string RoomId, List<string> Participants, string Id, Uri Playback);
}
