namespace LiveServer.WebRtc.Rtp;

/// <summary>Settings of a <see cref="NackGenerator"/>.</summary>
public sealed record NackGeneratorOptions
{
    /// <summary>Wait after a gap is seen before the first NACK, to let mild reordering settle. Default 10 ms.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Times each sequence number is requested at most. Default 3.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Shortest wait between two requests for the same packet, whatever the RTT. Default 20 ms.</summary>
    public TimeSpan MinRetryInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>A missing packet older than this is given up (loss not repaired). Default 150 ms.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Round-trip time assumed until <see cref="NackGenerator.RoundTripTime"/> is set. Default 100 ms.</summary>
    public TimeSpan InitialRoundTripTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Most missing packets tracked; older ones are given up when more go missing. Default 256.</summary>
    public int MaxPending { get; init; } = 256;
}
