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
/// close FFmpeg's inputs, FFmpeg finishes the last segment and exits.
/// </summary>
public sealed class LivestreamEncoder : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private readonly FfmpegProcess _ffmpeg;
    private readonly TcpListener _audioListener;
    private readonly EncoderFeed _feed;
    private readonly ILogger _logger;
    private readonly Channel<SegmentListEntry> _segments = Channel.CreateUnbounded<SegmentListEntry>();
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

    /// <summary>Starts FFmpeg for the given output.</summary>
    public static LivestreamEncoder Start(
        string ffmpegPath,
        OutputFormat format,
        bool audioOnly,
        TimeSpan segmentDuration,
        string preset,
        string folder,
        EncoderFeed feed,
        ILogger logger)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(backlog: 1);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var arguments = EncoderArguments.Build(format, audioOnly, port, segmentDuration, preset, folder);
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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _feed.Complete();
        await _ffmpeg.DisposeAsync().ConfigureAwait(false);
        _audioListener.Stop();
        await _writers.ConfigureAwait(false);
        _audioListener.Dispose();
    }

    private async Task WriteVideoAsync()
    {
        var stdin = _ffmpeg.StandardInput;
        try
        {
            await foreach (var frame in _feed.Video.ReadAllAsync().ConfigureAwait(false))
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
            await foreach (var chunk in _feed.Audio.ReadAllAsync().ConfigureAwait(false))
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
                    _segments.Writer.TryWrite(entry);
                }
                else
                {
                    _logger.LogWarning("Ignoring an unexpected segment list line from FFmpeg: {Line}", line);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _segments.Writer.TryComplete();
        }
    }

    // After FFmpeg died, keep returning buffers so the compositor is never stuck renting one.
    private async Task DrainVideoAsync()
    {
        await foreach (var frame in _feed.Video.ReadAllAsync().ConfigureAwait(false))
        {
            _feed.ReturnVideo(frame);
        }
    }

    private async Task DrainAudioAsync()
    {
        await foreach (var chunk in _feed.Audio.ReadAllAsync().ConfigureAwait(false))
        {
            _feed.ReturnAudio(chunk.Buffer);
        }
    }
}
