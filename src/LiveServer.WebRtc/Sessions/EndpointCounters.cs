namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// A snapshot of a <see cref="WebRtcEndpoint"/>'s datagram counters since it started. The endpoint
/// counts instead of logging per packet; the host reads these for metrics and aggregated logs.
/// </summary>
public sealed record EndpointCounters
{
    /// <summary>UDP datagrams received on the socket.</summary>
    public long DatagramsReceived { get; init; }

    /// <summary>Bytes in those datagrams.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Datagrams sent: STUN responses, DTLS flights and SRTCP feedback.</summary>
    public long DatagramsSent { get; init; }

    /// <summary>Sends that failed at the socket (treated as loss).</summary>
    public long SendFailures { get; init; }

    /// <summary>STUN Binding requests answered with a success response.</summary>
    public long StunRequestsAnswered { get; init; }

    /// <summary>STUN requests whose USERNAME named no session's local ufrag: dropped without an answer.</summary>
    public long StunUnknownUfrag { get; init; }

    /// <summary>STUN requests for a known session that failed MESSAGE-INTEGRITY or named a wrong remote ufrag: answered with 401.</summary>
    public long StunUnauthorized { get; init; }

    /// <summary>
    /// STUN datagrams dropped as malformed or not for us: unparsable, bad or missing FINGERPRINT,
    /// no USERNAME, or not a Binding request (indications and responses are ignored here too).
    /// </summary>
    public long StunDropped { get; init; }

    /// <summary>DTLS or SRTP/SRTCP datagrams from an address that passed no STUN check for any session: dropped.</summary>
    public long Unmatched { get; init; }

    /// <summary>Datagrams dropped for any other reason: outside the RFC 7983 ranges, empty, or from a closing session.</summary>
    public long Dropped { get; init; }

    /// <summary>Offers refused (bad SDP, nothing acceptable, or <see cref="WebRtcEndpointOptions.MaxSessions"/> reached).</summary>
    public long OffersRefused { get; init; }

    /// <summary>Sessions created by <see cref="WebRtcEndpoint.Accept"/>.</summary>
    public long SessionsCreated { get; init; }

    /// <summary>Faults caught while handling a datagram or a timer tick (a bug or a throwing event handler); the loop went on.</summary>
    public long Faults { get; init; }
}
