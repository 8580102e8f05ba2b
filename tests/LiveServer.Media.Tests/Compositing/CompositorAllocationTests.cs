using LiveServer.Domain.Livestreams;
using LiveServer.Media.Audio;
using LiveServer.Media.Compositing;
using LiveServer.Media.Decoding;
using LiveServer.Media.Layout;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Compositing;

/// <summary>
/// The compositor's per-frame work (draw four tiles with pictures, a placeholder, name labels and a
/// speaking border; mix four inputs) allocates nothing.
/// </summary>
public sealed class CompositorAllocationTests
{
    private sealed class StillPicture(DecodedPicture picture) : IPictureSource
    {
        public DecodedPicture? Picture { get; } = picture;
    }

    [Theory]
    [InlineData(Quality.Low)]
    [InlineData(Quality.Med)]
    [InlineData(Quality.High)]
    public void RenderAndMix_SteadyScene_AllocatesNothingPerFrame(Quality quality)
    {
        var format = (LivestreamConfig.Default with { Quality = quality }).ToOutputFormat();
        var compositor = new Compositor(format, audioOnly: false, TimeProvider.System, NullLogger.Instance);
        var tiles = LayoutEngine.Arrange(LivestreamConfig.Default.Layout, format.Width, format.Height, 4);
        var scene = new CompositorScene(
            [
                new SceneTile(tiles[0], new StillPicture(Solid(1280, 720)), "Ada Lovelace", Speaking: true),
                new SceneTile(tiles[1], null, "Grace Hopper"),
                new SceneTile(tiles[2], new StillPicture(new DecodedPicture(640, 360)), "Bartholomew Fitzgerald-Montgomery the Third"),
                new SceneTile(tiles[3], new StillPicture(Solid(640, 480)), "Bob"),
            ],
            ThemePalette.For(Theme.Dark),
            [.. Enumerable.Range(0, 4).Select(_ => new PcmJitterBuffer())]);
        compositor.SetScene(scene);
        var canvas = new I420Image(new byte[I420Image.SizeOf(format.Width, format.Height)], format.Width, format.Height);
        var mixer = new AudioMixer();
        var pcm = new short[3200];
        void Tick()
        {
            foreach (var source in scene.AudioSources)
            {
                source.Write(pcm.AsSpan(0, 3200));
            }

            compositor.Render(canvas);
            mixer.Mix(scene.AudioSources, pcm);
        }

        // Warm up past tiered compilation, then measure many frames: the runtime may allocate a few
        // hundred bytes once (JIT, lock inflation), but any per-frame allocation (24 bytes or more
        // each time) would exceed 8 bytes per frame on average.
        for (var frame = 0; frame < 100; frame++)
        {
            Tick();
        }

        const int frames = 300;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var frame = 0; frame < frames; frame++)
        {
            Tick();
        }

        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)frames;
        Assert.True(perFrame < 8, $"{perFrame:0.0} bytes allocated per frame");
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
