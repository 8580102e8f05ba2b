namespace LiveServer.WebRtc.Rtp;

/// <summary>
/// Extends 16-bit RTP sequence numbers to a monotonic 64-bit space by choosing, for each number,
/// the value closest to the highest one seen (RFC 3550 A.1 uses the same idea with a cycle count).
/// A mutable value type: keep it in a field, never copy it.
/// </summary>
public struct SequenceNumberUnwrapper
{
    private long _highest;
    private bool _started;

    /// <summary>The highest extended sequence number seen, or 0 before the first packet.</summary>
    public readonly long Highest => _highest;

    /// <summary>Maps a 16-bit sequence number to the extended space without changing any state.</summary>
    /// <param name="sequenceNumber">The packet's sequence number.</param>
    /// <returns>The extended sequence number <see cref="Unwrap"/> would return.</returns>
    public readonly long Peek(ushort sequenceNumber) =>
        _started ? _highest + (short)(ushort)(sequenceNumber - (ushort)_highest) : sequenceNumber;

    /// <summary>Maps a 16-bit sequence number to the extended space and advances the highest value.</summary>
    /// <param name="sequenceNumber">The packet's sequence number.</param>
    /// <returns>The extended sequence number (the first packet maps to its own value).</returns>
    public long Unwrap(ushort sequenceNumber)
    {
        var extended = Peek(sequenceNumber);
        if (!_started)
        {
            _started = true;
            _highest = extended;
            return extended;
        }

        if (extended > _highest)
        {
            _highest = extended;
        }

        return extended;
    }

    /// <summary>Forgets all state; the next number starts a new space.</summary>
    public void Reset()
    {
        _highest = 0;
        _started = false;
    }
}
