using System.Diagnostics;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;
using LiveServer.Media.Codecs;
using LiveServer.Media.Decoding;
using LiveServer.Media.Ivf;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Tests.Decoding;

/// <summary>
/// The decoder's FFmpeg scales to the size the tile asks for (fitted inside it or covering it, the
/// source's aspect kept, never above the source's size),
/// switching at a keyframe while the old picture stays on screen.
/// </summary>
public sealed class VideoDecoderResizeTests
{
    private const int SourceWidth = 1280;
    private const int SourceHeight = 720;

    [Fact]
    public async Task PreferSize_SwitchesAtTheNextKeyframe_FitsOrCoversTheBox_NeverUpscales_PictureNeverGone()
    {
        var frames = await Vp8TestClip.EncodeAsync($"testsrc2=size={SourceWidth}x{SourceHeight}:rate=30", 120);
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        var log = new RecordingLogger(LogLevel.Warning);
        await using var decoder = new VideoDecoder(track, "ffmpeg", TimeSpan.FromSeconds(5), log);
        var timestamp = 0L;
        var gone = 0;

        async Task PublishAsync(IEnumerable<IvfFrame> batch)
        {
            foreach (var frame in batch)
            {
                track.Publish(new EncodedFrame(
                    MediaCodec.Vp8, Vp8FrameHeader.IsKeyframe(frame.Payload), timestamp += 3000, DateTimeOffset.UtcNow, frame.Payload));
                await Task.Delay(10);
                gone += decoder.Picture is { Count: > 0 } ? 0 : 1;
            }
        }

        // No size asked for yet: the source's own.
        await PublishAsync(frames.Take(30));
        await WaitForSizeAsync(decoder, SourceWidth, SourceHeight);
        gone = 0;

        // A tile of 16:10: the picture fits its width.
        decoder.PreferSize(800, 500);
        await PublishAsync(frames.Skip(30).Take(30));
        await WaitForSizeAsync(decoder, 800, 450);

        // A box larger than the source: the source's size, the compositor scales up.
        decoder.PreferSize(2560, 1440);
        await PublishAsync(frames.Skip(60).Take(30));
        await WaitForSizeAsync(decoder, SourceWidth, SourceHeight);

        // A square tile that the picture covers: the 16:9 size whose centre crop is the tile.
        decoder.PreferSize(200, 200, TileFit.Cover);
        await PublishAsync(frames.Skip(90));
        await WaitForSizeAsync(decoder, 356, 200);

        Assert.Equal(0, gone);

        // Each old FFmpeg ended on its own when its input closed: none had to be killed.
        Assert.Empty(log.AtLeast(LogLevel.Warning));
    }

    private static async Task WaitForSizeAsync(VideoDecoder decoder, int width, int height)
    {
        for (var i = 0; i < 100 && !(decoder.Picture is { Count: > 0 } p && p.Width == width && p.Height == height); i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal((width, height), (decoder.Picture?.Width, decoder.Picture?.Height));
    }
}
