namespace LiveServer.WebRtc.Rtp;

/// <summary>
/// A packet released by <see cref="JitterBuffer.TryDequeue"/>. Its bytes live in the buffer's pool
/// and stay valid only until the next call to <see cref="JitterBuffer.TryDequeue"/>,
/// <see cref="JitterBuffer.Reset"/> or <see cref="JitterBuffer.Dispose"/>.
/// </summary>
public readonly ref struct JitterBufferPacket
{
    /// <summary>Creates a released packet.</summary>
    /// <param name="packet">The parsed packet.</param>
    /// <param name="extendedSequenceNumber">Its extended sequence number.</param>
    /// <param name="arrival">When it was inserted.</param>
    /// <param name="lostBefore">How many sequence numbers right before it were given up.</param>
    public JitterBufferPacket(RtpPacket packet, long extendedSequenceNumber, TimeSpan arrival, int lostBefore)
    {
        Packet = packet;
        ExtendedSequenceNumber = extendedSequenceNumber;
        Arrival = arrival;
        LostBefore = lostBefore;
    }

    /// <summary>The parsed packet.</summary>
    public RtpPacket Packet { get; }

    /// <summary>The extended (wrap-free) sequence number.</summary>
    public long ExtendedSequenceNumber { get; }

    /// <summary>The time passed to <see cref="JitterBuffer.Insert"/> for this packet.</summary>
    public TimeSpan Arrival { get; }

    /// <summary>Number of sequence numbers immediately before this packet that were given up (0 when contiguous).</summary>
    public int LostBefore { get; }
}
