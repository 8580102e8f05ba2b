namespace LiveServer.Media.Audio;

/// <summary>
/// A participant's decoded audio waiting for the mixer: interleaved 16-bit stereo at 48 kHz in a
/// ring. The mixer reads on the compositor clock; a reader that finds too little gets silence for the
/// rest (the participant stalled) and waits for <see cref="PrimeSamples"/> before playing again, so a
/// stall never shifts other participants. More than <see cref="MaxLatencySamples"/> waiting drops the
/// oldest audio to bound the delay.
/// </summary>
public sealed class PcmJitterBuffer
{
    /// <summary>Frames (per channel) buffered before playback starts or resumes: 60 ms.</summary>
    public const int PrimeSamples = 2_880;

    /// <summary>Frames (per channel) kept at most: 200 ms.</summary>
    public const int MaxLatencySamples = 9_600;

    private const int Channels = 2;
    private readonly Lock _gate = new();
    private readonly short[] _ring = new short[MaxLatencySamples * Channels * 2];
    private int _readPosition;
    private int _count;
    private bool _playing;

    /// <summary>Frames dropped because the buffer was over its latency bound.</summary>
    public long DroppedSamples { get; private set; }

    /// <summary>Frames of silence given because the buffer ran dry.</summary>
    public long UnderrunSamples { get; private set; }

    /// <summary>Frames (per channel) waiting.</summary>
    public int Buffered
    {
        get
        {
            lock (_gate)
            {
                return _count / Channels;
            }
        }
    }

    /// <summary>Appends interleaved stereo samples.</summary>
    public void Write(ReadOnlySpan<short> interleaved)
    {
        lock (_gate)
        {
            if (interleaved.Length > _ring.Length)
            {
                interleaved = interleaved[^_ring.Length..];
            }

            var writePosition = (_readPosition + _count) % _ring.Length;
            var first = Math.Min(interleaved.Length, _ring.Length - writePosition);
            interleaved[..first].CopyTo(_ring.AsSpan(writePosition));
            interleaved[first..].CopyTo(_ring);
            _count += interleaved.Length;
            var excess = _count - (MaxLatencySamples * Channels);
            if (excess > 0)
            {
                _readPosition = (_readPosition + excess) % _ring.Length;
                _count -= excess;
                DroppedSamples += excess / Channels;
            }
        }
    }

    /// <summary>
    /// Adds the next <c>destination.Length</c> interleaved samples into <paramref name="destination"/>
    /// (a mixing accumulator); silence where there is nothing to play.
    /// </summary>
    public void MixInto(Span<int> destination)
    {
        lock (_gate)
        {
            if (!_playing && _count >= PrimeSamples * Channels)
            {
                _playing = true;
            }

            if (!_playing)
            {
                return;
            }

            var take = Math.Min(destination.Length, _count);
            for (var i = 0; i < take; i++)
            {
                destination[i] += _ring[(_readPosition + i) % _ring.Length];
            }

            _readPosition = (_readPosition + take) % _ring.Length;
            _count -= take;
            if (take < destination.Length)
            {
                UnderrunSamples += (destination.Length - take) / Channels;
                _playing = false;
            }
        }
    }
}
