using System.ComponentModel.DataAnnotations;
using System.Net;

namespace LiveServer.Api.Ingest;

/// <summary>WebRTC ingest settings, section <c>WebRtc</c>.</summary>
public sealed class WebRtcOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "WebRtc";

    /// <summary>The one UDP port for every session's ICE, DTLS and SRTP (0: any free port).</summary>
    [Range(0, 65535, ErrorMessage = "WebRtc:UdpPort must be between 0 and 65535.")]
    public int UdpPort { get; set; } = 5090;

    /// <summary>
    /// The local address of the UDP port. <c>::</c> (default): one socket per usable IPv4 and IPv6
    /// interface address; <c>0.0.0.0</c>: IPv4 interface addresses only; a specific address: that one.
    /// </summary>
    public string BindAddress { get; set; } = "::";

    /// <summary>With a wildcard bind address, the interfaces (by name, e.g. <c>eth0</c>) whose addresses are bound and announced; empty: all.</summary>
    public string[] AnnounceInterfaces { get; set; } = [];

    /// <summary>
    /// Addresses announced to browsers as host candidates instead of the bound ones (the machine's
    /// public address behind NAT or in a container). Empty: the bound addresses, loopback last.
    /// </summary>
    public string[] PublicAddresses { get; set; } = [];

    /// <summary>A session without a valid ICE consent check for this long is closed (RFC 7675).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "WebRtc:ConsentTimeout must be between 1 s and 5 min.")]
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Test switch: drop this share (0–50 %) of inbound media packets on purpose to exercise NACK and PLI.</summary>
    [Range(0.0, 50.0, ErrorMessage = "WebRtc:InboundRtpLossPercent must be between 0 and 50.")]
    public double InboundRtpLossPercent { get; set; }

    /// <summary>STUN/TURN servers offered to WHIP clients in <c>Link: rel="ice-server"</c> headers.</summary>
    public IceServerOptions[] IceServers { get; set; } = [];

    /// <summary>True when every address parses.</summary>
    public bool HasValidAddresses =>
        IPAddress.TryParse(BindAddress, out _) && PublicAddresses.All(a => IPAddress.TryParse(a, out _));
}

/// <summary>One STUN or TURN server for clients.</summary>
public sealed class IceServerOptions
{
    /// <summary>e.g. <c>turn:turn.example.com:3478?transport=udp</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>TURN username, if any.</summary>
    public string? Username { get; set; }

    /// <summary>TURN credential, if any.</summary>
    public string? Credential { get; set; }
}
