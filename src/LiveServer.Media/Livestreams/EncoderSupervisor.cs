using System.Net.Sockets;
using System.Threading.Channels;
using LiveServer.Media.Compositing;
using LiveServer.Media.Encoding;
using LiveServer.Media.Ffmpeg;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Livestreams;

/// <summary>
/// Keeps one encoder reading the compositor's feed and forwards its fragments. An encoder FFmpeg that
/// dies unasked is retired and a new one starts at once on the same feed (the compositor clock never
/// stops); its first fragment of every rendition carries <see cref="RenditionFragment.Discontinuity"/>,
/// and its fragments are stamped from the tick it read first. After
/// <see cref="PipelineSettings.EncoderRestartLimit"/> restarts within
/// <see cref="PipelineSettings.EncoderRestartWindow"/> it gives up: <see cref="Fragments"/> completes
/// and <see cref="Ended"/> tells why.
/// </summary>
public sealed class EncoderSupervisor : IAsyncDisposable
{
    private readonly EncoderSettings _encoder;
    private readonly PipelineSettings _settings;
    private readonly EncoderFeed _feed;
    private readonly Compositor _compositor;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<RenditionFragment> _fragments = Channel.CreateBounded<RenditionFragment>(
        new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly TaskCompletionSource<FfmpegExit> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _swap = new(1, 1);
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _loop;
    private LivestreamEncoder _current;
    private volatile bool _stopping;
    private int _restarts;

    /// <summary>Starts the first encoder on <paramref name="feed"/>.</summary>
    public EncoderSupervisor(EncoderSettings encoder, PipelineSettings settings, EncoderFeed feed, Compositor compositor, TimeProvider time, ILogger logger)
    {
        _encoder = encoder;
        _settings = settings;
        _feed = feed;
        _compositor = compositor;
        _time = time;
        _logger = logger;
        _current = StartEncoder();
        _loop = Task.Run(SuperviseAsync);
    }

    /// <summary>Fragments of every rendition, across restarts; completes when the encoding ended for good.</summary>
    public ChannelReader<RenditionFragment> Fragments => _fragments.Reader;

    /// <summary>The last encoder's exit, once the encoding ended for good (stopped, or given up).</summary>
    public Task<FfmpegExit> Ended => _ended.Task;

    /// <summary>How many times the encoder was restarted after it died.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>The running encoder FFmpeg's process id.</summary>
    public int ProcessId => Volatile.Read(ref _current).ProcessId;

    /// <summary>Lets the current encoder finish (the feed must be complete) and returns its exit.</summary>
    public async Task<FfmpegExit> StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        return await (await CurrentAsync().ConfigureAwait(false)).StopAsync(_settings.StopTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        await _abandon.CancelAsync().ConfigureAwait(false);
        await (await CurrentAsync().ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _abandon.Dispose();
        _swap.Dispose();
    }

    private LivestreamEncoder StartEncoder()
    {
        var firstTick = _feed.TicksTaken;
        return LivestreamEncoder.Start(_encoder, _feed, () => _compositor.TimeOfTick(firstTick), _logger);
    }

    /// <summary>The encoder in charge, once no restart is in progress.</summary>
    private async Task<LivestreamEncoder> CurrentAsync()
    {
        await _swap.WaitAsync().ConfigureAwait(false);
        try
        {
            return _current;
        }
        finally
        {
            _swap.Release();
        }
    }

    private async Task SuperviseAsync()
    {
        var restarts = new Queue<long>();
        var discontinuous = new HashSet<int>();
        try
        {
            while (true)
            {
                var encoder = _current;
                await foreach (var fragment in encoder.Fragments.ReadAllAsync(_abandon.Token).ConfigureAwait(false))
                {
                    var marked = discontinuous.Remove(fragment.Rendition) ? fragment with { Discontinuity = true } : fragment;
                    await _fragments.Writer.WriteAsync(marked, _abandon.Token).ConfigureAwait(false);
                }

                var exit = await encoder.Exited.ConfigureAwait(false);
                if (_stopping || exit.StoppedByUs)
                {
                    _ended.TrySetResult(exit);
                    return;
                }

                var now = _time.GetTimestamp();
                while (restarts.Count > 0 && _time.GetElapsedTime(restarts.Peek(), now) > _settings.EncoderRestartWindow)
                {
                    restarts.Dequeue();
                }

                if (restarts.Count >= _settings.EncoderRestartLimit)
                {
                    _logger.LogError(
                        "Encoder failed and is not restarted ({Restarts} restarts within {Window}): {Reason}",
                        restarts.Count, _settings.EncoderRestartWindow, exit.Describe("encoder"));
                    _ended.TrySetResult(exit);
                    return;
                }

                await _swap.WaitAsync(_abandon.Token).ConfigureAwait(false);
                try
                {
                    await encoder.RetireAsync().ConfigureAwait(false);
                    if (_stopping)
                    {
                        _ended.TrySetResult(exit);
                        return;
                    }

                    restarts.Enqueue(now);
                    _current = StartEncoder();
                    Interlocked.Increment(ref _restarts);
                    discontinuous.UnionWith(Enumerable.Range(0, _encoder.Ladder.Count));
                    _logger.LogWarning("Encoder died and was restarted (restart {Restarts}): {Reason}", Restarts, exit.Describe("encoder"));
                }
                finally
                {
                    _swap.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            _ended.TrySetResult(new FfmpegExit(-1, true, []));
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // The next encoder could not be started (FFmpeg gone, no loopback port): the encoding ends here.
            _logger.LogError(e, "The encoder could not be restarted");
            _ended.TrySetResult(new FfmpegExit(-1, false, [$"the encoder could not be restarted: {e.Message}"]));
        }
        finally
        {
            // Whatever ended the loop, the encoding has ended: nobody may wait for it forever.
            _ended.TrySetResult(new FfmpegExit(-1, false, ["the encoder supervisor stopped unexpectedly"]));
            _fragments.Writer.TryComplete();
        }
    }
}
