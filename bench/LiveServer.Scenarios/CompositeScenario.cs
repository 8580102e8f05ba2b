using System.Diagnostics;
using LiveServer.Media.TestSources;

namespace LiveServer.Scenarios;

/// <summary>
/// Composite cost: N test participants (1280x720, 30 fps) into a med GRID livestream; CPU seconds per
/// stream-second of the server's process tree, minus the test sources' own share (measured first, with
/// the participants but no livestream), against the plain FFmpeg command on the same clips.
/// </summary>
public static class CompositeScenario
{
    private const double TargetRatio = 1.15;

    /// <summary>Runs N = 1, 2, 4.</summary>
    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(context.Quick ? 15 : 60);
        var sourcesWindow = TimeSpan.FromSeconds(context.Quick ? 4 : 10);
        foreach (var count in new[] { 1, 2, 4 })
        {
            var names = Enumerable.Range(1, count).Select(i => $"P{i}").ToList();
            var (roomId, participants) = await context.CreateRoomAsync(names, TestPattern.Moving, ScenarioContext.Width, ScenarioContext.Height, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var sources = await CpuPerSecondAsync(context.Server.ProcessId, sourcesWindow, cancellationToken);

            await context.StartPlayableAsync(roomId, new { layout = new { type = "GRID" }, quality = "med" }, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var byProcess = ProcessTree.CpuByProcess(context.Server.ProcessId);
            var watch = Stopwatch.StartNew();
            var server = await CpuPerSecondAsync(context.Server.ProcessId, duration, cancellationToken);
            var roles = ProcessTree.RoleDelta(byProcess, ProcessTree.CpuByProcess(context.Server.ProcessId));
            var seconds = watch.Elapsed.TotalSeconds;
            await context.EndAsync(roomId, cancellationToken);
            await context.EmptyRoomAsync(roomId, participants.Select(p => p.Id), cancellationToken);

            context.Log($"composite N={count}: server tree {server:0.000} CPU s/s, test sources {sources:0.000}; running the FFmpeg baseline");
            var ffmpeg = await FfmpegBaseline.MeasureAsync(
                names.Select(n => context.ClipPath(n)).ToList(), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), duration, cancellationToken);
            var pipeline = server - sources;
            var ratio = pipeline / ffmpeg;
            context.Log($"composite N={count}: FFmpeg {ffmpeg:0.000} CPU s/s, ratio {ratio:0.00}");

            var scenario = $"composite N={count}";
            context.Results.Add(ScenarioResult.Figure(scenario, "server tree (server + FFmpeg children)", server, "CPU s/s",
                $"GRID med 1280x720, {duration.TotalSeconds:0} s"));
            context.Results.Add(ScenarioResult.Figure(scenario, "  of which the .NET server process", roles["server"] / seconds, "CPU s/s",
                "includes the test sources' replay"));
            context.Results.Add(ScenarioResult.Figure(scenario, "  of which the x264 encoder FFmpeg", roles["encoder"] / seconds, "CPU s/s"));
            context.Results.Add(ScenarioResult.Figure(scenario, "  of which the VP8 decoder FFmpegs", roles["other children"] / seconds, "CPU s/s"));
            context.Results.Add(ScenarioResult.Figure(scenario, "test sources' own share (participants, no livestream)", sources, "CPU s/s"));
            context.Results.Add(ScenarioResult.Figure(scenario, "LiveServer pipeline (tree − sources)", pipeline, "CPU s/s"));
            context.Results.Add(ScenarioResult.Figure(scenario, "plain FFmpeg (decode+scale+xstack+x264+AAC+HLS)", ffmpeg, "CPU s/s",
                "same clips, -re -stream_loop -1, run right after"));
            context.Results.Add(count == 4
                ? ScenarioResult.AtMost(scenario, "ratio LiveServer/FFmpeg (sources subtracted)", ratio, "×", TargetRatio)
                : ScenarioResult.Figure(scenario, "ratio LiveServer/FFmpeg (sources subtracted)", ratio, "×"));
        }
    }

    /// <summary>CPU seconds per wall second of the server tree over <paramref name="window"/>.</summary>
    public static async Task<double> CpuPerSecondAsync(int root, TimeSpan window, CancellationToken cancellationToken)
    {
        var before = ProcessTree.CpuSeconds(root);
        var watch = Stopwatch.StartNew();
        await Task.Delay(window, cancellationToken);
        return (ProcessTree.CpuSeconds(root) - before) / watch.Elapsed.TotalSeconds;
    }
}
