namespace LiveServer.WebRtc.Srtp;

/// <summary>Why an SRTP or SRTCP packet was refused. Every refusal leaves the stream state untouched.</summary>
public enum SrtpError
{
    /// <summary>The packet was accepted.</summary>
    None = 0,

    /// <summary>Shorter than a header plus the authentication tag (and SRTCP index).</summary>
    TooShort,

    /// <summary>Not RTP/RTCP version 2, or the RTP header (CSRCs, extension) runs past the payload.</summary>
    Malformed,

    /// <summary>The authentication tag did not verify: forged, corrupted, or keyed differently.</summary>
    AuthenticationFailed,

    /// <summary>The index was already received (RFC 3711 section 3.3.2).</summary>
    Replayed,

    /// <summary>The index lies behind the 64-packet replay window, or before the stream began.</summary>
    TooOld,

    /// <summary>A new SSRC would exceed the context's stream limit.</summary>
    TooManyStreams,
}
