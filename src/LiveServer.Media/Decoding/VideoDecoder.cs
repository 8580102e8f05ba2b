using LiveServer.Media.Codecs;
using LiveServer.Domain.Participants;
using LiveServer.Media.Compositing;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Ivf;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Decoding;

/// <summary>
/// Decodes one participant's video track with an FFmpeg child: encoded frames in on stdin (IVF for
/// VP8, Annex B for H.264), raw I420 out on stdout into a <see cref="DecodedPicture"/>. It starts at a
/// keyframe (asking the source for one), keeps the first keyframe's size for its whole life, and when
/// FFmpeg dies it clears the picture and starts again at the next keyframe. While it runs it asks for
/// a keyframe every <see cref="KeyframeRequestInterval"/>, so that a picture broken by unrepaired loss
/// heals within that time even when the source only sends keyframes on request (browsers).
/// </summary>
public sealed class VideoDecoder : IPictureSource, IAsyncDisposable
{
    private readonly ParticipantTrack _track;
    private readonly string _ffmpegPath;
    private readonly TimeSpan _stopTimeout;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Task _keyframeRequests;
    private volatile DecodedPicture? _picture;

    /// <summary>How often a running decoder asks its source for a keyframe.</summary>
    public static readonly TimeSpan KeyframeRequestInterval = TimeSpan.FromSeconds(2);

    /// <summary>Starts decoding <paramref name="track"/>.</summary>
    public VideoDecoder(ParticipantTrack track, string ffmpegPath, TimeSpan stopTimeout, ILogger logger)
    {
        _track = track;
        _ffmpegPath = ffmpegPath;
        _stopTimeout = stopTimeout;
        _logger = logger;
        _loop = Task.Run(() => RunAsync(_stop.Token));
        _keyframeRequests = Task.Run(() => RequestKeyframesAsync(_stop.Token));
    }

    /// <inheritdoc />
    public DecodedPicture? Picture => _picture;


    /// <summary>Stops the decoder and its FFmpeg child.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loop, _keyframeRequests).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RequestKeyframesAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(KeyframeRequestInterval);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                _track.RequestKeyframe();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var subscription = _track.Subscribe(capacity: 120);
        var reader = subscription.Reader;
        var drops = new DropReport(subscription, "video", _logger);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                _track.RequestKeyframe();
                var keyframe = await WaitForKeyframeAsync(reader, cancellationToken).ConfigureAwait(false);
                if (keyframe is null)
                {
                    return;
                }

                await DecodeUntilFailureAsync(keyframe, reader, drops, cancellationToken).ConfigureAwait(false);
                _picture?.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            drops.Finish();
        }
    }

    private static async Task<EncodedFrame?> WaitForKeyframeAsync(
        System.Threading.Channels.ChannelReader<EncodedFrame> reader, CancellationToken cancellationToken)
    {
        await foreach (var frame in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (frame.IsKeyframe && SizeOf(frame) is { Width: > 0 })
            {
                return frame;
            }
        }

        return null;
    }

    private async Task DecodeUntilFailureAsync(
        EncodedFrame keyframe,
        System.Threading.Channels.ChannelReader<EncodedFrame> reader,
        DropReport drops,
        CancellationToken cancellationToken)
    {
        var size = SizeOf(keyframe);
        var picture = _picture ??= new DecodedPicture(size.Width & ~1, size.Height & ~1);
        var inputFormat = keyframe.Codec == MediaCodec.H264 ? "h264" : "ivf";
        var arguments = VideoDecoderArguments.Build(inputFormat, picture.Width, picture.Height);
        await using var ffmpeg = FfmpegProcess.Start(_ffmpegPath, arguments, "decoder", _logger, stdinIsInput: true);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = Task.Run(
            async () =>
            {
                await ReadPicturesAsync(ffmpeg.StandardOutput, picture, failed.Token).ConfigureAwait(false);
                await failed.CancelAsync().ConfigureAwait(false);
            },
            CancellationToken.None);
        try
        {
            var ivf = new IvfWriter(ffmpeg.StandardInput);
            if (inputFormat == "ivf")
            {
                await ivf.WriteHeaderAsync(new IvfFileHeader("VP80", size.Width, size.Height, 90_000, 1), failed.Token)
                    .ConfigureAwait(false);
            }

            for (var frame = keyframe; frame is not null; frame = await NextAsync(reader, output, failed.Token).ConfigureAwait(false))
            {
                drops.Check();
                if (inputFormat == "ivf")
                {
                    await ivf.WriteFrameAsync(frame.Timestamp, frame.Payload, failed.Token).ConfigureAwait(false);
                }
                else
                {
                    await ffmpeg.StandardInput.WriteAsync(frame.Payload, failed.Token).ConfigureAwait(false);
                    await ffmpeg.StandardInput.FlushAsync(failed.Token).ConfigureAwait(false);
                }
            }
        }
        catch (IOException)
        {
            // FFmpeg's stdin closed: it died. Reported below.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The output side ended first.
        }

        await failed.CancelAsync().ConfigureAwait(false);
        var exit = await ffmpeg.StopAsync(_stopTimeout, CancellationToken.None).ConfigureAwait(false);
        await output.ConfigureAwait(false);
        if (!cancellationToken.IsCancellationRequested && !exit.StoppedByUs)
        {
            _logger.LogWarning("Video decoder failed, restarting at the next keyframe: {Reason}", exit.Describe("decoder"));
        }
    }

    private static async Task<EncodedFrame?> NextAsync(
        System.Threading.Channels.ChannelReader<EncodedFrame> reader, Task output, CancellationToken cancellationToken)
    {
        if (output.IsCompleted)
        {
            return null;
        }

        return await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && reader.TryRead(out var frame)
            ? frame
            : null;
    }

    private static async Task ReadPicturesAsync(Stream stdout, DecodedPicture picture, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var buffer = picture.BackBuffer;
                var read = await stdout.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)
                    .ConfigureAwait(false);
                if (read < buffer.Length)
                {
                    return;
                }

                picture.Publish();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    private static (int Width, int Height) SizeOf(EncodedFrame frame)
    {
        if (frame.Width > 0 && frame.Height > 0)
        {
            return (frame.Width, frame.Height);
        }

        var found = frame.Codec switch
        {
            MediaCodec.Vp8 => Vp8FrameHeader.TryReadSize(frame.Payload.Span, out var w, out var h) ? (w, h) : (0, 0),
            MediaCodec.H264 => H264SequenceParameterSet.TryReadSize(frame.Payload.Span, out var w, out var h) ? (w, h) : (0, 0),
            _ => (0, 0),
        };
        return found;
    }
}
