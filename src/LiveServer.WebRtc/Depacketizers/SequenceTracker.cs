namespace LiveServer.WebRtc.Depacketizers;

/// <summary>
/// Follows the RTP sequence numbers a depacketizer receives (RFC 3550 section 5.1, modulo 2^16): each
/// packet is the next one, comes after a gap (packets were lost: the frame being assembled is broken),
/// or is old (a duplicate or a late packet that the jitter buffer should have held back).
/// </summary>
internal struct SequenceTracker
{
    private ushort _last;
    private bool _started;

    /// <summary>Takes the next packet's sequence number; an old one leaves the state unchanged.</summary>
    public SequenceStep Advance(ushort sequence)
    {
        var step = SequenceStep.Next;
        if (_started && sequence != (ushort)(_last + 1))
        {
            if ((short)(sequence - _last) <= 0)
            {
                return SequenceStep.Old;
            }

            step = SequenceStep.AfterGap;
        }

        _started = true;
        _last = sequence;
        return step;
    }

    /// <summary>Forgets the stream: the next packet starts it again.</summary>
    public void Reset() => _started = false;
}

/// <summary>Where a packet stands in its stream's sequence.</summary>
internal enum SequenceStep
{
    /// <summary>The packet after the last one.</summary>
    Next,

    /// <summary>Later than expected: packets in between were lost.</summary>
    AfterGap,

    /// <summary>A duplicate or a packet older than the last one.</summary>
    Old,
}
