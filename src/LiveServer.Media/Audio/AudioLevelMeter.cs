namespace LiveServer.Media.Audio;

/// <summary>
/// A participant's current audio level on the RFC 6464 scale (-dBov: 0 loudest … 127 silence),
/// smoothed over packets: a louder packet pulls the level up quickly, a quieter one lets it fall
/// over a few packets, so the gaps between syllables do not read as silence. One writer (the audio
/// decoder) adds a level per packet; the speaker detection reads it without locks.
/// </summary>
public sealed class AudioLevelMeter
{
    /// <summary>The level of digital silence (and of no audio at all).</summary>
    public const int Silence = 127;

    /// <summary>Reads of <see cref="Sample"/> without a new packet after which the level counts as silence.</summary>
    public const int StaleAfterSamples = 3;

    /// <summary>Share of the way to a louder packet's level taken at once.</summary>
    private const float Attack = 0.5f;

    /// <summary>Share of the way to a quieter packet's level taken per packet (about 150 ms at 20 ms packets).</summary>
    private const float Release = 0.12f;

    private float _smoothed = Silence;
    private volatile int _level = Silence;
    private long _measurements;
    private long _sampledMeasurements;
    private int _unchangedSamples;

    /// <summary>The smoothed level, 0..127.</summary>
    public int Level => _level;

    /// <summary>Packets measured so far.</summary>
    public long Measurements => Interlocked.Read(ref _measurements);

    /// <summary>Adds one packet's level (writer side, one thread).</summary>
    /// <param name="levelDbov">The packet's level in -dBov; clamped to 0..127.</param>
    public void Add(int levelDbov)
    {
        var level = Math.Clamp(levelDbov, 0, Silence);
        var step = level < _smoothed ? Attack : Release;
        _smoothed += (level - _smoothed) * step;
        _level = (int)MathF.Round(_smoothed);
        Interlocked.Increment(ref _measurements);
    }

    /// <summary>
    /// The level for one periodic reader: <see cref="Level"/>, or <see cref="Silence"/> once
    /// <see cref="StaleAfterSamples"/> reads in a row found no new packet (the sender stopped sending,
    /// for example with discontinuous transmission or a muted track). Not for several readers.
    /// </summary>
    public int Sample()
    {
        var measurements = Measurements;
        if (measurements != _sampledMeasurements)
        {
            _sampledMeasurements = measurements;
            _unchangedSamples = 0;
            return Level;
        }

        _unchangedSamples = Math.Min(_unchangedSamples + 1, StaleAfterSamples);
        return _unchangedSamples >= StaleAfterSamples ? Silence : Level;
    }

    /// <summary>
    /// The RMS level of 16-bit samples in -dBov (full-scale square wave = 0, full-scale sine = 3),
    /// rounded and clamped to 0..127; digital silence and an empty span are 127.
    /// </summary>
    public static int Measure(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return Silence;
        }

        long sum = 0;
        foreach (var sample in samples)
        {
            sum += sample * sample;
        }

        if (sum == 0)
        {
            return Silence;
        }

        var meanSquare = (double)sum / samples.Length / (32_767.0 * 32_767.0);
        var dbov = 10 * Math.Log10(meanSquare);
        return Math.Clamp((int)Math.Round(-dbov), 0, Silence);
    }
}
