namespace LiveServer.WebRtc.Sdp;

/// <summary>Media direction attributes (RFC 8866 section 6.7).</summary>
public enum SdpMediaDirection
{
    /// <summary>a=sendrecv, the default.</summary>
    SendRecv = 0,

    /// <summary>a=sendonly.</summary>
    SendOnly,

    /// <summary>a=recvonly.</summary>
    RecvOnly,

    /// <summary>a=inactive.</summary>
    Inactive,
}
