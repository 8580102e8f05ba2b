// RFC 3550 section 5.1 (RTP fixed header, CSRC list, header extension, padding) and RFC 8285
// sections 4.2 and 4.3 (one-byte and two-byte header extension elements). A view over the caller's
// bytes: nothing is copied and nothing is allocated. Not covered: RFC 3550 A.1 source validation
// (see ReceiverStatistics) and the RFC 8285 mixed one-byte/two-byte negotiation (a receiver reads
// whichever form arrives).
using System.Buffers.Binary;

namespace LiveServer.WebRtc.Rtp;

/// <summary>A parsed RTP packet: a read-only view over the datagram bytes.</summary>
public readonly ref struct RtpPacket
{
    /// <summary>Size of the fixed RTP header.</summary>
    public const int FixedHeaderLength = 12;

    /// <summary>RFC 8285 profile value of the one-byte header extension form.</summary>
    public const ushort OneByteExtensionProfile = 0xBEDE;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _extensionOffset;
    private readonly int _extensionLength;
    private readonly int _payloadOffset;
    private readonly int _payloadLength;

    private RtpPacket(ReadOnlySpan<byte> data, int extensionOffset, int extensionLength, int payloadOffset, int payloadLength)
    {
        _data = data;
        _extensionOffset = extensionOffset;
        _extensionLength = extensionLength;
        _payloadOffset = payloadOffset;
        _payloadLength = payloadLength;
    }

    /// <summary>The whole datagram this packet was parsed from, padding included.</summary>
    public ReadOnlySpan<byte> Bytes => _data;

    /// <summary>The RTP version; always 2 for a parsed packet.</summary>
    public int Version => _data[0] >> 6;

    /// <summary>The P bit: the packet ends with padding (already removed from <see cref="Payload"/>).</summary>
    public bool HasPadding => (_data[0] & 0x20) != 0;

    /// <summary>The X bit: a header extension follows the CSRC list.</summary>
    public bool HasExtension => (_data[0] & 0x10) != 0;

    /// <summary>The CC field: number of CSRC identifiers.</summary>
    public int CsrcCount => _data[0] & 0x0F;

    /// <summary>The M bit; for video, set on the last packet of a frame.</summary>
    public bool Marker => (_data[1] & 0x80) != 0;

    /// <summary>The PT field, 0..127.</summary>
    public byte PayloadType => (byte)(_data[1] & 0x7F);

    /// <summary>The 16-bit sequence number.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_data[2..]);

    /// <summary>The RTP timestamp in clock-rate units.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    /// <summary>The synchronization source identifier.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_data[8..]);

    /// <summary>The header extension profile (0xBEDE one-byte, 0x100x two-byte), or 0 without extension.</summary>
    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_data[(_extensionOffset - 4)..]) : (ushort)0;

    /// <summary>The header extension data (after the profile and length words).</summary>
    public ReadOnlySpan<byte> ExtensionData => _data.Slice(_extensionOffset, _extensionLength);

    /// <summary>Length of the header: fixed part, CSRCs and extension.</summary>
    public int HeaderLength => _payloadOffset;

    /// <summary>The payload with any padding removed.</summary>
    public ReadOnlySpan<byte> Payload => _data.Slice(_payloadOffset, _payloadLength);

    /// <summary>Number of padding bytes at the end of the datagram (0 without the P bit).</summary>
    public int PaddingLength => _data.Length - _payloadOffset - _payloadLength;

    /// <summary>Reads one contributing source identifier.</summary>
    /// <param name="index">0-based index below <see cref="CsrcCount"/>.</param>
    /// <returns>The CSRC.</returns>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_data[(FixedHeaderLength + (4 * index))..]);
    }

    /// <summary>Enumerates the RFC 8285 extension elements (empty for an unknown profile or no extension).</summary>
    /// <returns>A reader over the elements.</returns>
    public RtpHeaderExtensionReader GetExtensions() => new(ExtensionProfile, ExtensionData);

    /// <summary>Finds the first header extension element with the given local identifier.</summary>
    /// <param name="id">The extmap id negotiated in SDP (1..14 one-byte, 1..255 two-byte).</param>
    /// <param name="data">The element data.</param>
    /// <returns><see langword="true"/> when an element with that id is present and well-formed.</returns>
    public bool TryGetExtension(int id, out ReadOnlySpan<byte> data)
    {
        var reader = GetExtensions();
        while (reader.TryReadNext(out var elementId, out var elementData))
        {
            if (elementId == id)
            {
                data = elementData;
                return true;
            }
        }

        data = default;
        return false;
    }

    /// <summary>Reads the RFC 6464 audio level from the extension with the given id.</summary>
    /// <param name="id">The extmap id of urn:ietf:params:rtp-hdrext:ssrc-audio-level.</param>
    /// <param name="level">The level.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetAudioLevel(int id, out AudioLevel level)
    {
        if (TryGetExtension(id, out var data))
        {
            return AudioLevel.TryRead(data, out level);
        }

        level = default;
        return false;
    }

    /// <summary>Parses a datagram. Never throws on hostile input.</summary>
    /// <param name="data">The datagram (after SRTP decryption).</param>
    /// <param name="packet">The parsed view.</param>
    /// <returns><see langword="true"/> when the datagram is a valid RTP packet.</returns>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet) => TryParse(data, out packet, out _);

    /// <summary>Parses a datagram and says why it was refused. Never throws on hostile input.</summary>
    /// <param name="data">The datagram (after SRTP decryption).</param>
    /// <param name="packet">The parsed view.</param>
    /// <param name="error">Why the datagram was refused, or <see cref="RtpParseError.None"/>.</param>
    /// <returns><see langword="true"/> when the datagram is a valid RTP packet.</returns>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet, out RtpParseError error)
    {
        packet = default;
        if (data.Length < FixedHeaderLength)
        {
            error = RtpParseError.TooShort;
            return false;
        }

        if (data[0] >> 6 != 2)
        {
            error = RtpParseError.BadVersion;
            return false;
        }

        var offset = FixedHeaderLength + (4 * (data[0] & 0x0F));
        if (offset > data.Length)
        {
            error = RtpParseError.TruncatedCsrcList;
            return false;
        }

        var extensionOffset = offset;
        var extensionLength = 0;
        if ((data[0] & 0x10) != 0)
        {
            if (offset + 4 > data.Length)
            {
                error = RtpParseError.TruncatedExtension;
                return false;
            }

            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            extensionOffset = offset + 4;
            if (extensionLength > data.Length - extensionOffset)
            {
                error = RtpParseError.TruncatedExtension;
                return false;
            }

            offset = extensionOffset + extensionLength;
        }

        var payloadLength = data.Length - offset;
        if ((data[0] & 0x20) != 0)
        {
            // RFC 3550 5.1: the last octet counts the padding octets, itself included.
            int padding = data[^1];
            if (padding == 0 || padding > payloadLength)
            {
                error = RtpParseError.BadPadding;
                return false;
            }

            payloadLength -= padding;
        }

        packet = new RtpPacket(data, extensionOffset, extensionLength, offset, payloadLength);
        error = RtpParseError.None;
        return true;
    }
}
