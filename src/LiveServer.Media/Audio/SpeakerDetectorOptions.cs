namespace LiveServer.Media.Audio;

/// <summary>How the <see cref="SpeakerDetector"/> decides.</summary>
public sealed record SpeakerDetectorOptions
{
    /// <summary>
    /// A level at or below this many -dBov counts as speech (default 50: louder than -50 dBov,
    /// above the room noise of a typical microphone with noise suppression).
    /// </summary>
    public int SpeechThresholdDbov { get; init; } = 50;

    /// <summary>How long a new voice must be the loudest before it takes the floor (default 1 s).</summary>
    public TimeSpan TakeOverTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a candidate may fall quiet (a pause between words) without losing the time it has
    /// gathered (default 0.5 s). Another voice being louder resets it at once.
    /// </summary>
    public TimeSpan PauseTolerance { get; init; } = TimeSpan.FromMilliseconds(500);
}
