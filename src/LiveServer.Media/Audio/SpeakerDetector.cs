namespace LiveServer.Media.Audio;

/// <summary>
/// Decides the active speaker from audio levels sampled periodically, with hysteresis so the floor
/// does not flap between voices:
/// <list type="bullet">
/// <item>A participant speaks when its level is at or under <see cref="SpeakerDetectorOptions.SpeechThresholdDbov"/>.</item>
/// <item>The loudest speaking participant other than the active speaker is the candidate. It takes
/// the floor once it has been the loudest for <see cref="SpeakerDetectorOptions.TakeOverTime"/>.</item>
/// <item>The active speaker being the loudest again resets the candidate, so two voices taking quick
/// turns leave the floor where it is. A candidate's own pauses shorter than
/// <see cref="SpeakerDetectorOptions.PauseTolerance"/> do not reset it.</item>
/// <item>Silence from everyone keeps the last speaker.</item>
/// </list>
/// It also keeps who had the floor, most recent first (<see cref="RecentSpeakers"/>). Pure: time comes
/// in with each update; owned by one caller (not thread-safe).
/// </summary>
public sealed class SpeakerDetector
{
    /// <summary>How much louder (in dB) a voice must be than the active speaker or the candidate to count as the loudest.</summary>
    public const int TieMarginDb = 3;

    private readonly SpeakerDetectorOptions _options;
    private readonly List<string> _recent = [];
    private string? _candidate;
    private TimeSpan _candidateSince;
    private TimeSpan _candidateLastLoudest;

    /// <summary>Creates a detector with <paramref name="options"/> (defaults when null).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A threshold outside 0..127 or a negative duration.</exception>
    public SpeakerDetector(SpeakerDetectorOptions? options = null)
    {
        _options = options ?? new SpeakerDetectorOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.SpeechThresholdDbov, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.SpeechThresholdDbov, AudioLevelMeter.Silence, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.TakeOverTime, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.PauseTolerance, TimeSpan.Zero, nameof(options));
    }

    /// <summary>The participant who has the floor; null until someone took it (or after it left).</summary>
    public string? ActiveSpeaker { get; private set; }

    /// <summary>Everyone who had the floor and is still known, the most recent first (the active speaker leads).</summary>
    public IReadOnlyList<string> RecentSpeakers => _recent;

    /// <summary>
    /// Takes one sample of every participant's level at <paramref name="now"/> (a monotonic time,
    /// e.g. time since the livestream started). A participant missing from
    /// <paramref name="levels"/> counts as silent.
    /// </summary>
    /// <returns>True when the active speaker changed.</returns>
    public bool Update(TimeSpan now, ReadOnlySpan<ParticipantLevel> levels)
    {
        var loudest = Loudest(levels);
        if (loudest is null)
        {
            if (_candidate is not null && now - _candidateLastLoudest > _options.PauseTolerance)
            {
                _candidate = null;
            }

            return false;
        }

        if (loudest == ActiveSpeaker)
        {
            _candidate = null;
            return false;
        }

        if (loudest != _candidate || now - _candidateLastLoudest > _options.PauseTolerance)
        {
            _candidate = loudest;
            _candidateSince = now;
        }

        _candidateLastLoudest = now;
        if (now - _candidateSince < _options.TakeOverTime)
        {
            return false;
        }

        ActiveSpeaker = loudest;
        _candidate = null;
        _recent.Remove(loudest);
        _recent.Insert(0, loudest);
        return true;
    }

    /// <summary>Forgets a participant who left.</summary>
    /// <returns>True when it was the active speaker (the floor is now empty).</returns>
    public bool Remove(string participantId)
    {
        _recent.Remove(participantId);
        if (_candidate == participantId)
        {
            _candidate = null;
        }

        if (ActiveSpeaker != participantId)
        {
            return false;
        }

        ActiveSpeaker = null;
        return true;
    }

    /// <summary>The loudest participant at or over the speech threshold; ties go to the speaker, then the candidate, then the first listed.</summary>
    /// <summary>
    /// The loudest speech, where the active speaker and then the candidate win whenever they are
    /// within <see cref="TieMarginDb"/> of it: equally loud voices (or a codec's ±1 dB wobble) do not
    /// take the floor from each other or restart a candidate's count.
    /// </summary>
    private string? Loudest(ReadOnlySpan<ParticipantLevel> levels)
    {
        string? loudest = null;
        var loudestLevel = int.MaxValue;
        int? activeLevel = null, candidateLevel = null;
        foreach (var (id, level) in levels)
        {
            if (level > _options.SpeechThresholdDbov)
            {
                continue;
            }

            if (id == ActiveSpeaker)
            {
                activeLevel = level;
            }
            else if (id == _candidate)
            {
                candidateLevel = level;
            }

            if (level < loudestLevel)
            {
                loudest = id;
                loudestLevel = level;
            }
        }

        if (activeLevel <= loudestLevel + TieMarginDb)
        {
            return ActiveSpeaker;
        }

        return candidateLevel <= loudestLevel + TieMarginDb ? _candidate : loudest;
    }
}
