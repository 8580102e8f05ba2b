using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;
using LiveServer.Media.Decoding;
using LiveServer.Media.Ivf;
using LiveServer.Media.Tests.TestKit;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Media.Tests.Decoding;

/// <summary>The decoder with the real FFmpeg: encoded frames of a known solid colour in, that colour out.</summary>
public sealed class VideoDecoderTests
{
    private static readonly YuvColor Blue = YuvColor.FromHex("#2060c0");

    [Fact]
    public async Task Vp8Track_SolidColour_DecodesToThatColourAtTheKeyframeSize()
    {
        var ivf = await EncodeAsync(["-c:v", "libvpx", "-deadline", "realtime", "-f", "ivf"]);
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        var reader = new IvfReader(new MemoryStream(ivf));
        await reader.ReadHeaderAsync(CancellationToken.None);
        var frames = new List<IvfFrame>();
        while (await reader.ReadFrameAsync(CancellationToken.None) is { } frame)
        {
            frames.Add(frame);
        }

        await using var decoder = new VideoDecoder(track, "ffmpeg", TimeSpan.FromSeconds(5), NullLogger.Instance);
        foreach (var frame in frames)
        {
            track.Publish(new EncodedFrame(MediaCodec.Vp8, LiveServer.Media.Codecs.Vp8FrameHeader.IsKeyframe(frame.Payload), frame.Timestamp * 3000, DateTimeOffset.UtcNow, frame.Payload));
        }

        await AssertDecodesToBlueAsync(decoder);
    }

    [Fact]
    public async Task H264Track_SolidColour_DecodesToThatColourAtTheSpsSize()
    {
        var stream = await EncodeAsync(["-c:v", "libx264", "-profile:v", "baseline", "-x264-params", "aud=1", "-bsf:v", "h264_mp4toannexb", "-f", "h264"]);
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.H264);
        await using var decoder = new VideoDecoder(track, "ffmpeg", TimeSpan.FromSeconds(5), NullLogger.Instance);
        var units = SplitAtAccessUnitDelimiters(stream);
        Assert.True(units.Count >= 10);
        for (var i = 0; i < units.Count; i++)
        {
            track.Publish(new EncodedFrame(MediaCodec.H264, i == 0, i * 3000, DateTimeOffset.UtcNow, units[i]));
        }

        await AssertDecodesToBlueAsync(decoder);
    }

    [Fact]
    public async Task Vp8Track720p_DecoderStarts_FirstPictureWithoutRateProbingWarnings()
    {
        // A test participant's picture: 1280x720 testsrc2, a keyframe and then frames at 30/s.
        var frames = await Vp8TestClip.EncodeAsync("testsrc2=size=1280x720:rate=30", 15);
        var track = new ParticipantTrack(TrackKind.Video, MediaCodec.Vp8);
        var log = new RecordingLogger();
        await using var decoder = new VideoDecoder(track, "ffmpeg", TimeSpan.FromSeconds(5), log);
        decoder.PreferSize(628, 348, TileFit.Cover);
        for (var i = 0; i < frames.Count; i++)
        {
            track.Publish(new EncodedFrame(
                MediaCodec.Vp8, LiveServer.Media.Codecs.Vp8FrameHeader.IsKeyframe(frames[i].Payload), i * 3000L, DateTimeOffset.UtcNow, frames[i].Payload));
            await Task.Delay(33);
        }

        for (var i = 0; i < 100 && (decoder.Picture?.Count ?? 0) == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(decoder.Picture is { Count: > 0 }, "no picture from the first keyframe");
        Assert.Empty(log.AtLeast(LogLevel.Warning));

        // FFmpeg's stderr (Debug) holds no probing complaint, so a failure's last lines are its own.
        Assert.DoesNotContain(log.AtLeast(LogLevel.Debug), line => line.Contains("estimate rate", StringComparison.Ordinal));
    }

    private static async Task AssertDecodesToBlueAsync(VideoDecoder decoder)
    {
        for (var i = 0; i < 100 && (decoder.Picture?.Count ?? 0) == 0; i++)
        {
            await Task.Delay(100);
        }

        var picture = decoder.Picture;
        Assert.NotNull(picture);
        Assert.True(picture.Count > 0, "no picture decoded");
        Assert.Equal((320, 180), (picture.Width, picture.Height));
        var canvas = new I420Image(new byte[I420Image.SizeOf(320, 180)], 320, 180);
        Assert.True(picture.DrawInto(canvas, new PixelRect(0, 0, 320, 180), new I420Scaler()));
        var y = canvas.YPlane[(90 * 320) + 160];
        var u = canvas.UPlane[(45 * 160) + 80];
        var v = canvas.VPlane[(45 * 160) + 80];
        Assert.InRange(y, Blue.Y - 6, Blue.Y + 6);
        Assert.InRange(u, Blue.U - 6, Blue.U + 6);
        Assert.InRange(v, Blue.V - 6, Blue.V + 6);
    }

    private static Task<byte[]> EncodeAsync(IReadOnlyList<string> codec) =>
        Vp8TestClip.FfmpegOutputAsync(["-v", "error", "-f", "lavfi", "-i", "color=c=0x2060c0:size=320x180:rate=30", "-frames:v", "12", "-g", "30", .. codec, "pipe:1"]);

    /// <summary>Cuts an Annex B stream before each access unit delimiter (NAL type 9).</summary>
    private static List<byte[]> SplitAtAccessUnitDelimiters(byte[] stream)
    {
        var starts = new List<int>();
        for (var i = 0; i + 4 < stream.Length; i++)
        {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 0 && stream[i + 3] == 1 && (stream[i + 4] & 0x1f) == 9)
            {
                starts.Add(i);
            }
        }

        return [.. starts.Select((start, n) => stream[start..(n + 1 < starts.Count ? starts[n + 1] : stream.Length)])];
    }
}
