using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Participants;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Audio;
using LiveServer.Media.Compositing;
using LiveServer.Media.Encoding;
using LiveServer.Media.Ffmpeg;
using LiveServer.Media.Templates;
using LiveServer.Media.Video;
using Microsoft.Extensions.Logging;

namespace LiveServer.Media.Livestreams;

/// <summary>
/// The media side of one livestream: room participants → decoders → compositor (clock, layout, mix)
/// → one encoder for the whole rendition ladder → finished fragments (LL-HLS parts). It follows the
/// room while live: a participant who joins gets decoders and a tile from the next scene on
/// (<see cref="SceneBuilder"/>), one who leaves is removed the same way, with no gap in the output.
/// Fragments come out of <see cref="Fragments"/>; what to do with them is the caller's. The
/// <see cref="SpeakerLoop"/> samples each participant's audio level into a <see cref="SpeakerDetector"/>;
/// a new active speaker gets its tile (and the speaking mark) from the next scene on and is reported
/// through <see cref="SpeakerChanged"/>. The <see cref="EncoderSupervisor"/> restarts an encoder
/// that dies.
/// </summary>
public sealed class LivestreamPipeline : IAsyncDisposable
{
    private static readonly JsonSerializerOptions AssignmentJson = new(JsonSerializerDefaults.Web);
    private readonly Room _room;
    private readonly PipelineSettings _settings;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CompositorInput> _inputs = new(StringComparer.Ordinal);
    private readonly List<Task> _retiring = [];
    private readonly EncoderFeed _feed;
    private readonly EncoderSupervisor _encoder;
    private readonly CancellationTokenSource _clock = new();
    private readonly Task _compositorLoop;
    private readonly SpeakerDetector _speakers;
    private readonly List<ParticipantLevel> _levels = [];
    private readonly Task _speakerLoop;
    private readonly TimeProvider _time;
    private readonly IDisposable? _overlays;
    private LivestreamConfig _config;
    private TemplateRenderer? _template;
    private IReadOnlyList<TemplateAssignment> _assigned = [];
    private bool _stopped;

    private LivestreamPipeline(Room room, LivestreamConfig config, PipelineSettings settings, TimeProvider time, ILogger logger)
    {
        _room = room;
        _config = config;
        _settings = settings;
        _logger = logger;
        _time = time;
        _speakers = new SpeakerDetector(settings.SpeakerDetection);
        Ladder = Rendition.LadderFor(config);
        var format = config.ToOutputFormat();
        var audioOnly = config.Mode == StreamMode.Audio;
        Compositor = new Compositor(format, audioOnly, time, logger);
        Compositor.Overlays.Enabled = config.Overlays;
        _overlays = settings.Overlays is { } overlays && !audioOnly ? Compositor.Overlays.Attach(overlays) : null;
        _feed = new EncoderFeed(audioOnly ? 0 : I420Image.SizeOf(format.Width, format.Height), Compositor.MaxAudioChunkBytes);
        _encoder = new EncoderSupervisor(
            new EncoderSettings(settings.FfmpegPath, Ladder, settings.SegmentDuration, settings.PartDuration, settings.EncoderPreset, settings.Label),
            settings, _feed, Compositor, time, logger);
        room.ParticipantJoined += OnParticipantJoined;
        room.ParticipantLeft += OnParticipantLeft;
        room.PinsChanged += OnPinsChanged;
        foreach (var participant in room.Participants)
        {
            OnParticipantJoined(room, participant);
        }

        _compositorLoop = Task.Run(() => Compositor.RunAsync(_feed, _clock.Token));
        _speakerLoop = Task.Run(() => SpeakerLoop.RunAsync(time, SampleSpeakers, change => SpeakerChanged?.Invoke(change), logger, _clock.Token));
    }

    /// <summary>
    /// Raised (on the detection timer, outside any lock) when another participant took the floor.
    /// Subscribe right after <see cref="Start"/>: no change comes before the detector's take-over time.
    /// </summary>
    public event Action<SpeakerChange>? SpeakerChanged;

    /// <summary>The clock, layout and mix (for thumbnails and counters).</summary>
    public Compositor Compositor { get; }

    /// <summary>The renditions the encoder makes, the compositor's canvas first.</summary>
    public IReadOnlyList<Rendition> Ladder { get; }

