using System.Diagnostics;
using LiveServer.Media.Codecs;
using LiveServer.Media.TestSources;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.TestSources;

/// <summary>The clip cache with the real FFmpeg, on small pictures so that encoding takes a moment.</summary>
public sealed class TestClipStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "liveserver-clips-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task FillAsync_NewSettings_EncodesTheWholeClipWithAKeyframeEverySecondAndCachesIt()
    {
        var settings = Settings("Alice", TestPattern.Moving);
        var store = new TestClipStore(_folder, "ffmpeg", NullLogger.Instance);
        var clip = new TestClip();

        await store.FillAsync(clip, settings, CancellationToken.None);

        Assert.Equal(TestClipStore.FrameCount(settings), clip.Count);
        for (var i = 0; i < clip.Count; i++)
        {
            clip.TryGet(i, out var frame);
            Assert.Equal(i % settings.Fps == 0, Vp8FrameHeader.IsKeyframe(frame));
        }

        Assert.True(File.Exists(store.PathOf(settings)));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public async Task FillAsync_Cached_ReadsTheFileWithoutFfmpeg()
    {
        var settings = Settings("Bob", TestPattern.Moving);
        var first = new TestClip();
        await new TestClipStore(_folder, "ffmpeg", NullLogger.Instance).FillAsync(first, settings, CancellationToken.None);

        var second = new TestClip();
        await new TestClipStore(_folder, "/nonexistent/ffmpeg", NullLogger.Instance).FillAsync(second, settings, CancellationToken.None);

        Assert.Equal(first.Count, second.Count);
        first.TryGet(17, out var expected);
        second.TryGet(17, out var actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void PathOf_AnySettingThatChangesThePicture_AnotherFile()
    {
        var store = new TestClipStore(_folder, "ffmpeg", NullLogger.Instance);
        var alice = Settings("Alice", TestPattern.Moving);

        string[] paths =
        [
            store.PathOf(alice),
            store.PathOf(alice with { Name = "Alicia" }),
            store.PathOf(alice with { Pattern = TestPattern.Counter }),
            store.PathOf(alice with { Pattern = TestPattern.Color, Color = "#102030" }),
            store.PathOf(alice with { Pattern = TestPattern.Color, Color = "#102031" }),
            store.PathOf(alice with { Width = 320 }),
            store.PathOf(alice with { Fps = 15 }),
        ];

        Assert.Equal(paths.Length, paths.Distinct().Count());
        Assert.Equal(paths[0], store.PathOf(alice with { ToneHz = 880 }));
    }

    [Fact]
    public async Task FillAsync_TwoAtOnce_BothWholeAndOneFileLeft()
    {
        var settings = Settings("Carol", TestPattern.Moving);
        var clips = new[] { new TestClip(), new TestClip() };

        await Task.WhenAll(clips.Select(c => Task.Run(
            () => new TestClipStore(_folder, "ffmpeg", NullLogger.Instance).FillAsync(c, settings, CancellationToken.None))));

        Assert.All(clips, c => Assert.Equal(TestClipStore.FrameCount(settings), c.Count));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task FillAsync_Counter_EachFrameShowsItsIndex()
    {
        var settings = Settings("Counter", TestPattern.Counter) with { Width = 320, Height = 180 };
        var store = new TestClipStore(_folder, "ffmpeg", NullLogger.Instance);
        await store.FillAsync(new TestClip(), settings, CancellationToken.None);

        foreach (var index in new[] { 0, 37, 99 })
        {
            var luma = await DecodeLumaAsync(store.PathOf(settings), index, settings.Width * settings.Height);
            Assert.Equal(index, CounterBlocks.Read(luma, settings.Width, settings.Height));
        }
    }

    [Fact]
    public async Task FillAsync_Cancelled_CompletesTheClipAndLeavesNoFile()
    {
        var settings = Settings("Dave", TestPattern.Moving) with { Width = 1280, Height = 720 };
        var store = new TestClipStore(_folder, "ffmpeg", NullLogger.Instance);
        var clip = new TestClip();
        using var cancel = new CancellationTokenSource();

        var fill = store.FillAsync(clip, settings, cancel.Token);
        await cancel.CancelAsync();
        await fill;

        Assert.True(clip.Completed.IsCompleted);
        Assert.False(File.Exists(store.PathOf(settings)));
        Assert.Empty(Directory.Exists(_folder) ? Directory.GetFiles(_folder) : []);
    }

    [Fact]
    public async Task FillAsync_FfmpegMissing_CompletesAnEmptyClip()
    {
        var settings = Settings("Erin", TestPattern.Moving);
        var clip = new TestClip();

        await new TestClipStore(_folder, "/nonexistent/ffmpeg", NullLogger.Instance).FillAsync(clip, settings, CancellationToken.None);

        Assert.True(clip.Completed.IsCompleted);
        Assert.Equal(0, clip.Count);
        Assert.False(clip.TryGet(0, out _));
    }

    private static TestParticipantSettings Settings(string name, TestPattern pattern) =>
        new(name, null, 440, 160, 96, 10, Pattern: pattern);

    private static async Task<byte[]> DecodeLumaAsync(string ivf, int index, int size)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "-hide_banner", "-loglevel", "error", "-i", ivf, "-vf", $"select=eq(n\\,{index})", "-frames:v", "1",
                     "-f", "rawvideo", "-pix_fmt", "gray", "pipe:1",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(output);
        await process.WaitForExitAsync();
        Assert.True(output.Length == size, await errors);
        return output.ToArray();
    }
}
