using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Audio;
using LiveServer.Media.Compositing;
using LiveServer.Media.Encoding;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Layout;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Livestreams;

/// <summary>
/// The media side of one livestream: room participants → decoders → compositor (clock, layout, mix)
/// → encoder → finished segments. It follows the room while live: a participant who joins gets
/// decoders and a tile from the next scene on, one who leaves is removed the same way, with no gap in
/// the output. Segments come out of <see cref="Segments"/>; what to do with them is the caller's.
/// Every <see cref="SpeakerSamplingInterval"/> a timer of its own (never the compositor clock) samples
/// each participant's audio level into a <see cref="SpeakerDetector"/>; a new active speaker gets its
/// tile (and the speaking mark) from the next scene on and is reported through <see cref="SpeakerChanged"/>.
/// An encoder FFmpeg that dies is replaced at once by a new one on the same feed (the compositor
/// clock never stops), numbering its segments after every file already in the folder; its first
/// segment carries <see cref="SegmentListEntry.Discontinuity"/>. After
/// <see cref="PipelineSettings.EncoderRestartLimit"/> restarts within
/// <see cref="PipelineSettings.EncoderRestartWindow"/>, or when FFmpeg could not write its output
/// (disk full, no permission), the pipeline gives up: <see cref="Segments"/> completes and
/// <see cref="EncoderExited"/> tells why.
/// </summary>
public sealed class LivestreamPipeline : IAsyncDisposable
{
    /// <summary>How often the audio levels are sampled for speaker detection.</summary>
    public static readonly TimeSpan SpeakerSamplingInterval = TimeSpan.FromMilliseconds(100);

