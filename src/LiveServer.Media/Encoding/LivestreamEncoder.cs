using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using LiveServer.Media.Cmaf;
using LiveServer.Media.Ffmpeg;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Encoding;

/// <summary>
/// A livestream's encoder: an FFmpeg child reading raw I420 video on stdin and s16le PCM from a
/// loopback TCP connection (FFmpeg connects to a listener that only this process opened), writing
/// one fragmented MP4 stream per rendition to loopback TCP listeners of ours. Each stream is split
/// into its initialization section and fragments (<see cref="FragmentedMp4Reader"/>) as it arrives;
/// every fragment comes out of <see cref="Fragments"/> stamped with the wall-clock time its first
/// frame was composed. Malformed output ends this encoder as a failure (its owner may start another).
/// Writers take their input from an <see cref="EncoderFeed"/>; when the feed completes they close
/// FFmpeg's inputs, FFmpeg flushes its last fragments and exits. When FFmpeg dies, the writers keep
/// returning the feed's buffers (so the compositor clock goes on) until the encoder is retired with
/// <see cref="RetireAsync"/>, which leaves the feed open for a successor.
/// </summary>
public sealed class LivestreamEncoder : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private readonly FfmpegProcess _ffmpeg;
    private readonly TcpListener _audioListener;
    private readonly TcpListener[] _outputListeners;
    private readonly EncoderFeed _feed;
    private readonly EncoderSettings _settings;
    private readonly Func<DateTimeOffset?> _epoch;
    private readonly ILogger _logger;
    // Ten parts a segment per rendition; the pipeline forwards each at once.
    private readonly Channel<RenditionFragment> _fragments = Channel.CreateBounded<RenditionFragment>(
        new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    // Never disposed: cancelling it must stay safe from any path (it has no timer to release).
    private readonly CancellationTokenSource _retired = new();
    private readonly Lock _closeGate = new();
    private Task? _closing;
    private readonly Task _writers;

    private LivestreamEncoder(
        FfmpegProcess ffmpeg, TcpListener audioListener, TcpListener[] outputListeners, EncoderFeed feed,
        EncoderSettings settings, Func<DateTimeOffset?> epoch, ILogger logger)
    {
        _ffmpeg = ffmpeg;
        _audioListener = audioListener;
        _outputListeners = outputListeners;
        _feed = feed;
        _settings = settings;
        _epoch = epoch;
        _logger = logger;
        var video = settings.Ladder[0].AudioOnly ? Task.CompletedTask : Task.Run(WriteVideoAsync);
        var outputs = Task.WhenAll(outputListeners.Select((_, i) => Task.Run(() => ReadOutputAsync(i))))
            .ContinueWith(_ => _fragments.Writer.TryComplete(), TaskScheduler.Default);
        _writers = Task.WhenAll(video, Task.Run(WriteAudioAsync), outputs);
    }

    /// <summary>Fragments of every rendition as FFmpeg finishes them; completes when every output ended.</summary>
    public ChannelReader<RenditionFragment> Fragments => _fragments.Reader;

    /// <summary>Completes when FFmpeg exits, for whatever reason.</summary>
    public Task<FfmpegExit> Exited => _ffmpeg.Exited;

    /// <summary>The FFmpeg child's process id.</summary>
    public int ProcessId => _ffmpeg.ProcessId;

    /// <summary>Starts FFmpeg for the given ladder.</summary>
    /// <param name="settings">The ladder, segment and part lengths, preset.</param>
    /// <param name="feed">The compositor's output.</param>
    /// <param name="epoch">
    /// The wall-clock time of the first tick this encoder reads (null until the clock started); a
    /// fragment's program date time is this plus its decode time.
    /// </param>
    /// <param name="logger">Logs.</param>
    public static LivestreamEncoder Start(EncoderSettings settings, EncoderFeed feed, Func<DateTimeOffset?> epoch, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var audio = Listen();
        var outputs = settings.Ladder.Select(_ => Listen()).ToArray();
        try
        {
            var arguments = EncoderArguments.Build(
                settings.Ladder, Port(audio), [.. outputs.Select(Port)], settings.SegmentDuration, settings.PartDuration, settings.Preset, settings.Label);
            var ffmpeg = FfmpegProcess.Start(settings.FfmpegPath, arguments, "encoder", logger, stdinIsInput: !settings.Ladder[0].AudioOnly);
            return new LivestreamEncoder(ffmpeg, audio, outputs, feed, settings, epoch, logger);
        }
        catch
        {
            audio.Dispose();
            Array.ForEach(outputs, o => o.Dispose());
            throw;
        }
    }

    /// <summary>
    /// Finishes: the feed must be complete. Waits for FFmpeg to write its last fragments and exit,
    /// or kills it after <paramref name="timeout"/>.
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
        await CloseAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Now, not gracefully (StopAsync is that): the writers stop, FFmpeg is killed.
        _feed.Complete();
        await _retired.CancelAsync().ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
    }

    private static TcpListener Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(backlog: 1);
        return listener;
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Kills FFmpeg, closes the listeners and waits for the writers and readers; once, however often it is called.</summary>
    private Task CloseAsync()
    {
        lock (_closeGate)
        {
            return _closing ??= CloseOnceAsync();
        }

        async Task CloseOnceAsync()
        {
            await _ffmpeg.DisposeAsync().ConfigureAwait(false);
            _audioListener.Stop();
            Array.ForEach(_outputListeners, o => o.Stop());
            await _writers.ConfigureAwait(false);
            _audioListener.Dispose();
            Array.ForEach(_outputListeners, o => o.Dispose());
        }
    }

    /// <summary>
    /// Accepts FFmpeg's one connection on <paramref name="listener"/>. When FFmpeg exits first, or has
    /// not connected within the connect timeout (it then counts as failed: its owner may restart it),
    /// throws <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<Socket> AcceptAsync(TcpListener listener)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_retired.Token);
        timeout.CancelAfter(ConnectTimeout);
        var accept = listener.AcceptSocketAsync(timeout.Token).AsTask();
        try
        {
            if (await Task.WhenAny(accept, _ffmpeg.Exited).ConfigureAwait(false) != accept)
            {
                await timeout.CancelAsync().ConfigureAwait(false);
                _ = accept.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                throw new OperationCanceledException("FFmpeg exited before it connected.");
            }

            var socket = await accept.ConfigureAwait(false);
            socket.NoDelay = true;
            return socket;
        }
        catch (OperationCanceledException) when (!_retired.IsCancellationRequested && !_ffmpeg.Exited.IsCompleted)
        {
            _ffmpeg.Fail($"FFmpeg did not connect within {ConnectTimeout.TotalSeconds:0} s.");
            throw;
        }
        finally
        {
            listener.Stop();
        }
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
            using var socket = await AcceptAsync(_audioListener).ConfigureAwait(false);
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

    /// <summary>Reads one rendition's fragmented MP4 until FFmpeg closes it.</summary>
    private async Task ReadOutputAsync(int rendition)
    {
        var name = _settings.Ladder[rendition].Name;
        try
        {
            using var socket = await AcceptAsync(_outputListeners[rendition]).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = new FragmentedMp4Reader(stream);
            DateTimeOffset? epoch = null;
            await foreach (var fragment in reader.ReadAllAsync(_retired.Token).ConfigureAwait(false))
            {
                epoch ??= _epoch() ?? DateTimeOffset.UtcNow;
                var stamped = new RenditionFragment(rendition, reader.Init!, fragment, epoch.Value + fragment.StartTime);
                await _fragments.Writer.WriteAsync(stamped, _retired.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidDataException e)
        {
            _logger.LogError("The encoder's {Rendition} output is malformed ({Problem}); ending this encoder", name, e.Message);
            _ffmpeg.Fail($"malformed {name} output: {e.Message}");
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug(e, "Encoder {Rendition} output closed", name);
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
