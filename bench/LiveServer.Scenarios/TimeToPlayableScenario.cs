using System.Diagnostics;
using LiveServer.Media.TestSources;

namespace LiveServer.Scenarios;

/// <summary>Time from <c>POST /v2/hls/start</c> to <c>HLS_PLAYABLE</c> over SignalR, over several starts of a 4-participant room.</summary>
public static class TimeToPlayableScenario
{
    /// <summary>The server's segment length (Hls:SegmentDuration, not overridden by the runner).</summary>
    public static readonly TimeSpan Segment = TimeSpan.FromSeconds(2);

    /// <summary>Runs 10 starts (quick: 3).</summary>
    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var starts = context.Quick ? 3 : 10;
        var (roomId, participants) = await context.CreateRoomAsync(
            ["P1", "P2", "P3", "P4"], TestPattern.Moving, ScenarioContext.Width, ScenarioContext.Height, cancellationToken);
        var times = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            await using (var states = await context.Server.RecordHlsStatesAsync(roomId, cancellationToken))
            {
                var watch = Stopwatch.StartNew();
                await context.Server.StartHlsAsync(roomId, new { quality = "med" }, cancellationToken);
                await states.WaitForAsync("HLS_PLAYABLE", TimeSpan.FromSeconds(30));
                times.Add(watch.Elapsed.TotalSeconds);
            }

            await context.EndAsync(roomId, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        await context.EmptyRoomAsync(roomId, participants.Select(p => p.Id), cancellationToken);
        times.Sort();
        var median = Statistics.Percentile(times, 0.5);
        context.Log($"time to playable: median {median:0.00} s, max {times[^1]:0.00} s over {starts} starts");
        var limit = Segment.TotalSeconds + 0.5;
        context.Results.Add(ScenarioResult.AtMost("time to playable", $"median over {starts} starts", median, "s", limit,
            "POST /v2/hls/start → hlsStateChanged HLS_PLAYABLE, 4 participants, med, 2 s segments"));
        context.Results.Add(ScenarioResult.Figure("time to playable", $"max over {starts} starts", times[^1], "s"));
    }
}
