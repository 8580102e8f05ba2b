using System.Net;

namespace LiveServer.WebRtc.Sdp;

/// <summary>The local parameters an <see cref="SdpAnswerBuilder"/> puts into answers.</summary>
public sealed record SdpAnswerOptions
{
    /// <summary>Our ICE username fragment (4..256 ice-chars).</summary>
    public required string IceUfrag { get; init; }

    /// <summary>Our ICE password (22..256 ice-chars).</summary>
    public required string IcePwd { get; init; }

    /// <summary>The fingerprint of our DTLS certificate.</summary>
    public required SdpFingerprint Fingerprint { get; init; }

    /// <summary>The addresses to offer as host candidates, most preferred first.</summary>
    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    /// <summary>The one UDP port all sessions share.</summary>
    public required int Port { get; init; }

    /// <summary>The o= session id; random when <see langword="null"/>.</summary>
    public ulong? SessionId { get; init; }

    /// <summary>
    /// Accept transport-cc (rtcp-fb and the transport-wide sequence number extension) when offered.
    /// A sender that negotiates it expects transport-cc feedback and ignores REMB. Default true.
    /// </summary>
    public bool NegotiateTransportWideCc { get; init; } = true;
}
