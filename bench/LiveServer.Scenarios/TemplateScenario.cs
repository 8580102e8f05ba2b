using System.Diagnostics;
using LiveServer.Media.TestSources;

namespace LiveServer.Scenarios;

/// <summary>
/// A custom template's cost: 4 test participants (1280x720, 30 fps) in a med livestream with GRID,
/// then with the example template (<c>/templates/example.html</c>, served by the server itself); CPU
/// seconds per stream-second of the server's process tree, Chromium's processes included (they are the
/// server's children), the ratio of the two, Chromium's memory, and the time from start to HLS_PLAYABLE
/// with the template; then the rate at which a CSS animation (<c>/templates/motion.html</c>) shows
/// as motion in the stream.
/// </summary>
public static class TemplateScenario
{
    private const double TargetRatio = 1.5;
    private const double TargetPlayableSeconds = 3;
    private const double TargetMotionFps = 15;

    /// <summary>Runs GRID and the template, then the starts.</summary>
    public static async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(context.Quick ? 15 : 60);
        var (roomId, participants) = await context.CreateRoomAsync(
            ["P1", "P2", "P3", "P4"], TestPattern.Moving, ScenarioContext.Width, ScenarioContext.Height, cancellationToken);
        var template = new Uri(context.Server.Http.BaseAddress!, "/templates/example.html").ToString();
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        var grid = await MeasureAsync(context, roomId, null, duration, cancellationToken);
        var page = await MeasureAsync(context, roomId, template, duration, cancellationToken);
        var ratio = page.Tree / grid.Tree;
        context.Log($"template: GRID {grid.Tree:0.000} CPU s/s, template {page.Tree:0.000} (Chromium {page.Chromium:0.000}, {page.ChromiumRssMb:0} MB), ratio {ratio:0.00}");

        var starts = context.Quick ? 3 : 5;
        var times = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            await using (var states = await context.Server.RecordHlsStatesAsync(roomId, cancellationToken))
            {
                var watch = Stopwatch.StartNew();
                await context.Server.StartHlsAsync(roomId, new { quality = "med" }, cancellationToken, template);
                await states.WaitForAsync("HLS_PLAYABLE", TimeSpan.FromSeconds(30));
                times.Add(watch.Elapsed.TotalSeconds);
            }

            await context.EndAsync(roomId, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        var motion = await MotionAsync(context, roomId, cancellationToken);
        await context.EmptyRoomAsync(roomId, participants.Select(p => p.Id), cancellationToken);
        times.Sort();
        var median = Statistics.Percentile(times, 0.5);

        const string scenario = "template";
        var note = $"4 × 720p, med, {duration.TotalSeconds:0} s";
        context.Results.Add(ScenarioResult.Figure(scenario, "GRID: server tree", grid.Tree, "CPU s/s", note));
        context.Results.Add(ScenarioResult.Figure(scenario, "example template: server tree, Chromium included", page.Tree, "CPU s/s", note));
        context.Results.Add(ScenarioResult.Figure(scenario, "  of which Chromium's processes", page.Chromium, "CPU s/s"));
        context.Results.Add(ScenarioResult.Figure(scenario, "  of which the .NET server process", page.Server, "CPU s/s", $"GRID: {grid.Server:0.000}"));
        context.Results.Add(ScenarioResult.Figure(scenario, "Chromium's memory (RSS of its processes, summed)", page.ChromiumRssMb, "MB"));
        context.Results.Add(ScenarioResult.AtMost(scenario, "ratio template/GRID", ratio, "×", TargetRatio));
        context.Results.Add(ScenarioResult.AtMost(scenario, $"start → HLS_PLAYABLE, median of {starts}", median, "s", TargetPlayableSeconds,
            $"max {times[^1]:0.00} s; Chromium starts with each livestream"));
        context.Results.Add(ScenarioResult.AtLeast(scenario, "CSS animation as motion in the stream (/templates/motion.html)", motion, "fps", TargetMotionFps,
            "frames of 90 decoded in which the bar moved, × 30 / 89; the 4 participants decoded, none in a slot"));
    }

    /// <summary>Starts <c>/templates/motion.html</c>, decodes 3 s of the 720p rendition and answers at how many frames a second the bar moved.</summary>
    private static async Task<double> MotionAsync(ScenarioContext context, string roomId, CancellationToken cancellationToken)
    {
        var template = new Uri(context.Server.Http.BaseAddress!, "/templates/motion.html").ToString();
        var (_, _, playback) = await context.StartPlayableAsync(roomId, new { quality = "med" }, cancellationToken, template);
        await Task.Delay(TimeSpan.FromSeconds(8), cancellationToken);
        var path = Path.Combine(Path.GetTempPath(), $"motion-{Guid.NewGuid():N}.gray");
        try
        {
            await LiveServer.TestKit.ToolProcess.RunAsync(
                "ffmpeg", ["-hide_banner", "-v", "error", "-i", playback.ToString(), "-ss", "3", "-frames:v", "90", "-f", "rawvideo", "-pix_fmt", "gray", "-y", path], cancellationToken);
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            var size = ScenarioContext.Width * ScenarioContext.Height;
            var row = ScenarioContext.Height / 2;
            var lefts = Enumerable.Range(0, bytes.Length / size)
                .Select(f => Enumerable.Range(0, ScenarioContext.Width).FirstOrDefault(x => bytes[(f * size) + (row * ScenarioContext.Width) + x] > 200, -1))
                .ToList();
            var moves = lefts.Zip(lefts.Skip(1)).Count(p => p.First >= 0 && p.Second >= 0 && p.First != p.Second);
            return lefts.Count > 1 ? moves * 30.0 / (lefts.Count - 1) : 0;
        }
        finally
        {
            File.Delete(path);
            await context.EndAsync(roomId, cancellationToken);
        }
    }

    private static async Task<(double Tree, double Server, double Chromium, double ChromiumRssMb)> MeasureAsync(
        ScenarioContext context, string roomId, string? templateUrl, TimeSpan duration, CancellationToken cancellationToken)
    {
        await context.StartPlayableAsync(roomId, new { layout = new { type = "GRID" }, quality = "med" }, cancellationToken, templateUrl);
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var root = context.Server.ProcessId;
        var before = ProcessTree.CpuByProcess(root);
        var watch = Stopwatch.StartNew();
        var tree = await CompositeScenario.CpuPerSecondAsync(root, duration, cancellationToken);
        var after = ProcessTree.CpuByProcess(root);
        var roles = ProcessTree.RoleDelta(before, after);
        var seconds = watch.Elapsed.TotalSeconds;
        var chromiumRss = after.Where(p => p.Value.Role == "chromium").Sum(p => ProcessTree.RssMb(p.Key));
        await context.EndAsync(roomId, cancellationToken);
        return (tree, roles["server"] / seconds, roles["chromium"] / seconds, chromiumRss);
    }
}
