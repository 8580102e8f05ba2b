// STUN message writing: RFC 8489 sections 5 (header), 14 (attribute encoding with 32-bit padding;
// USERNAME 14.3, XOR-MAPPED-ADDRESS 14.2, MESSAGE-INTEGRITY 14.5, FINGERPRINT 14.7, ERROR-CODE
// 14.8) and the ICE attributes of RFC 8445 section 16.1.
//
// Left out: MESSAGE-INTEGRITY-SHA256, long-term credential helpers (SASLprep, MD5 key) and
// transaction id generation (an ICE-lite agent only answers). The writer fills a caller-provided
// span and allocates nothing; a too-small buffer or a misuse (an attribute after FINGERPRINT) is a
// programming fault and throws.
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LiveServer.WebRtc.Stun;

/// <summary>
/// Writes one STUN message into a caller-provided buffer. The header's Length is kept current
/// after every attribute, so <see cref="Written"/> is always a complete message.
/// </summary>
public ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;
    private bool _hasIntegrity;
    private bool _hasFingerprint;

    /// <summary>Starts a message: writes the 20-byte header with an empty attribute list.</summary>
    /// <param name="buffer">Where the message is written; at least 20 bytes.</param>
    /// <param name="method">The method, usually <see cref="StunMethod.Binding"/>.</param>
    /// <param name="messageClass">The class.</param>
    /// <param name="transactionId">The 12-byte transaction id (a response echoes the request's).</param>
    /// <exception cref="ArgumentException">The buffer is too small or the id is not 12 bytes.</exception>
    public StunMessageWriter(Span<byte> buffer, StunMethod method, StunClass messageClass, ReadOnlySpan<byte> transactionId)
    {
        if (transactionId.Length != StunMessage.TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id is 12 bytes.", nameof(transactionId));
        }

        if (buffer.Length < StunMessage.HeaderLength)
        {
            throw new ArgumentException("The buffer cannot hold a STUN header.", nameof(buffer));
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, StunMessage.EncodeType(method, messageClass));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunMessage.HeaderLength;
    }

    /// <summary>Bytes written so far: a complete message.</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Appends an attribute with its value, zero-padded to a multiple of four bytes.</summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">The value (at most 65535 bytes).</param>
    public void AddAttribute(StunAttributeType type, ReadOnlySpan<byte> value)
    {
        Span<byte> target = Reserve(type, value.Length);
        value.CopyTo(target);
    }

    /// <summary>Appends USERNAME, UTF-8 encoded.</summary>
    /// <param name="username">For ICE, "remote-ufrag:local-ufrag" as seen by the sender.</param>
    public void AddUsername(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        Span<byte> target = Reserve(StunAttributeType.Username, Encoding.UTF8.GetByteCount(username));
        Encoding.UTF8.GetBytes(username, target);
    }

    /// <summary>
    /// Appends XOR-MAPPED-ADDRESS. An IPv4-mapped IPv6 address (from a dual-mode socket) is
    /// written as the IPv4 address it carries.
    /// </summary>
    /// <param name="endPoint">The transport address the request came from.</param>
    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        Span<byte> address = stackalloc byte[16];
        if (!endPoint.Address.TryWriteBytes(address, out int written))
        {
            throw new ArgumentException("The address could not be written.", nameof(endPoint));
        }

        ReadOnlySpan<byte> bytes = address[..written];
        if (endPoint.AddressFamily == AddressFamily.InterNetworkV6 && endPoint.Address.IsIPv4MappedToIPv6)
        {
            bytes = address.Slice(12, 4);
        }

        Span<byte> value = Reserve(StunAttributeType.XorMappedAddress, 4 + bytes.Length);
        value[0] = 0;
        value[1] = bytes.Length == 4 ? (byte)0x01 : (byte)0x02;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(endPoint.Port ^ (int)(StunMessage.MagicCookie >> 16)));

        // XOR key: the magic cookie followed by the transaction id, i.e. header bytes 4..19.
        for (int i = 0; i < bytes.Length; i++)
        {
            value[4 + i] = (byte)(bytes[i] ^ _buffer[4 + i]);
        }
    }

    /// <summary>Appends PRIORITY (RFC 8445 section 16.1).</summary>
    /// <param name="priority">The candidate priority.</param>
    public void AddPriority(uint priority) =>
        BinaryPrimitives.WriteUInt32BigEndian(Reserve(StunAttributeType.Priority, 4), priority);

    /// <summary>Appends USE-CANDIDATE (no value).</summary>
    public void AddUseCandidate() => Reserve(StunAttributeType.UseCandidate, 0);

    /// <summary>Appends ICE-CONTROLLING with the sender's tie-breaker.</summary>
    /// <param name="tieBreaker">A random 64-bit number.</param>
    public void AddIceControlling(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlling, 8), tieBreaker);

    /// <summary>Appends ICE-CONTROLLED with the sender's tie-breaker.</summary>
    /// <param name="tieBreaker">A random 64-bit number.</param>
    public void AddIceControlled(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlled, 8), tieBreaker);

    /// <summary>Appends ERROR-CODE.</summary>
    /// <param name="code">300..699.</param>
    /// <param name="reason">The reason phrase (UTF-8 encoded, fewer than 128 characters).</param>
    public void AddErrorCode(int code, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        ArgumentNullException.ThrowIfNull(reason);
        Span<byte> value = Reserve(StunAttributeType.ErrorCode, 4 + Encoding.UTF8.GetByteCount(reason));
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
    }

    /// <summary>
    /// Appends MESSAGE-INTEGRITY: HMAC-SHA1 over everything written so far, with the header
    /// Length already counting this attribute (RFC 8489 section 14.5).
    /// </summary>
    /// <param name="key">For ICE, the UTF-8 bytes of the password of the agent that answers.</param>
    public void AddMessageIntegrity(ReadOnlySpan<byte> key)
    {
        int covered = _length;
        Span<byte> mac = Reserve(StunAttributeType.MessageIntegrity, 20);
        StunMessage.ComputeHmacSha1(key, _buffer[..covered], mac);
        _hasIntegrity = true;
    }

    /// <summary>Appends FINGERPRINT, which closes the message: CRC-32 of everything before it XOR 0x5354554E.</summary>
    public void AddFingerprint()
    {
        int covered = _length;
        Span<byte> value = Reserve(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(value, StunCrc32.Compute(_buffer[..covered]) ^ StunMessage.FingerprintXor);
        _hasFingerprint = true;
    }

    // Writes the attribute header, zeroes the padding, updates the message Length and returns the
    // value's slot.
    private Span<byte> Reserve(StunAttributeType type, int valueLength)
    {
        if (_hasFingerprint)
        {
            throw new InvalidOperationException("FINGERPRINT must be the last attribute.");
        }

        if (_hasIntegrity && type != StunAttributeType.Fingerprint)
        {
            throw new InvalidOperationException("Only FINGERPRINT may follow MESSAGE-INTEGRITY.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(valueLength, ushort.MaxValue, nameof(valueLength));
        int total = 4 + StunMessage.Pad4(valueLength);
        if (_length + total > _buffer.Length || _length + total - StunMessage.HeaderLength > ushort.MaxValue)
        {
            throw new ArgumentException("The buffer is too small for this STUN attribute.");
        }

        Span<byte> attribute = _buffer.Slice(_length, total);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(4 + valueLength)..].Clear();
        _length += total;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunMessage.HeaderLength));
        return attribute.Slice(4, valueLength);
    }
}
