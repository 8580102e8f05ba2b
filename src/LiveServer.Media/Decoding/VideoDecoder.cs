using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;
using LiveServer.Media.Codecs;
using LiveServer.Media.Compositing;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Ivf;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Decoding;

/// <summary>
/// Decodes one participant's video track with an FFmpeg child: encoded frames in on stdin (IVF for
/// VP8, Annex B for H.264), raw I420 out on stdout into a <see cref="DecodedPicture"/>. It starts at a
/// keyframe (asking the source for one) and when FFmpeg dies it clears the picture and starts again at
/// the next keyframe. While it runs it asks for a keyframe every <see cref="KeyframeRequestInterval"/>,
/// so that a picture broken by unrepaired loss heals within that time even when the source only sends
/// keyframes on request (browsers).
/// </summary>
/// <remarks>
/// FFmpeg scales to the size the picture is drawn at (<see cref="PreferSize(int, int, TileFit)"/>: fitted
/// inside the tile for contain, covering it for cover, the source's aspect kept, never above the
/// source's size): that moves a quarter of the bytes through the pipe for a 2x2 grid and leaves the
/// compositor a plain copy (of the crop, for cover). When the tile's size or the source's changes, a new
/// FFmpeg starts at the next keyframe at the new size, and the old picture stays on screen until the
/// new one has its first frame.
/// </remarks>
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
    private PreferredBox _preferred = PreferredBox.None;

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

    /// <inheritdoc />
    /// <remarks>Without a fit the box is contained: the picture fits inside it whole.</remarks>
    public void PreferSize(int width, int height) => PreferSize(width, height, TileFit.Contain);

    /// <inheritdoc />
    public void PreferSize(int width, int height, TileFit fit)
    {
        var box = new PreferredBox(width, height, fit);
        if (Interlocked.Exchange(ref _preferred, box) != box && _picture is { } picture
            && NeedsResize(picture, picture.SourceWidth, picture.SourceHeight))
        {
            // Resizing waits for a keyframe; ask for one rather than wait for the periodic request.
            _track.RequestKeyframe();
        }
    }

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
            EncodedFrame? resizeAt = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                var keyframe = resizeAt;
                if (keyframe is null)
                {
                    _track.RequestKeyframe();
                    keyframe = await WaitForKeyframeAsync(reader, cancellationToken).ConfigureAwait(false);
                    if (keyframe is null)
                    {
                        return;
                    }
                }

                resizeAt = await DecodeUntilFailureAsync(keyframe, reader, drops, cancellationToken).ConfigureAwait(false);
                if (resizeAt is null)
                {
                    _picture?.Clear();
                }
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

    /// <summary>Runs one FFmpeg from <paramref name="keyframe"/>; returns the keyframe to resize at, or null when FFmpeg ended.</summary>
    private async Task<EncodedFrame?> DecodeUntilFailureAsync(
        EncodedFrame keyframe,
        System.Threading.Channels.ChannelReader<EncodedFrame> reader,
        DropReport drops,
        CancellationToken cancellationToken)
    {
        var size = SizeOf(keyframe);
        var current = _picture;
        var picture = current is not null && current.SourceWidth == size.Width && current.SourceHeight == size.Height
            && !NeedsResize(current, size.Width, size.Height)
            ? current
            : NewPicture(size.Width, size.Height);
        EncodedFrame? resizeAt = null;
        var inputFormat = keyframe.Codec == MediaCodec.H264 ? "h264" : "ivf";
        var arguments = VideoDecoderArguments.Build(inputFormat, picture.Width, picture.Height);
        await using var ffmpeg = FfmpegProcess.Start(_ffmpegPath, arguments, "decoder", _logger, stdinIsInput: true);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The reader is not tied to the stop: it drains FFmpeg's output until FFmpeg exits, since a
        // frame FFmpeg cannot write would keep it from exiting until the stop timeout kills it.
        using var stopReading = new CancellationTokenSource();
        var output = Task.Run(
            async () =>
            {
                await ReadPicturesAsync(ffmpeg.StandardOutput, picture, p => _picture = p, stopReading.Token).ConfigureAwait(false);
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
                if (!ReferenceEquals(frame, keyframe) && frame.IsKeyframe && SizeOf(frame) is { Width: > 0 } next
                    && (next.Width != picture.SourceWidth || next.Height != picture.SourceHeight || NeedsResize(picture, next.Width, next.Height)))
                {
                    resizeAt = frame;
                    break;
                }

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

        var exit = await ffmpeg.StopAsync(_stopTimeout, CancellationToken.None).ConfigureAwait(false);
        await stopReading.CancelAsync().ConfigureAwait(false);
        await output.ConfigureAwait(false);
        if (!cancellationToken.IsCancellationRequested && !exit.StoppedByUs)
        {
            _logger.LogWarning("Video decoder failed, restarting at the next keyframe: {Reason}", exit.Describe("decoder"));
        }

        return cancellationToken.IsCancellationRequested ? null : resizeAt;
    }

    /// <summary>
    /// A picture for a source of this size, at the preferred box's size: fitted inside it (contain) or
    /// covering it (cover), never larger than the source.
    /// </summary>
    private DecodedPicture NewPicture(int sourceWidth, int sourceHeight)
    {
        var (width, height) = OutputSize(sourceWidth, sourceHeight);
        return new DecodedPicture(width, height, sourceWidth, sourceHeight);
    }

    private (int Width, int Height) OutputSize(int sourceWidth, int sourceHeight)
    {
        var preferred = Volatile.Read(ref _preferred);
        var box = new PixelRect(0, 0, preferred.Width, preferred.Height);
        var (width, height) = preferred.Fit == TileFit.Cover ? box.CoverSize(sourceWidth, sourceHeight) : FittedSize(box, sourceWidth, sourceHeight);
        return width <= 0 || height <= 0 || width >= sourceWidth || height >= sourceHeight || width < 16 || height < 16
            ? (sourceWidth & ~1, sourceHeight & ~1)
            : (width, height);
    }

    private static (int Width, int Height) FittedSize(PixelRect box, int sourceWidth, int sourceHeight)
    {
        var fitted = box.Fit(sourceWidth, sourceHeight);
        return (fitted.Width, fitted.Height);
    }

    // Small differences are left to the compositor's scaler: a restart costs a keyframe's wait.
    private bool NeedsResize(DecodedPicture picture, int sourceWidth, int sourceHeight)
    {
        var (width, height) = OutputSize(sourceWidth, sourceHeight);
        return Math.Abs(width - picture.Width) > picture.Width / 16 || Math.Abs(height - picture.Height) > picture.Height / 16;
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

    private static async Task ReadPicturesAsync(
        Stream stdout, DecodedPicture picture, Action<DecodedPicture> shown, CancellationToken cancellationToken)
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
                if (picture.Count == 1)
                {
                    shown(picture);
                }
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

    /// <summary>The box the picture is drawn into and how it fills it; no box: the source's size.</summary>
    private sealed record PreferredBox(int Width, int Height, TileFit Fit)
    {
        public static readonly PreferredBox None = new(0, 0, TileFit.Contain);
    }
}
