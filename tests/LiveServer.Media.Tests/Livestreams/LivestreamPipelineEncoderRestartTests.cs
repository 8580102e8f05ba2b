using System.Diagnostics;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Encoding;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Livestreams;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Livestreams;

/// <summary>The pipeline replaces an encoder FFmpeg that dies, on the same clock, until its restart budget is spent.</summary>
public sealed class LivestreamPipelineEncoderRestartTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "liveserver-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task EncoderKilled_RestartedWithDiscontinuityAndHigherNumbers_ClockGoesOn_GivesUpBeyondLimit()
    {
        Directory.CreateDirectory(_folder);
        var config = LivestreamConfigParser.Parse(new LivestreamConfigInput(Quality: "low")).Config!;
        var settings = new PipelineSettings("ffmpeg", "ultrafast", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)) { EncoderRestartLimit = 1 };
        await using var pipeline = LivestreamPipeline.Start(new Room("r", DateTimeOffset.UtcNow), config, _folder, settings, TimeProvider.System, NullLogger.Instance);
        using var cancel = new CancellationTokenSource(Timeout);
        var first = await pipeline.Segments.ReadAsync(cancel.Token);
        Assert.False(first.Discontinuity);
        var ticks = pipeline.Compositor.Ticks;

        var killed = pipeline.EncoderProcessId;
        Process.GetProcessById(killed).Kill();
        var seen = new List<SegmentListEntry> { first };
        SegmentListEntry restarted;
        do
        {
            restarted = await pipeline.Segments.ReadAsync(cancel.Token);
            seen.Add(restarted);
        }
        while (!restarted.Discontinuity);

        Assert.True(restarted.Number > seen.SkipLast(1).Max(s => s.Number));
        Assert.Single(seen, s => s.Discontinuity);
        Assert.Equal(1, pipeline.EncoderRestarts);
        Assert.NotEqual(killed, pipeline.EncoderProcessId);
        Assert.True(pipeline.Compositor.Ticks > ticks + 30, "the compositor clock stopped");
        Assert.False(pipeline.EncoderExited.IsCompleted);
        var next = await pipeline.Segments.ReadAsync(cancel.Token);
        Assert.False(next.Discontinuity);
        Assert.Equal(restarted.Number + 1, next.Number);

        Process.GetProcessById(pipeline.EncoderProcessId).Kill();
        while (await pipeline.Segments.WaitToReadAsync(cancel.Token))
        {
            pipeline.Segments.TryRead(out _);
        }

        var exit = await pipeline.EncoderExited.WaitAsync(Timeout);
        Assert.False(exit.StoppedByUs);
        Assert.NotEqual(0, exit.ExitCode);
        Assert.Equal(1, pipeline.EncoderRestarts);
    }

    [Theory]
    [InlineData("av_interleaved_write_frame(): No space left on device", true)]
    [InlineData("[segment @ 0x1] Failed to open segment 'x/seg_00003.ts': Permission denied", true)]
    [InlineData("Error opening output file: Read-only file system", true)]
    [InlineData("Conversion failed!", false)]
    public void OutputFault_LastErrorLines_OnlyOutputWriteFailures(string line, bool isOutputFault)
    {
        var exit = new FfmpegExit(1, false, ["something before", line]);

        Assert.Equal(isOutputFault ? line : null, LivestreamPipeline.OutputFault(exit));
    }

    [Fact]
    public void SegmentListEntry_Number_FromFileName()
    {
        Assert.True(SegmentListEntry.TryParse("seg_01234.ts,1.0,2.0", out var entry));

        Assert.Equal(1234, entry.Number);
        Assert.False(entry.Discontinuity);
        Assert.True((entry with { Discontinuity = true }).Discontinuity);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