    /// <summary>Finished fragments of every rendition, across encoder restarts; completes when the encoding ended for good.</summary>
    public ChannelReader<RenditionFragment> Fragments => _encoder.Fragments;

    /// <summary>
    /// Completes with the last encoder's exit when the encoding ended for good: stopped, or given up
    /// after a failure that restarts could not mend.
    /// </summary>
    public Task<FfmpegExit> EncoderExited => _encoder.Ended;

    /// <summary>How many times the encoder FFmpeg was restarted after it died.</summary>
    public int EncoderRestarts => _encoder.Restarts;

    /// <summary>The running encoder FFmpeg's process id.</summary>
    public int EncoderProcessId => _encoder.ProcessId;

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

    /// <summary>Starts the pipeline for <paramref name="room"/>.</summary>
    public static LivestreamPipeline Start(Room room, LivestreamConfig config, PipelineSettings settings, TimeProvider time, ILogger logger) =>
        new(room, config, settings, time, logger);

    /// <summary>Applies a new layout, theme or overlays from the next frame on.</summary>
    public void UpdateConfig(LivestreamConfig config)
    {
        lock (_gate)
        {
            _config = config;
            Compositor.Overlays.Enabled = config.Overlays;
            RebuildScene();
        }
    }

    /// <summary>
    /// Draws <paramref name="renderer"/>'s page as the layout while the config has a
    /// <c>templateUrl</c> (null: none yet, only the background is drawn): participants go into the
    /// page's slots as <see cref="TemplateScene"/> decides, and the page is told who is where.
    /// </summary>
    public void UseTemplate(TemplateRenderer? renderer)
    {
        lock (_gate)
        {
            if (_stopped || _template == renderer)
            {
                return;
            }

            if (_template is not null)
            {
                _template.SlotsChanged -= OnTemplateSlotsChanged;
            }

            _template = renderer;
            _assigned = [];
            if (renderer is not null)
            {
                renderer.SlotsChanged += OnTemplateSlotsChanged;
            }

            RebuildScene();
        }
    }

    /// <summary>
    /// Stops the clock, lets the encoder finish its last fragments (read them from
    /// <see cref="Fragments"/> until it completes), and stops every decoder. A clock running late
    /// (held back by the encoder) first makes the ticks due by now, within the stop timeout, so the
    /// output reaches the stop request instead of ending its lag earlier.
    /// </summary>
    public async Task<FfmpegExit> StopAsync(CancellationToken cancellationToken)
    {
        Detach();
        Compositor.Finish();
        try
        {
            await _compositorLoop.WaitAsync(_settings.StopTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The compositor did not catch up with the stop within {Timeout}; the output ends before it", _settings.StopTimeout);
        }

        await _clock.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_compositorLoop, _speakerLoop).ConfigureAwait(false);
        var exit = await _encoder.StopAsync(cancellationToken).ConfigureAwait(false);
        await DisposeInputsAsync().ConfigureAwait(false);
        return exit;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Detach();
        await _clock.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_compositorLoop, _speakerLoop).ConfigureAwait(false);
        await _encoder.DisposeAsync().ConfigureAwait(false);
        await DisposeInputsAsync().ConfigureAwait(false);
        _clock.Dispose();
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
        _overlays?.Dispose();
        lock (_gate)
        {
            if (_template is not null)
            {
                _template.SlotsChanged -= OnTemplateSlotsChanged;
                _template = null;
            }
        }
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

    private void OnTemplateSlotsChanged()
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                RebuildScene();
            }
        }
    }

    // Called under _gate.
    private void RebuildScene()
    {
        if (_config.TemplateUrl is null)
        {
            Compositor.SetScene(SceneBuilder.Build(_config, _room, _inputs, _speakers));
            return;
        }

        var renderer = _template;
        var (scene, assignments) = TemplateScene.Build(
            _config, _room, _inputs, _speakers, renderer?.Slots ?? [], renderer is null ? static () => null : () => renderer.Image);
        Compositor.SetScene(scene);
        if (renderer is not null && !assignments.SequenceEqual(_assigned))
        {
            _assigned = assignments;
            renderer.Assign(JsonSerializer.Serialize(assignments, AssignmentJson));
        }
    }
}
