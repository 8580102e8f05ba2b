using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Ffmpeg;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Encoding;

/// <summary>
/// A livestream's encoder: an FFmpeg child reading raw I420 video on stdin and s16le PCM from a
/// loopback TCP connection (FFmpeg connects to a listener that only this process opened), writing
/// H.264/AAC MPEG-TS segments into the livestream's folder and announcing each finished segment on
/// stdout. Writers take their input from an <see cref="EncoderFeed"/>; when the feed completes they
/// close FFmpeg's inputs, FFmpeg finishes the last segment and exits. When FFmpeg dies, the writers
/// keep returning the feed's buffers (so the compositor clock goes on) until the encoder is retired
/// with <see cref="RetireAsync"/>, which leaves the feed open for a successor.
/// </summary>
public sealed class LivestreamEncoder : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private readonly FfmpegProcess _ffmpeg;
    private readonly TcpListener _audioListener;
    private readonly EncoderFeed _feed;
    private readonly ILogger _logger;
    // FFmpeg announces one segment per segment duration; the pipeline forwards each at once.
    private readonly Channel<SegmentListEntry> _segments = Channel.CreateBounded<SegmentListEntry>(
        new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _retired = new();
    private readonly Task _writers;

    private LivestreamEncoder(FfmpegProcess ffmpeg, TcpListener audioListener, EncoderFeed feed, bool audioOnly, ILogger logger)
    {
        _ffmpeg = ffmpeg;
        _audioListener = audioListener;
        _feed = feed;
        _logger = logger;
        var video = audioOnly ? Task.CompletedTask : Task.Run(WriteVideoAsync);
        _writers = Task.WhenAll(video, Task.Run(WriteAudioAsync), Task.Run(ReadSegmentListAsync));
    }

    /// <summary>Segments as FFmpeg finishes them; completes when FFmpeg's output ends.</summary>
    public ChannelReader<SegmentListEntry> Segments => _segments.Reader;

    /// <summary>Completes when FFmpeg exits, for whatever reason.</summary>
    public Task<FfmpegExit> Exited => _ffmpeg.Exited;

    /// <summary>The FFmpeg child's process id.</summary>
    public int ProcessId => _ffmpeg.ProcessId;

    /// <summary>Starts FFmpeg for the given output.</summary>
    public static LivestreamEncoder Start(
        string ffmpegPath,
        OutputFormat format,
        bool audioOnly,
        TimeSpan segmentDuration,
        string preset,
        string folder,
        EncoderFeed feed,
        ILogger logger,
        int firstSegmentNumber = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(backlog: 1);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var arguments = EncoderArguments.Build(format, audioOnly, port, segmentDuration, preset, folder, firstSegmentNumber);
        var ffmpeg = FfmpegProcess.Start(ffmpegPath, arguments, "encoder", logger, stdinIsInput: !audioOnly);
        return new LivestreamEncoder(ffmpeg, listener, feed, audioOnly, logger);
    }

    /// <summary>
    /// Finishes: the feed must be complete. Waits for FFmpeg to write the last segment and exit, or
    /// kills it after <paramref name="timeout"/>.
    /// </summary>
    public async Task<FfmpegExit> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _feed.Complete();
        try
        {
            await _writers.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Encoder inputs did not drain within {Timeout}", timeout);
        }

        return await _ffmpeg.StopAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends this encoder without ending the feed (FFmpeg died and a successor takes the feed over):
    /// kills FFmpeg if it still runs, stops the writers, and leaves queued input for the successor.
    /// </summary>
    public async Task RetireAsync()
    {
        await _retired.CancelAsync().ConfigureAwait(false);
        await _ffmpeg.DisposeAsync().ConfigureAwait(false);
        _audioListener.Stop();
        await _writers.ConfigureAwait(false);
        _audioListener.Dispose();
        _retired.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _feed.Complete();
        await _ffmpeg.DisposeAsync().ConfigureAwait(false);
        _audioListener.Stop();
        await _writers.ConfigureAwait(false);
        _audioListener.Dispose();
        _retired.Dispose();
    }

    private async Task WriteVideoAsync()
    {
        var stdin = _ffmpeg.StandardInput;
        try
        {
            await foreach (var frame in _feed.Video.ReadAllAsync(_retired.Token).ConfigureAwait(false))
            {
                try
                {
                    await stdin.WriteAsync(frame).ConfigureAwait(false);
                }
                finally
                {
                    _feed.ReturnVideo(frame);
                }
            }

            stdin.Close();
        }
        catch (OperationCanceledException)
        {
            // Retired: the successor reads the feed.
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            await DrainVideoAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteAudioAsync()
    {
        try
        {
            using var connect = new CancellationTokenSource(ConnectTimeout);
            using var exitedOrTimeout = CancellationTokenSource.CreateLinkedTokenSource(connect.Token);
            _ = _ffmpeg.Exited.ContinueWith(_ => exitedOrTimeout.Cancel(), TaskScheduler.Default);
            using var socket = await _audioListener.AcceptSocketAsync(exitedOrTimeout.Token).ConfigureAwait(false);
            _audioListener.Stop();
            socket.NoDelay = true;
            await foreach (var chunk in _feed.Audio.ReadAllAsync(_retired.Token).ConfigureAwait(false))
            {
                try
                {
                    await socket.SendAsync(chunk.Buffer.AsMemory(0, chunk.Length)).ConfigureAwait(false);
                }
                finally
                {
                    _feed.ReturnAudio(chunk.Buffer);
                }
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug(e, "Encoder audio input closed");
            await DrainAudioAsync().ConfigureAwait(false);
        }
    }

    private async Task ReadSegmentListAsync()
    {
        using var reader = new StreamReader(_ffmpeg.StandardOutput);
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (SegmentListEntry.TryParse(line, out var entry))
                {
                    await _segments.Writer.WriteAsync(entry, _retired.Token).ConfigureAwait(false);
                }
                else
                {
                    _logger.LogWarning("Ignoring an unexpected segment list line from FFmpeg: {Line}", line);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            _segments.Writer.TryComplete();
        }
    }

    // After FFmpeg died, keep returning buffers so the compositor is never stuck renting one, until
    // the feed completes or a successor takes it over.
    private async Task DrainVideoAsync()
    {
        try
        {
            await foreach (var frame in _feed.Video.ReadAllAsync(_retired.Token).ConfigureAwait(false))
            {
                _feed.ReturnVideo(frame);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task DrainAudioAsync()
    {
        try
        {
            await foreach (var chunk in _feed.Audio.ReadAllAsync(_retired.Token).ConfigureAwait(false))
            {
                _feed.ReturnAudio(chunk.Buffer);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
