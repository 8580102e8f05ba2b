using System.Diagnostics;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Encoding;
using LiveServer.Media.Livestreams;
using LiveServer.Media.Tests.TestKit;
using Xunit.Abstractions;

namespace LiveServer.Media.Tests.Livestreams;

/// <summary>
/// The pipeline replaces an encoder FFmpeg that dies, on the same clock: the new encoder's first
/// fragment of every rendition is marked as a discontinuity and stamped from the tick it read
/// first; beyond the restart limit the fragments end and the exit is a failure.
/// </summary>
public sealed class LivestreamPipelineEncoderRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task EncoderKilled_RestartedWithDiscontinuityOnTheSameClock_GivesUpBeyondTheLimit()
    {
        await using var pipeline = PipelineRuns.Start(Quality.Low);
        using var cancel = new CancellationTokenSource(Timeout);
        var renditions = Enumerable.Range(0, pipeline.Ladder.Count).ToList();
        var before = await PipelineRuns.ReadUntilAsync(pipeline, seen => renditions.All(r => seen.Count(f => f.Rendition == r) >= 3), cancel.Token);
        Assert.DoesNotContain(before, f => f.Discontinuity);
        AssertOnTheClocksTicks(pipeline, before);

        var killed = pipeline.EncoderProcessId;
        Process.GetProcessById(killed).Kill();
        var after = await PipelineRuns.ReadUntilAsync(pipeline, seen => renditions.All(r => seen.Any(f => f.Rendition == r && f.Discontinuity)), cancel.Token);
        var ticksComposed = pipeline.Compositor.Ticks;
        var clockStart = pipeline.Compositor.TimeOfTick(0)!.Value;

        foreach (var rendition in renditions)
        {
            var old = before.Concat(after).Where(f => f.Rendition == rendition).TakeWhile(f => !f.Discontinuity).ToList();
            var restarted = after.First(f => f.Rendition == rendition && f.Discontinuity);
            Assert.All(old, f => Assert.Same(old[0].Init, f.Init));
            Assert.NotSame(old[0].Init, restarted.Init);
            Assert.Equal((0ul, true), (restarted.Fragment.Start, restarted.Fragment.Independent));

            // The new encoder reads ticks the old one never wrote out: its first part starts after the old one's last.
            var oldEnd = old[^1].ProgramDateTime + old[^1].Fragment.DurationTime;
            Assert.True(restarted.ProgramDateTime >= oldEnd - TimeSpan.FromMilliseconds(1), $"{restarted.ProgramDateTime:O} is before {oldEnd:O}");
            Assert.True(restarted.ProgramDateTime <= pipeline.Compositor.TimeOfTick(ticksComposed), "stamped with a tick not composed yet");
            output.WriteLine(
                $"{pipeline.Ladder[rendition].Name}: {old.Count} parts of the first encoder up to {oldEnd - clockStart}, "
                + $"the restarted one's first at {restarted.ProgramDateTime - clockStart}, {ticksComposed} ticks composed");
        }

        AssertOnTheClocksTicks(pipeline, after);
        Assert.Equal(1, pipeline.EncoderRestarts);
        Assert.NotEqual(killed, pipeline.EncoderProcessId);
        Assert.False(pipeline.EncoderExited.IsCompleted);
        var next = await PipelineRuns.ReadUntilAsync(pipeline, seen => renditions.All(r => seen.Any(f => f.Rendition == r)), cancel.Token);
        Assert.DoesNotContain(next, f => f.Discontinuity);

        Process.GetProcessById(pipeline.EncoderProcessId).Kill();
        await foreach (var fragment in pipeline.Fragments.ReadAllAsync(cancel.Token))
        {
            Assert.False(fragment.Discontinuity, "restarted beyond the limit");
        }

        var exit = await pipeline.EncoderExited.WaitAsync(cancel.Token);
        Assert.False(exit.StoppedByUs);
        Assert.NotEqual(0, exit.ExitCode);
        Assert.Equal(1, pipeline.EncoderRestarts);
    }

    /// <summary>Every program date time is the clock's start plus a whole number of ticks (the encoder's first tick plus the part's start).</summary>
    private static void AssertOnTheClocksTicks(LivestreamPipeline pipeline, IEnumerable<RenditionFragment> fragments)
    {
        var start = pipeline.Compositor.TimeOfTick(0)!.Value;
        foreach (var fragment in fragments)
        {
            var ticks = (fragment.ProgramDateTime - start).TotalSeconds * pipeline.Compositor.TickRate;
            Assert.True(Math.Abs(ticks - Math.Round(ticks)) < 0.01, $"{fragment.ProgramDateTime:O} is {ticks} ticks after the clock's start");
        }
    }
}
