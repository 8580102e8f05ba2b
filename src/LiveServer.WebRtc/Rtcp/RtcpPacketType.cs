namespace LiveServer.WebRtc.Rtcp;

/// <summary>RTCP packet types (RFC 3550 section 12.1, RFC 4585 section 6.1, RFC 3611).</summary>
public enum RtcpPacketType
{
    /// <summary>Not a known RTCP packet type.</summary>
    Unknown = 0,

    /// <summary>SR, sender report (RFC 3550 6.4.1).</summary>
    SenderReport = 200,

    /// <summary>RR, receiver report (RFC 3550 6.4.2).</summary>
    ReceiverReport = 201,

    /// <summary>SDES, source description (RFC 3550 6.5).</summary>
    SourceDescription = 202,

    /// <summary>BYE, goodbye (RFC 3550 6.6).</summary>
    Goodbye = 203,

    /// <summary>APP, application-defined (RFC 3550 6.7).</summary>
    ApplicationDefined = 204,

    /// <summary>RTPFB, transport-layer feedback (RFC 4585 6.2): generic NACK, transport-cc.</summary>
    TransportFeedback = 205,

    /// <summary>PSFB, payload-specific feedback (RFC 4585 6.3): PLI, FIR, REMB.</summary>
    PayloadSpecificFeedback = 206,

    /// <summary>XR, extended report (RFC 3611).</summary>
    ExtendedReport = 207,
}
