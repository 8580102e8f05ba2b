namespace LiveServer.WebRtc.Sdp;

/// <summary>The kind of problem an <see cref="SdpError"/> reports.</summary>
public enum SdpErrorCode
{
    /// <summary>No specific code.</summary>
    None = 0,

    /// <summary>The description is empty.</summary>
    Empty,

    /// <summary>The description is larger than <see cref="SessionDescription.MaxLength"/>.</summary>
    TooLarge,

    /// <summary>The first line is not "v=0".</summary>
    BadVersion,

    /// <summary>A line is not of the form "&lt;letter&gt;=&lt;value&gt;".</summary>
    MalformedLine,

    /// <summary>The o= line does not have its six fields.</summary>
    MalformedOrigin,

    /// <summary>An m= line is malformed (media, port, protocol, formats).</summary>
    MalformedMediaLine,

    /// <summary>An attribute value does not follow its grammar.</summary>
    MalformedAttribute,

    /// <summary>Two m-sections share a mid, or an m-section lacks one.</summary>
    BadMid,

    /// <summary>The offer has no m-sections.</summary>
    NoMedia,

    /// <summary>An m-section lacks a=ice-ufrag or a=ice-pwd at both media and session level.</summary>
    MissingIceCredentials,

    /// <summary>An m-section lacks a=fingerprint at both media and session level.</summary>
    MissingFingerprint,

    /// <summary>No fingerprint uses a hash function the server supports (sha-256, sha-384, sha-512).</summary>
    UnsupportedFingerprint,

    /// <summary>The offer's a=setup leaves no role for a passive DTLS server.</summary>
    IncompatibleSetup,

    /// <summary>No audio or video m-section could be accepted (codecs, transport, bundling).</summary>
    NoSupportedMedia,
}
