namespace LiveServer.WebRtc.Rtp;

/// <summary>Settings of a <see cref="JitterBuffer"/>.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>Number of packets held at most; a power of two. Default 512.</summary>
    public int Capacity { get; init; } = 512;

    /// <summary>How long a gap may hold back later packets before it is given up as lost. Default 150 ms.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Largest packet accepted; bigger ones are refused and counted. Default 2048 bytes.</summary>
    public int MaxPacketSize { get; init; } = 2048;
}
