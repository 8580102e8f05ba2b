namespace LiveServer.WebRtc.Rtp;

/// <summary>What <see cref="JitterBuffer.Insert"/> did with a packet.</summary>
public enum JitterBufferInsertResult
{
    /// <summary>Stored for in-order release.</summary>
    Accepted = 0,

    /// <summary>The same sequence number is already held; dropped.</summary>
    Duplicate,

    /// <summary>Its sequence number was already released or given up; dropped.</summary>
    TooLate,

    /// <summary>Larger than <see cref="JitterBufferOptions.MaxPacketSize"/>; dropped.</summary>
    TooLarge,

    /// <summary>
    /// A buffer length or more away from the expected sequence number: dropped, unless the next
    /// packet follows it, which confirms a restart or long loss and resynchronizes the buffer.
    /// </summary>
    Discontinuity,
}
