namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// How long a session took to connect, each step measured from the moment its answer was made
/// (<see langword="null"/> until the step happened): where offer → first picture spends its time.
/// </summary>
public sealed record ConnectTimeline
{
    /// <summary>The first authenticated STUN check arrived (the client's candidate checks reached us).</summary>
    public TimeSpan? FirstCheck { get; init; }

    /// <summary>The first check with USE-CANDIDATE (the client nominated a pair).</summary>
    public TimeSpan? Nominated { get; init; }

    /// <summary>The DTLS handshake finished and the SRTP keys were in place.</summary>
    public TimeSpan? DtlsConnected { get; init; }

    /// <summary>The first video RTP packet was decrypted and routed.</summary>
    public TimeSpan? FirstVideoPacket { get; init; }

    /// <summary>The first PLI was sent.</summary>
    public TimeSpan? FirstPli { get; init; }

    /// <summary>The first whole media frame was emitted (audio or video).</summary>
    public TimeSpan? FirstFrame { get; init; }

    /// <summary>The first video keyframe was emitted: the publisher is connected and its picture can start.</summary>
    public TimeSpan? FirstKeyframe { get; init; }
}
