using System.Net;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// Settings of a <see cref="WebRtcEndpoint"/>: the one UDP port every session shares, the addresses
/// announced as ICE host candidates, and the session timers. <see cref="Validate"/> names the
/// offending property.
/// </summary>
public sealed class WebRtcEndpointOptions
{
    /// <summary>The UDP port for ICE, DTLS and SRTP of all sessions; 0 picks an ephemeral port (tests). Default 5090.</summary>
    public int UdpPort { get; set; } = 5090;

    /// <summary>
    /// The local address to bind. A specific address: one socket on it. <see cref="IPAddress.Any"/>:
    /// one socket per usable IPv4 interface address; <see cref="IPAddress.IPv6Any"/> (the default):
    /// one per usable IPv4 and IPv6 interface address (see <see cref="Ice.HostAddresses"/>).
    /// </summary>
    public IPAddress BindAddress { get; set; } = IPAddress.IPv6Any;

    /// <summary>With a wildcard <see cref="BindAddress"/>, the interface names whose addresses are used (empty: every interface).</summary>
    public IReadOnlyList<string> Interfaces { get; set; } = [];

    /// <summary>
    /// The addresses put into SDP answers as host candidates, most preferred first (public or NAT
    /// addresses). Empty: the bound addresses, loopback last.
    /// </summary>
    public IReadOnlyList<IPAddress> AnnouncedAddresses { get; set; } = [];

    /// <summary>
    /// A session that receives no authenticated STUN Binding request for this long is closed with
    /// "consent timeout" (RFC 7675 section 5.1 uses 30 s). Also bounds how long an answered session
    /// may wait for its first check. Default 30 s.
    /// </summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit on the DTLS handshake, from the first successful STUN check. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Test switch: the percentage (0..100) of inbound SRTP media packets dropped on purpose before
    /// decryption, chosen by a fixed-seed pseudo-random sequence per session so that runs repeat.
    /// Default 0.
    /// </summary>
    public double InboundRtpLossPercent { get; set; }

    /// <summary>
    /// The initial <see cref="PeerSession.KeyframeInterval"/> of new sessions: while positive, every
    /// video SSRC is sent a PLI at this interval (a livestream sets about 2 s on its sessions so HLS
    /// segments can start on keyframes). Zero turns periodic requests off. Default 0.
    /// </summary>
    public TimeSpan KeyframeInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Most sessions at once; further offers are refused. Default 500.</summary>
    public int MaxSessions { get; set; } = 500;

    /// <summary>
    /// The ceiling announced in REMB for video (bits per second); the estimate backs off from it
    /// when loss is seen. Default 2.5 Mbit/s.
    /// </summary>
    public long MaxVideoBitrate { get; set; } = 2_500_000;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range; the message names the property.</exception>
    public void Validate()
    {
        if (UdpPort is < 0 or > 65535)
        {
            throw new ArgumentException($"{nameof(UdpPort)} must be between 0 and 65535, was {UdpPort}.", nameof(UdpPort));
        }

        if (BindAddress is null)
        {
            throw new ArgumentException($"{nameof(BindAddress)} is required.", nameof(BindAddress));
        }

        if (AnnouncedAddresses is null || AnnouncedAddresses.Any(a => a is null))
        {
            throw new ArgumentException($"{nameof(AnnouncedAddresses)} must not be null or hold null entries.", nameof(AnnouncedAddresses));
        }

        if (Interfaces is null || Interfaces.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"{nameof(Interfaces)} must not be null or hold empty names.", nameof(Interfaces));
        }

        if (ConsentTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ConsentTimeout)} must be positive, was {ConsentTimeout}.", nameof(ConsentTimeout));
        }

        if (HandshakeTimeout <= TimeSpan.Zero || HandshakeTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException($"{nameof(HandshakeTimeout)} must be positive, was {HandshakeTimeout}.", nameof(HandshakeTimeout));
        }

        if (double.IsNaN(InboundRtpLossPercent) || InboundRtpLossPercent is < 0 or > 100)
        {
            throw new ArgumentException($"{nameof(InboundRtpLossPercent)} must be between 0 and 100, was {InboundRtpLossPercent}.", nameof(InboundRtpLossPercent));
        }

        if (KeyframeInterval < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(KeyframeInterval)} must not be negative, was {KeyframeInterval}.", nameof(KeyframeInterval));
        }

        if (MaxSessions < 1)
        {
            throw new ArgumentException($"{nameof(MaxSessions)} must be at least 1, was {MaxSessions}.", nameof(MaxSessions));
        }

        if (MaxVideoBitrate < 100_000)
        {
            throw new ArgumentException($"{nameof(MaxVideoBitrate)} must be at least 100000, was {MaxVideoBitrate}.", nameof(MaxVideoBitrate));
        }
    }

    /// <summary>A copy, so that changing the caller's instance after Start has no effect.</summary>
    internal WebRtcEndpointOptions Clone() => (WebRtcEndpointOptions)MemberwiseClone();
}
