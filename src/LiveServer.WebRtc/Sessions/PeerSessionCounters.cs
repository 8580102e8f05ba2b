namespace LiveServer.WebRtc.Sessions;

/// <summary>A snapshot of one <see cref="PeerSession"/>'s media counters.</summary>
public sealed record PeerSessionCounters
{
    /// <summary>SRTP packets that decrypted, parsed as RTP and belonged to a negotiated stream (retransmissions included).</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Bytes of those packets after decryption.</summary>
    public long BytesReceived { get; init; }

    /// <summary>RFC 4588 retransmissions received and restored.</summary>
    public long RetransmissionsReceived { get; init; }

    /// <summary>Sequence numbers given up as lost by the jitter buffers (loss that NACK did not repair).</summary>
    public long PacketsLost { get; init; }

    /// <summary>SRTP packets dropped on purpose by <see cref="WebRtcEndpointOptions.InboundRtpLossPercent"/>.</summary>
    public long PacketsDroppedForTest { get; init; }

    /// <summary>RTCP generic NACK packets sent.</summary>
    public long NacksSent { get; init; }

    /// <summary>Sequence numbers requested in those NACKs (each retry counts).</summary>
    public long NackedPackets { get; init; }

    /// <summary>RTCP PLI packets sent (one per video SSRC asked).</summary>
    public long PlisSent { get; init; }

    /// <summary>Compound receiver reports sent.</summary>
    public long ReceiverReportsSent { get; init; }

    /// <summary>The last REMB estimate sent, in bits per second (0 before the first).</summary>
    public long LastRembBitrate { get; init; }

    /// <summary>Keyframes emitted.</summary>
    public long Keyframes { get; init; }

    /// <summary>SRTP/SRTCP packets that failed authentication or replay checks.</summary>
    public long DecryptFailures { get; init; }

    /// <summary>Decrypted packets refused: not RTP, unknown payload type or SSRC, bad RTX, or too many SSRCs.</summary>
    public long PacketsRefused { get; init; }

    /// <summary>SRTCP packets that decrypted.</summary>
    public long RtcpPacketsReceived { get; init; }

    /// <summary>Complete frames handed to <see cref="PeerSession.FrameReceived"/>.</summary>
    public long FramesEmitted { get; init; }

    /// <summary>Frames the depacketizers dropped as incomplete or undecodable (never emitted).</summary>
    public long FramesDiscarded { get; init; }
}
