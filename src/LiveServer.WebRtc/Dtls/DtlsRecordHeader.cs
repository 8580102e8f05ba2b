// The DTLS 1.0/1.2 record header: RFC 6347 section 4.1 (type, version, epoch, 48-bit sequence number,
// length; 13 bytes), with the content types of RFC 5246 section 6.2.1, RFC 6520 (heartbeat) and
// RFC 9146 (tls12_cid). It reads headers for demultiplexing and diagnostics only; decryption and
// handshake parsing are BouncyCastle's. DTLS 1.3 unified headers (RFC 9147 section 4) are not parsed.
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Dtls;

/// <summary>A parsed DTLS 1.0/1.2 record header (RFC 6347 section 4.1).</summary>
public readonly record struct DtlsRecordHeader
{
    /// <summary>Length of the header in bytes.</summary>
    public const int Size = 13;

    /// <summary>ContentType change_cipher_spec.</summary>
    public const byte ChangeCipherSpec = 20;

    /// <summary>ContentType alert.</summary>
    public const byte Alert = 21;

    /// <summary>ContentType handshake.</summary>
    public const byte Handshake = 22;

    /// <summary>ContentType application_data.</summary>
    public const byte ApplicationData = 23;

    /// <summary>ContentType heartbeat (RFC 6520).</summary>
    public const byte Heartbeat = 24;

    /// <summary>ContentType tls12_cid (RFC 9146); its header carries a connection id and is not parsed here.</summary>
    public const byte Tls12Cid = 25;

    /// <summary>Wire value of DTLS 1.0 (also used by DTLS 1.2 ClientHellos).</summary>
    public const ushort Dtls10 = 0xFEFF;

    /// <summary>Wire value of DTLS 1.2.</summary>
    public const ushort Dtls12 = 0xFEFD;

    /// <summary>Handshake message type client_hello (the first byte of a handshake record body).</summary>
    public const byte ClientHelloMessageType = 1;

    /// <summary>The record's content type.</summary>
    public byte ContentType { get; init; }

    /// <summary>The record's protocol version on the wire, e.g. <see cref="Dtls12"/>.</summary>
    public ushort Version { get; init; }

    /// <summary>The epoch: 0 before ChangeCipherSpec, then 1 for encrypted records.</summary>
    public ushort Epoch { get; init; }

    /// <summary>The 48-bit record sequence number.</summary>
    public long SequenceNumber { get; init; }

    /// <summary>Length of the record body that follows the header.</summary>
    public ushort Length { get; init; }

    /// <summary>Header plus body length.</summary>
    public int TotalLength => Size + Length;

    /// <summary>
    /// Reads the record header at the start of <paramref name="data"/>. Succeeds only when the content
    /// type is one of change_cipher_spec, alert, handshake, application_data or heartbeat, the version is
    /// a DTLS version (major byte 0xFE), and the whole body is present.
    /// </summary>
    /// <param name="data">A datagram, or the rest of one after earlier records.</param>
    /// <param name="header">The header when the method returns <see langword="true"/>.</param>
    /// <returns>Whether a complete, plausible record starts here.</returns>
    public static bool TryRead(ReadOnlySpan<byte> data, out DtlsRecordHeader header)
    {
        header = default;
        if (data.Length < Size)
        {
            return false;
        }

        byte contentType = data[0];
        ushort version = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
        if (contentType is < ChangeCipherSpec or > Heartbeat || (version >> 8) != 0xFE)
        {
            return false;
        }

        ushort length = BinaryPrimitives.ReadUInt16BigEndian(data[11..]);
        if (data.Length - Size < length)
        {
            return false;
        }

        header = new DtlsRecordHeader
        {
            ContentType = contentType,
            Version = version,
            Epoch = BinaryPrimitives.ReadUInt16BigEndian(data[3..]),
            SequenceNumber = (long)(((ulong)BinaryPrimitives.ReadUInt16BigEndian(data[5..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(data[7..])),
            Length = length,
        };
        return true;
    }

    /// <summary>
    /// Counts the complete records in a datagram (DTLS lets several records share one datagram).
    /// </summary>
    /// <param name="datagram">The datagram.</param>
    /// <returns>The number of records read before the end or the first malformed record.</returns>
    public static int CountRecords(ReadOnlySpan<byte> datagram)
    {
        int count = 0;
        while (TryRead(datagram, out DtlsRecordHeader header))
        {
            count++;
            datagram = datagram[header.TotalLength..];
        }

        return count;
    }

    /// <summary>
    /// Whether the datagram starts with a plaintext (epoch 0) handshake record carrying a ClientHello
    /// fragment: the first thing a DTLS client sends, and what a mux may wait for before creating state.
    /// </summary>
    /// <param name="datagram">The datagram.</param>
    /// <returns><see langword="true"/> for a ClientHello record.</returns>
    public static bool IsClientHello(ReadOnlySpan<byte> datagram) =>
        TryRead(datagram, out DtlsRecordHeader header)
        && header.ContentType == Handshake
        && header.Epoch == 0
        && header.Length > 0
        && datagram[Size] == ClientHelloMessageType;
}
