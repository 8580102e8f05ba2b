using System.Diagnostics;
using LiveServer.Domain.Participants;
using LiveServer.Media.Codecs;
using LiveServer.Media.Decoding;
using LiveServer.Media.Ivf;
using LiveServer.Media.Video;
using LiveServer.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Decoding;

/// <summary>A decoder whose FFmpeg is killed shows no picture (the tile's placeholder) until the next keyframe, then recovers.</summary>
public sealed class VideoDecoderRestartTests
{
    // A size no other test decodes, so the decoder's FFmpeg is found by its scale argument.
    private const int Width = 324;
    private const int Height = 184;
    private static readonly YuvColor Green = YuvColor.FromHex("#30b040");

    [Fact]
    public async Task DecoderKilled_NoPictureUntilKeyframe_ThenRecovers()
    {
        var frames = await Vp8TestClip.EncodeAsync($"color=c=0x30b040:size={Width}x{Height}:rate=30", 60);
        Assert.True(Vp8FrameHeader.IsKeyframe(frames[0].Payload) && Vp8FrameHeader.IsKeyframe(frames[30].Payload));
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        await using var decoder = new VideoDecoder(track, "ffmpeg", TimeSpan.FromSeconds(5), NullLogger.Instance);
        var timestamp = 0L;
        void Publish(IvfFrame frame) => track.Publish(new EncodedFrame(
            MediaCodec.Vp8, Vp8FrameHeader.IsKeyframe(frame.Payload), timestamp += 3000, DateTimeOffset.UtcNow, frame.Payload));

        foreach (var frame in frames.Take(30))
        {
            Publish(frame);
        }

        await WaitUntilAsync(() => Shows(decoder, Green), "the first picture");
        var ffmpeg = Assert.Single(FfmpegProcesses.WithArgument($"scale={Width}:{Height}"));

        Process.GetProcessById(ffmpeg).Kill();

        // Delta frames alone cannot restart it: the picture is gone and stays gone.
        for (var i = 0; i < 20 && decoder.Picture!.DrawInto(Canvas(), Whole, new I420Scaler()); i++)
        {
            Publish(frames[1 + (i % 29)]);
            await Task.Delay(100);
        }

        Assert.False(decoder.Picture!.DrawInto(Canvas(), Whole, new I420Scaler()), "the killed decoder's picture was not cleared");
        foreach (var frame in frames.Skip(1).Take(10))
        {
            Publish(frame);
        }

        await Task.Delay(500);
        Assert.False(decoder.Picture!.DrawInto(Canvas(), Whole, new I420Scaler()), "a picture came back without a keyframe");

        foreach (var frame in frames.Skip(30))
        {
            Publish(frame);
        }

        await WaitUntilAsync(() => Shows(decoder, Green), "the picture after the keyframe");
        var restarted = Assert.Single(FfmpegProcesses.WithArgument($"scale={Width}:{Height}"));
        Assert.NotEqual(ffmpeg, restarted);
    }

    private static readonly PixelRect Whole = new(0, 0, Width, Height);

    private static I420Image Canvas() => new(new byte[I420Image.SizeOf(Width, Height)], Width, Height);

    private static bool Shows(VideoDecoder decoder, YuvColor colour)
    {
        var canvas = Canvas();
        if (decoder.Picture?.DrawInto(canvas, Whole, new I420Scaler()) != true)
        {
            return false;
        }

        var y = canvas.YPlane[(Height / 2 * Width) + (Width / 2)];
        var u = canvas.UPlane[(Height / 4 * (Width / 2)) + (Width / 4)];
        return Math.Abs(y - colour.Y) <= 6 && Math.Abs(u - colour.U) <= 6;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 150 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), $"no {what} within 15 s");
    }
}
