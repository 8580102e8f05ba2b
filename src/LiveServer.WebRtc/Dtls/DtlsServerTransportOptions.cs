namespace LiveServer.WebRtc.Dtls;

/// <summary>
/// Settings of one <see cref="DtlsServerTransport"/>. The defaults suit browsers on the public internet.
/// </summary>
public sealed record DtlsServerTransportOptions
{
    /// <summary>The shared default instance.</summary>
    public static DtlsServerTransportOptions Default { get; } = new();

    /// <summary>Overall limit on the handshake, from <see cref="DtlsServerTransport.HandshakeAsync"/> to the server Finished. Default 10 s.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// First retransmission timer of a handshake flight (RFC 6347 section 4.2.4.1 recommends 1 s); it
    /// doubles on every retransmission. Default 1 s.
    /// </summary>
    public TimeSpan InitialRetransmitTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest datagram the server sends (path MTU minus IP/UDP headers); handshake messages that do not
    /// fit are fragmented (RFC 6347 section 4.2.3). Default 1200, which passes nearly every path.
    /// </summary>
    public int MaxSendDatagramSize { get; init; } = 1200;

    /// <summary>Largest datagram accepted from the peer; larger ones are rejected. Default 2048.</summary>
    public int MaxReceiveDatagramSize { get; init; } = 2048;

    /// <summary>Datagrams that may wait for the DTLS layer; more are dropped and counted. Default 64.</summary>
    public int ReceiveQueueCapacity { get; init; } = 64;

    /// <summary>
    /// SRTP protection profiles this server accepts, most preferred first; the first one the client also
    /// offers is chosen. Only values in <see cref="DtlsSrtpProfile.Supported"/> are allowed.
    /// Default: GCM, then AES-CM with HMAC-SHA1-80.
    /// </summary>
    public IReadOnlyList<ushort> SrtpProfiles { get; init; } = DtlsSrtpProfile.Supported;

    /// <summary>Checks the values; the message names the offending property.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (HandshakeTimeout <= TimeSpan.Zero || HandshakeTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException($"{nameof(HandshakeTimeout)} must be positive, was {HandshakeTimeout}.", nameof(HandshakeTimeout));
        }

        if (InitialRetransmitTimeout < TimeSpan.FromMilliseconds(1) || InitialRetransmitTimeout > TimeSpan.FromSeconds(60))
        {
            throw new ArgumentException($"{nameof(InitialRetransmitTimeout)} must be between 1 ms and 60 s, was {InitialRetransmitTimeout}.", nameof(InitialRetransmitTimeout));
        }

        // Below ~200 bytes the fixed part of some handshake messages plus record and fragment
        // headers no longer fits.
        if (MaxSendDatagramSize is < 200 or > 65507)
        {
            throw new ArgumentException($"{nameof(MaxSendDatagramSize)} must be between 200 and 65507, was {MaxSendDatagramSize}.", nameof(MaxSendDatagramSize));
        }

        if (MaxReceiveDatagramSize is < 200 or > 65507)
        {
            throw new ArgumentException($"{nameof(MaxReceiveDatagramSize)} must be between 200 and 65507, was {MaxReceiveDatagramSize}.", nameof(MaxReceiveDatagramSize));
        }

        if (ReceiveQueueCapacity < 1)
        {
            throw new ArgumentException($"{nameof(ReceiveQueueCapacity)} must be at least 1, was {ReceiveQueueCapacity}.", nameof(ReceiveQueueCapacity));
        }

        if (SrtpProfiles is null || SrtpProfiles.Count == 0 || SrtpProfiles.Any(p => !DtlsSrtpProfile.IsSupported(p)))
        {
            throw new ArgumentException(
                $"{nameof(SrtpProfiles)} must list one or more of {string.Join(", ", DtlsSrtpProfile.Supported.Select(DtlsSrtpProfile.GetName))}.",
                nameof(SrtpProfiles));
        }
    }
}