    private readonly Room _room;
    private readonly PipelineSettings _settings;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CompositorInput> _inputs = new(StringComparer.Ordinal);
    private readonly List<Task> _retiring = [];
    private readonly EncoderFeed _feed;
    private readonly string _folder;
    private readonly OutputFormat _format;
    private readonly bool _audioOnly;
    private readonly Channel<SegmentListEntry> _segments = Channel.CreateBounded<SegmentListEntry>(
        new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly TaskCompletionSource<FfmpegExit> _encoderEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _encoderSwap = new(1, 1);
    private readonly CancellationTokenSource _abandon = new();
    private readonly Task _supervisor;
    private LivestreamEncoder _encoder;
    private volatile bool _stopping;
    private int _encoderRestarts;
    private readonly CancellationTokenSource _clock = new();
    private readonly Task _compositorLoop;
    private readonly SpeakerDetector _speakers;
    private readonly List<ParticipantLevel> _levels = [];
    private readonly TimeProvider _time;
    private readonly Task _speakerLoop;
    private LivestreamConfig _config;
    private bool _stopped;

    private LivestreamPipeline(Room room, LivestreamConfig config, string folder, PipelineSettings settings, TimeProvider time, ILogger logger)
    {
        _room = room;
        _config = config;
        _settings = settings;
        _logger = logger;
        _time = time;
        _speakers = new SpeakerDetector(settings.SpeakerDetection);
        _folder = folder;
        _format = config.ToOutputFormat();
        _audioOnly = config.Mode == StreamMode.Audio;
        Compositor = new Compositor(_format, _audioOnly, time, logger);
        _feed = new EncoderFeed(_audioOnly ? 0 : I420Image.SizeOf(_format.Width, _format.Height), Compositor.MaxAudioChunkBytes);
        _encoder = StartEncoder(0);
        _supervisor = Task.Run(SuperviseEncoderAsync);
        room.ParticipantJoined += OnParticipantJoined;
        room.ParticipantLeft += OnParticipantLeft;
        room.PinsChanged += OnPinsChanged;
        foreach (var participant in room.Participants)
        {
            OnParticipantJoined(room, participant);
        }

        _compositorLoop = Task.Run(() => Compositor.RunAsync(_feed, _clock.Token));
        _speakerLoop = Task.Run(() => DetectSpeakersAsync(_clock.Token));
    }

    /// <summary>
    /// Raised (on the detection timer, outside any lock) when another participant took the floor.
    /// Subscribe right after <see cref="Start"/>: no change comes before the detector's take-over time.
    /// </summary>
    public event Action<SpeakerChange>? SpeakerChanged;

    /// <summary>The clock, layout and mix (for thumbnails and counters).</summary>
    public Compositor Compositor { get; }

    /// <summary>Finished segments, across encoder restarts; completes when the encoding ended for good.</summary>
    public ChannelReader<SegmentListEntry> Segments => _segments.Reader;

    /// <summary>
    /// Completes with the last encoder's exit when the encoding ended for good: stopped, or given up
    /// after a failure that restarts could not mend.
    /// </summary>
    public Task<FfmpegExit> EncoderExited => _encoderEnded.Task;

    /// <summary>How many times the encoder FFmpeg was restarted after it died.</summary>
    public int EncoderRestarts => Volatile.Read(ref _encoderRestarts);

    /// <summary>The running encoder FFmpeg's process id.</summary>
    public int EncoderProcessId => Volatile.Read(ref _encoder).ProcessId;

    /// <summary>The participant who has the floor, or null.</summary>
    public string? ActiveSpeaker
    {
        get
        {
            lock (_gate)
            {
                return _speakers.ActiveSpeaker;
            }
        }
    }

    /// <summary>Starts the pipeline for <paramref name="room"/>, writing segments into <paramref name="folder"/>.</summary>
    public static LivestreamPipeline Start(
        Room room, LivestreamConfig config, string folder, PipelineSettings settings, TimeProvider time, ILogger logger) =>
        new(room, config, folder, settings, time, logger);

    /// <summary>Applies a new layout or theme from the next frame on.</summary>
    public void UpdateConfig(LivestreamConfig config)
    {
        lock (_gate)
        {
            _config = config;
            RebuildScene();
        }
    }

    /// <summary>
    /// Stops the clock, lets the encoder finish its last segment (read it from <see cref="Segments"/>
    /// until it completes), and stops every decoder.
    /// </summary>
    public async Task<FfmpegExit> StopAsync(CancellationToken cancellationToken)
    {
        Detach();
        _stopping = true;
        await _clock.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_compositorLoop, _speakerLoop).ConfigureAwait(false);
        var exit = await (await CurrentEncoderAsync().ConfigureAwait(false))
            .StopAsync(_settings.StopTimeout, cancellationToken).ConfigureAwait(false);
        await DisposeInputsAsync().ConfigureAwait(false);
        return exit;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Detach();
        _stopping = true;
        await _clock.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_compositorLoop, _speakerLoop).ConfigureAwait(false);
        await (await CurrentEncoderAsync().ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        await _abandon.CancelAsync().ConfigureAwait(false);
        await _supervisor.ConfigureAwait(false);
        await DisposeInputsAsync().ConfigureAwait(false);
        _clock.Dispose();
        _abandon.Dispose();
        _encoderSwap.Dispose();
    }

    /// <summary>
    /// The line in which FFmpeg said it could not write its output (disk full, no permission,
    /// read-only), which a restart would not mend; null for any other failure.
    /// </summary>
    public static string? OutputFault(FfmpegExit exit)
    {
        ArgumentNullException.ThrowIfNull(exit);
        string[] causes = ["No space left on device", "Permission denied", "Read-only file system", "Disk quota exceeded"];
        return exit.LastErrorLines.FirstOrDefault(line => causes.Any(c => line.Contains(c, StringComparison.OrdinalIgnoreCase)));
    }

    private LivestreamEncoder StartEncoder(int firstSegmentNumber) => LivestreamEncoder.Start(
        _settings.FfmpegPath, _format, _audioOnly, _settings.SegmentDuration, _settings.EncoderPreset, _folder, _feed, _logger, firstSegmentNumber);

    /// <summary>The encoder in charge, once no restart is in progress.</summary>
    private async Task<LivestreamEncoder> CurrentEncoderAsync()
    {
        await _encoderSwap.WaitAsync().ConfigureAwait(false);
        try
        {
            return _encoder;
        }
        finally
        {
            _encoderSwap.Release();
        }
    }

