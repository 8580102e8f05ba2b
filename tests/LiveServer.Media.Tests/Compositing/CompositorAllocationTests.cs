using LiveServer.Domain.Livestreams;
using LiveServer.Media.Audio;
using LiveServer.Media.Compositing;
using LiveServer.Media.Decoding;
using LiveServer.Media.Layout;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Compositing;

/// <summary>The compositor's per-frame work (draw four tiles, mix four inputs) allocates nothing.</summary>
public sealed class CompositorAllocationTests
{
    private sealed class StillPicture(DecodedPicture picture) : IPictureSource
    {
        public DecodedPicture? Picture { get; } = picture;
    }

    [Fact]
    public void RenderAndMix_SteadyScene_AllocatesNothingPerFrame()
    {
        var format = LivestreamConfig.Default.ToOutputFormat();
        var compositor = new Compositor(format, audioOnly: false, TimeProvider.System, NullLogger.Instance);
        var tiles = LayoutEngine.Arrange(LivestreamConfig.Default.Layout, format.Width, format.Height, 4);
        var scene = new CompositorScene(
            [.. tiles.Select(tile => new SceneTile(tile, new StillPicture(Solid(1280, 720)), "Name"))],
            ThemePalette.For(Theme.Dark),
            [.. Enumerable.Range(0, 4).Select(_ => new PcmJitterBuffer())]);
        compositor.SetScene(scene);
        var canvas = new I420Image(new byte[I420Image.SizeOf(format.Width, format.Height)], format.Width, format.Height);
        var mixer = new AudioMixer();
        var pcm = new short[3200];
        compositor.Render(canvas);
        mixer.Mix(scene.AudioSources, pcm);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var frame = 0; frame < 30; frame++)
        {
            foreach (var source in scene.AudioSources)
            {
                source.Write(pcm.AsSpan(0, 3200));
            }

            compositor.Render(canvas);
            mixer.Mix(scene.AudioSources, pcm);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static DecodedPicture Solid(int width, int height)
    {
        var picture = new DecodedPicture(width, height);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(picture.BackBuffer, out var back));
        new I420Image(back.Array!, width, height).Fill(YuvColor.FromRgb(200, 40, 40));
        picture.Publish();
        return picture;
    }
}