    /// <summary>
    /// Forwards each encoder's segments; when an encoder dies unasked, retires it and starts the next
    /// one on the same feed, until the restart budget is spent or the pipeline stops.
    /// </summary>
    private async Task SuperviseEncoderAsync()
    {
        var restarts = new Queue<long>();
        var lastNumber = -1;
        var discontinuity = false;
        try
        {
            while (true)
            {
                var encoder = _encoder;
                await foreach (var entry in encoder.Segments.ReadAllAsync(_abandon.Token).ConfigureAwait(false))
                {
                    lastNumber = Math.Max(lastNumber, entry.Number);
                    if (!IsWrittenSegment(entry))
                    {
                        _logger.LogWarning("Segment {FileName} was announced but is not a complete file; it is not listed", entry.FileName);
                        continue;
                    }

                    await _segments.Writer.WriteAsync(discontinuity ? entry with { Discontinuity = true } : entry, _abandon.Token)
                        .ConfigureAwait(false);
                    discontinuity = false;
                }

                var exit = await encoder.Exited.ConfigureAwait(false);
                if (_stopping || exit.StoppedByUs)
                {
                    _encoderEnded.TrySetResult(exit);
                    return;
                }

                var now = _time.GetTimestamp();
                while (restarts.Count > 0 && _time.GetElapsedTime(restarts.Peek(), now) > _settings.EncoderRestartWindow)
                {
                    restarts.Dequeue();
                }

                if (restarts.Count >= _settings.EncoderRestartLimit || OutputFault(exit) is not null)
                {
                    _logger.LogError(
                        "Encoder failed and is not restarted ({Restarts} restarts within {Window}): {Reason}",
                        restarts.Count, _settings.EncoderRestartWindow, exit.Describe("encoder"));
                    _encoderEnded.TrySetResult(exit);
                    return;
                }

                await _encoderSwap.WaitAsync(_abandon.Token).ConfigureAwait(false);
                try
                {
                    await encoder.RetireAsync().ConfigureAwait(false);
                    if (_stopping)
                    {
                        _encoderEnded.TrySetResult(exit);
                        return;
                    }

                    restarts.Enqueue(now);
                    var next = NextSegmentNumber(lastNumber);
                    _encoder = StartEncoder(next);
                    Interlocked.Increment(ref _encoderRestarts);
                    discontinuity = true;
                    _logger.LogWarning(
                        "Encoder died and was restarted (restart {Restarts}), continuing at segment {SegmentNumber}: {Reason}",
                        EncoderRestarts, next, exit.Describe("encoder"));
                }
                finally
                {
                    _encoderSwap.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            _encoderEnded.TrySetResult(new FfmpegExit(-1, true, []));
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // The next encoder could not be started (FFmpeg gone, no loopback port): the encoding ends here.
            _logger.LogError(e, "The encoder could not be restarted");
            _encoderEnded.TrySetResult(new FfmpegExit(-1, false, [$"the encoder could not be restarted: {e.Message}"]));
        }
        finally
        {
            _segments.Writer.TryComplete();
        }
    }

    /// <summary>
    /// FFmpeg announces a segment even when writing its end failed; list only a regular file with data
    /// (not, say, a device the path points to).
    /// </summary>
    private bool IsWrittenSegment(SegmentListEntry entry)
    {
        try
        {
            var file = new FileInfo(Path.Combine(_folder, entry.FileName));
            return file.Exists && file.LinkTarget is null && file.Length > 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>After the last listed segment and after every segment file on disk, so nothing is overwritten.</summary>
    private int NextSegmentNumber(int lastListed)
    {
        var highest = lastListed;
        try
        {
            foreach (var path in Directory.EnumerateFiles(_folder, "seg_*.ts"))
            {
                if (SegmentListEntry.TryParse(Path.GetFileName(path) + ",0,0", out var entry))
                {
                    highest = Math.Max(highest, entry.Number);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not list the segment folder; continuing after the last listed segment");
        }

        return highest + 1;
    }

    private void Detach()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        _room.ParticipantJoined -= OnParticipantJoined;
        _room.ParticipantLeft -= OnParticipantLeft;
        _room.PinsChanged -= OnPinsChanged;
    }

    private async Task DisposeInputsAsync()
    {
        List<CompositorInput> inputs;
        Task[] retiring;
        lock (_gate)
        {
            inputs = [.. _inputs.Values];
            _inputs.Clear();
            retiring = [.. _retiring];
        }

        foreach (var input in inputs)
        {
            await input.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(retiring).ConfigureAwait(false);
    }

    private void OnParticipantJoined(Room room, Participant participant)
    {
        lock (_gate)
        {
            if (_stopped || _inputs.ContainsKey(participant.Id))
            {
                return;
            }

            var decodeVideo = _config.Mode == StreamMode.VideoAndAudio;
            _inputs[participant.Id] = new CompositorInput(participant, decodeVideo, _settings.FfmpegPath, _settings.StopTimeout, _logger);
            RebuildScene();
        }

        _logger.LogInformation("Participant {ParticipantId} ({Name}) added to the livestream", participant.Id, participant.Name);
    }

    private void OnParticipantLeft(Room room, Participant participant)
    {
        lock (_gate)
        {
            if (_stopped || !_inputs.Remove(participant.Id, out var input))
            {
                return;
            }

            _speakers.Remove(participant.Id);
            RebuildScene();
            _retiring.RemoveAll(t => t.IsCompleted);
            _retiring.Add(input.DisposeAsync().AsTask());
        }

        _logger.LogInformation("Participant {ParticipantId} removed from the livestream", participant.Id);
    }

    private void OnPinsChanged(Room room)
    {
        lock (_gate)
        {
            RebuildScene();
        }
    }

    /// <summary>Samples every participant's level on its own timer and acts on a new speaker.</summary>
    private async Task DetectSpeakersAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        try
        {
            using var timer = new PeriodicTimer(SpeakerSamplingInterval, _time);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                if (SampleSpeakers(_time.GetElapsedTime(started)) is { } change)
                {
                    _logger.LogInformation("Active speaker is now {ParticipantId} ({Name})", change.ParticipantId, change.Name);
                    try
                    {
                        SpeakerChanged?.Invoke(change);
                    }
                    catch (Exception e)
                    {
                        _logger.LogWarning(e, "A speaker change handler failed");
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One detector update; the change when the floor moved (the scene is rebuilt already).</summary>
    private SpeakerChange? SampleSpeakers(TimeSpan now)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return null;
            }

            _levels.Clear();
            foreach (var input in _inputs.Values)
            {
                if (input.Audio is { } audio)
                {
                    _levels.Add(new ParticipantLevel(input.ParticipantId, audio.Level.Sample()));
                }
            }

            if (!_speakers.Update(now, CollectionsMarshal.AsSpan(_levels)) || _speakers.ActiveSpeaker is not { } speaker)
            {
                return null;
            }

            RebuildScene();
            return new SpeakerChange(speaker, _inputs[speaker].Name, _time.GetUtcNow());
        }
    }

    // Called under _gate.
    private SceneTile Tile(PixelRect rect, TileSlot slot, string? speaker)
    {
        var input = _inputs[slot.ParticipantId];
        return slot.IsScreenShare
            ? new SceneTile(rect, input.ScreenShare, input.Name + " (screen)", false)
            : new SceneTile(rect, input.Video, input.Name, input.ParticipantId == speaker);
    }

    private void RebuildScene()
    {
        var format = _config.ToOutputFormat();
        var joined = _room.Participants.Where(p => _inputs.ContainsKey(p.Id)).ToList();
        var sharers = joined
            .Where(p => _inputs[p.Id].ScreenShare is not null)
            .OrderByDescending(p => p.JoinedAt)
            .Select(p => p.Id)
            .ToList();
        var slots = TileOrder.ChooseTiles(_config.Layout, [.. joined.Select(p => p.Id)], _room.Pins, _speakers.RecentSpeakers, sharers);
        var tiles = LayoutEngine.Arrange(_config.Layout, format.Width, format.Height, slots.Count);
        var speaker = _speakers.ActiveSpeaker;
        Compositor.SetScene(new CompositorScene(
            [.. tiles.Select((tile, i) => Tile(tile, slots[i], speaker))],
            ThemePalette.For(_config.Theme),
            [.. _inputs.Values.Where(i => i.Audio is not null).Select(i => i.Audio!.Buffer)]));
    }
}
