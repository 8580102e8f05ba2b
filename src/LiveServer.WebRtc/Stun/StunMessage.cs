// STUN message parsing for an ICE-lite agent: RFC 8489 (which obsoletes RFC 5389) sections 5
// (header), 6 (transaction id), 7.3 (receiving), 14 (attributes: USERNAME 14.3, XOR-MAPPED-ADDRESS
// 14.2, MESSAGE-INTEGRITY 14.5, FINGERPRINT 14.7, ERROR-CODE 14.8), the ICE attributes of RFC 8445
// section 16.1 (PRIORITY, USE-CANDIDATE, ICE-CONTROLLED, ICE-CONTROLLING) and the demultiplexing
// rule of RFC 7983 section 7 (first byte 0..3).
//
// Left out: RFC 3489 messages without the magic cookie, long-term credentials (REALM and NONCE
// parse as unknown attributes; a caller that has the MD5 key can still verify MESSAGE-INTEGRITY),
// MESSAGE-INTEGRITY-SHA256, USERHASH, and STUN over TCP framing. The message is a view over the
// caller's datagram: parsing copies nothing and allocates nothing, and never throws on bad input.
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Security.Cryptography;

namespace LiveServer.WebRtc.Stun;

/// <summary>
/// A parsed STUN message: a zero-copy view over the datagram it came from. Obtain one with
/// <see cref="TryParse"/>; it lives as long as the datagram buffer is left untouched.
/// </summary>
public readonly ref struct StunMessage
{
    /// <summary>The magic cookie, 0x2112A442, at bytes 4..7 of every RFC 5389/8489 message.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Size of the STUN header in bytes.</summary>
    public const int HeaderLength = 20;

    /// <summary>Size of the transaction id in bytes.</summary>
    public const int TransactionIdLength = 12;

    /// <summary>The value FINGERPRINT's CRC-32 is XORed with ("STUN" in ASCII).</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>Size of a MESSAGE-INTEGRITY attribute including its 4-byte header.</summary>
    public const int MessageIntegrityAttributeLength = 24;

    /// <summary>Size of a FINGERPRINT attribute including its 4-byte header.</summary>
    public const int FingerprintAttributeLength = 8;

    // RFC 8489 section 14.3: USERNAME is less than 509 bytes (we allow the 513 of RFC 5389).
    private const int MaxUsernameLength = 513;

    // Above this the integrity check rents a pooled buffer instead of using the stack.
    private const int StackCopyLimit = 1024;

    private readonly ReadOnlySpan<byte> _raw;
    private readonly int _usernameOffset;
    private readonly int _usernameLength;
    private readonly int _xorMappedOffset;
    private readonly int _xorMappedLength;
    private readonly int _errorCodeOffset;
    private readonly int _errorCodeLength;
    private readonly int _integrityOffset;
    private readonly int _fingerprintOffset;
    private readonly uint _priority;
    private readonly ulong _iceControlling;
    private readonly ulong _iceControlled;
    private readonly AttributeFlags _flags;

    private StunMessage(
        ReadOnlySpan<byte> raw,
        scoped in AttributeIndex index)
    {
        _raw = raw;
        _usernameOffset = index.UsernameOffset;
        _usernameLength = index.UsernameLength;
        _xorMappedOffset = index.XorMappedOffset;
        _xorMappedLength = index.XorMappedLength;
        _errorCodeOffset = index.ErrorCodeOffset;
        _errorCodeLength = index.ErrorCodeLength;
        _integrityOffset = index.IntegrityOffset;
        _fingerprintOffset = index.FingerprintOffset;
        _priority = index.Priority;
        _iceControlling = index.IceControlling;
        _iceControlled = index.IceControlled;
        _flags = index.Flags;
        UnknownComprehensionRequiredCount = index.UnknownComprehensionRequired;
    }

    [Flags]
    private enum AttributeFlags
    {
        None = 0,
        Username = 1,
        XorMapped = 2,
        ErrorCode = 4,
        Integrity = 8,
        Fingerprint = 16,
        Priority = 32,
        UseCandidate = 64,
        IceControlling = 128,
        IceControlled = 256,
    }

    /// <summary>The whole message: header and attributes, exactly as received.</summary>
    public ReadOnlySpan<byte> Raw => _raw;

    /// <summary>The method (12 bits); <see cref="StunMethod.Binding"/> for ICE.</summary>
    public StunMethod Method => (StunMethod)DecodeMethod(BinaryPrimitives.ReadUInt16BigEndian(_raw));

    /// <summary>The class: request, indication, success or error response.</summary>
    public StunClass Class => (StunClass)DecodeClass(BinaryPrimitives.ReadUInt16BigEndian(_raw));

    /// <summary>The 96-bit transaction id.</summary>
    public ReadOnlySpan<byte> TransactionId => _raw.Slice(8, TransactionIdLength);

    /// <summary>Whether a USERNAME attribute precedes MESSAGE-INTEGRITY.</summary>
    public bool HasUsername => (_flags & AttributeFlags.Username) != 0;

    /// <summary>The USERNAME value without padding (UTF-8), or empty when absent.</summary>
    public ReadOnlySpan<byte> Username => _raw.Slice(_usernameOffset, _usernameLength);

    /// <summary>Whether the message carries MESSAGE-INTEGRITY.</summary>
    public bool HasMessageIntegrity => (_flags & AttributeFlags.Integrity) != 0;

    /// <summary>Whether the message carries FINGERPRINT (always as its last attribute).</summary>
    public bool HasFingerprint => (_flags & AttributeFlags.Fingerprint) != 0;

    /// <summary>The PRIORITY value, or null when absent.</summary>
    public uint? Priority => (_flags & AttributeFlags.Priority) != 0 ? _priority : null;

    /// <summary>Whether USE-CANDIDATE is present (the controlling agent nominates the pair).</summary>
    public bool UseCandidate => (_flags & AttributeFlags.UseCandidate) != 0;

    /// <summary>The tie-breaker of ICE-CONTROLLING, or null when absent.</summary>
    public ulong? IceControlling => (_flags & AttributeFlags.IceControlling) != 0 ? _iceControlling : null;

    /// <summary>The tie-breaker of ICE-CONTROLLED, or null when absent.</summary>
    public ulong? IceControlled => (_flags & AttributeFlags.IceControlled) != 0 ? _iceControlled : null;

    /// <summary>
    /// How many comprehension-required attributes (type below 0x8000) this code does not know.
    /// A server answers such a request with 420 (RFC 8489 section 7.3.1).
    /// </summary>
    public int UnknownComprehensionRequiredCount { get; }

    /// <summary>
    /// The cheap demultiplexing test of RFC 7983: first byte 0..3, at least a header long, and the
    /// magic cookie in place. It does not validate the attributes; <see cref="TryParse"/> does.
    /// </summary>
    /// <param name="datagram">A received UDP payload.</param>
    /// <returns>True when the datagram should be handed to the STUN parser.</returns>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength
        && datagram[0] <= 3
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    /// <summary>
    /// Parses a datagram as one STUN message. Never throws: a refused datagram reports why.
    /// Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (RFC 8489 section
    /// 14.5); of repeated attributes the first counts; unknown attributes are skipped.
    /// </summary>
    /// <param name="datagram">The UDP payload; the message must fill it exactly.</param>
    /// <param name="message">The parsed view when the call returns true.</param>
    /// <param name="error">Why the datagram was refused, or <see cref="StunParseError.None"/>.</param>
    /// <returns>True when the datagram is a well-formed STUN message.</returns>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out StunMessage message, out StunParseError error)
    {
        message = default;
        error = Validate(datagram, out AttributeIndex index);
        if (error != StunParseError.None)
        {
            return false;
        }

        message = new StunMessage(datagram, index);
        return true;
    }

    /// <summary>
    /// Splits USERNAME at its first colon. For a request this agent receives, ICE (RFC 8445
    /// section 7.2.2) puts this agent's ufrag first: "local:remote".
    /// </summary>
    /// <param name="localUfrag">The part before the colon.</param>
    /// <param name="remoteUfrag">The part after the colon.</param>
    /// <returns>False when USERNAME is absent, has no colon or an empty local part.</returns>
    public bool TryGetUfrags(out ReadOnlySpan<byte> localUfrag, out ReadOnlySpan<byte> remoteUfrag)
    {
        ReadOnlySpan<byte> username = Username;
        int colon = username.IndexOf((byte)':');
        if (!HasUsername || colon <= 0)
        {
            localUfrag = default;
            remoteUfrag = default;
            return false;
        }

        localUfrag = username[..colon];
        remoteUfrag = username[(colon + 1)..];
        return true;
    }

    /// <summary>The local ufrag of USERNAME ("local:remote"), the key an ICE-lite demultiplexer looks up.</summary>
    /// <param name="localUfrag">The part before the colon.</param>
    /// <returns>False when USERNAME is absent, has no colon or an empty local part.</returns>
    public bool TryGetLocalUfrag(out ReadOnlySpan<byte> localUfrag) => TryGetUfrags(out localUfrag, out _);

    /// <summary>Decodes XOR-MAPPED-ADDRESS (IPv4 or IPv6). Allocates the returned endpoint.</summary>
    /// <param name="endPoint">The decoded transport address.</param>
    /// <returns>False when the attribute is absent.</returns>
    public bool TryGetXorMappedAddress([NotNullWhen(true)] out IPEndPoint? endPoint)
    {
        endPoint = null;
        if ((_flags & AttributeFlags.XorMapped) == 0)
        {
            return false;
        }

        ReadOnlySpan<byte> value = _raw.Slice(_xorMappedOffset, _xorMappedLength);
        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (int)(MagicCookie >> 16);
        Span<byte> address = stackalloc byte[16];
        int addressLength = value[1] == 0x01 ? 4 : 16;

        // The address is XORed with the cookie followed by the transaction id (RFC 8489 14.2).
        for (int i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ _raw[4 + i]);
        }

        endPoint = new IPEndPoint(new IPAddress(address[..addressLength]), port);
        return true;
    }

    /// <summary>Decodes ERROR-CODE.</summary>
    /// <param name="code">The code, 300..699 (class times 100 plus number).</param>
    /// <param name="reason">The reason phrase (UTF-8), possibly empty.</param>
    /// <returns>False when the attribute is absent.</returns>
    public bool TryGetErrorCode(out int code, out ReadOnlySpan<byte> reason)
    {
        if ((_flags & AttributeFlags.ErrorCode) == 0)
        {
            code = 0;
            reason = default;
            return false;
        }

        ReadOnlySpan<byte> value = _raw.Slice(_errorCodeOffset, _errorCodeLength);
        code = ((value[2] & 0x07) * 100) + value[3];
        reason = value[4..];
        return true;
    }

    /// <summary>
    /// Finds the first attribute of a type anywhere in the message (before or after
    /// MESSAGE-INTEGRITY), for attributes this view does not decode itself, such as SOFTWARE.
    /// </summary>
    /// <param name="type">The attribute type.</param>
    /// <param name="value">The value without padding.</param>
    /// <returns>False when no such attribute exists.</returns>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        // Bounds were checked in TryParse, so this walk cannot run off the end.
        int offset = HeaderLength;
        while (offset + 4 <= _raw.Length)
        {
            ushort attributeType = BinaryPrimitives.ReadUInt16BigEndian(_raw[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(_raw[(offset + 2)..]);
            if (attributeType == (ushort)type)
            {
                value = _raw.Slice(offset + 4, length);
                return true;
            }

            offset += 4 + Pad4(length);
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY: HMAC-SHA1 keyed with <paramref name="key"/> over the message up
    /// to the attribute, with the header Length counting up to the end of MESSAGE-INTEGRITY
    /// (RFC 8489 section 14.5). For ICE (short-term credentials) the key is the UTF-8 password.
    /// </summary>
    /// <param name="key">The HMAC key.</param>
    /// <returns>False when the attribute is absent or the HMAC differs.</returns>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (!HasMessageIntegrity)
        {
            return false;
        }

        int covered = _integrityOffset;
        byte[]? rented = null;
        Span<byte> copy = covered <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(covered));
        try
        {
            copy = copy[..covered];
            _raw[..covered].CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(
                copy[2..],
                (ushort)(covered + MessageIntegrityAttributeLength - HeaderLength));
            Span<byte> mac = stackalloc byte[20];
            ComputeHmacSha1(key, copy, mac);
            return CryptographicOperations.FixedTimeEquals(mac, _raw.Slice(covered + 4, 20));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Checks FINGERPRINT: CRC-32 of the message before it, XOR 0x5354554E.</summary>
    /// <returns>False when the attribute is absent or the value differs.</returns>
    public bool VerifyFingerprint()
    {
        if (!HasFingerprint)
        {
            return false;
        }

        uint expected = StunCrc32.Compute(_raw[.._fingerprintOffset]) ^ FingerprintXor;
        return BinaryPrimitives.ReadUInt32BigEndian(_raw[(_fingerprintOffset + 4)..]) == expected;
    }

    /// <summary>Combines method and class into the 14-bit message type (RFC 8489 figure 3).</summary>
    internal static ushort EncodeType(StunMethod method, StunClass messageClass)
    {
        int m = (int)method & 0xFFF;
        int c = (int)messageClass;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2)
            | ((c & 0x1) << 4) | ((c & 0x2) << 7));
    }

    /// <summary>HMAC-SHA1, the MESSAGE-INTEGRITY algorithm that RFC 8489 mandates.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "RFC 8489 MESSAGE-INTEGRITY is HMAC-SHA1.")]
    internal static void ComputeHmacSha1(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> mac) =>
        HMACSHA1.HashData(key, data, mac);

    internal static int Pad4(int length) => (length + 3) & ~3;

    private static int DecodeMethod(ushort type) =>
        (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);

    private static int DecodeClass(ushort type) => ((type >> 4) & 0x1) | ((type >> 7) & 0x2);

    private static StunParseError Validate(ReadOnlySpan<byte> datagram, out AttributeIndex index)
    {
        index = default;
        if (datagram.Length < HeaderLength)
        {
            return StunParseError.TooShort;
        }

        if ((datagram[0] & 0xC0) != 0)
        {
            return StunParseError.NotStun;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != MagicCookie)
        {
            return StunParseError.BadMagicCookie;
        }

        int messageLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((messageLength & 3) != 0 || HeaderLength + messageLength != datagram.Length)
        {
            return StunParseError.BadLength;
        }

        int offset = HeaderLength;
        bool afterIntegrity = false;
        while (offset < datagram.Length)
        {
            if (index.Flags.HasFlag(AttributeFlags.Fingerprint))
            {
                return StunParseError.AttributeAfterFingerprint;
            }

            if (datagram.Length - offset < 4)
            {
                return StunParseError.TruncatedAttribute;
            }

            ushort type = BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            int valueOffset = offset + 4;
            if (Pad4(length) > datagram.Length - valueOffset)
            {
                return StunParseError.TruncatedAttribute;
            }

            ReadOnlySpan<byte> value = datagram.Slice(valueOffset, length);
            if (type == (ushort)StunAttributeType.Fingerprint)
            {
                if (length != 4)
                {
                    return StunParseError.InvalidAttribute;
                }

                index.FingerprintOffset = offset;
                index.Flags |= AttributeFlags.Fingerprint;
            }
            else if (!afterIntegrity)
            {
                StunParseError attributeError = IndexAttribute(type, value, valueOffset, offset, ref index);
                if (attributeError != StunParseError.None)
                {
                    return attributeError;
                }

                afterIntegrity = index.Flags.HasFlag(AttributeFlags.Integrity);
            }

            offset = valueOffset + Pad4(length);
        }

        return StunParseError.None;
    }

    private static StunParseError IndexAttribute(
        ushort type,
        ReadOnlySpan<byte> value,
        int valueOffset,
        int attributeOffset,
        ref AttributeIndex index)
    {
        switch ((StunAttributeType)type)
        {
            case StunAttributeType.Username:
                if (value.Length > MaxUsernameLength)
                {
                    return StunParseError.InvalidAttribute;
                }

                if (!index.Flags.HasFlag(AttributeFlags.Username))
                {
                    index.UsernameOffset = valueOffset;
                    index.UsernameLength = value.Length;
                    index.Flags |= AttributeFlags.Username;
                }

                break;
            case StunAttributeType.MessageIntegrity:
                if (value.Length != 20)
                {
                    return StunParseError.InvalidAttribute;
                }

                index.IntegrityOffset = attributeOffset;
                index.Flags |= AttributeFlags.Integrity;
                break;
            case StunAttributeType.XorMappedAddress:
                bool v4 = value.Length == 8 && value[1] == 0x01;
                bool v6 = value.Length == 20 && value[1] == 0x02;
                if (!v4 && !v6)
                {
                    return StunParseError.InvalidAttribute;
                }

                if (!index.Flags.HasFlag(AttributeFlags.XorMapped))
                {
                    index.XorMappedOffset = valueOffset;
                    index.XorMappedLength = value.Length;
                    index.Flags |= AttributeFlags.XorMapped;
                }

                break;
            case StunAttributeType.ErrorCode:
                // 21 reserved bits, a 3-bit class 3..6 and a number 0..99, then the reason.
                if (value.Length < 4 || (value[2] & 0x07) < 3 || (value[2] & 0x07) > 6 || value[3] > 99)
                {
                    return StunParseError.InvalidAttribute;
                }

                if (!index.Flags.HasFlag(AttributeFlags.ErrorCode))
                {
                    index.ErrorCodeOffset = valueOffset;
                    index.ErrorCodeLength = value.Length;
                    index.Flags |= AttributeFlags.ErrorCode;
                }

                break;
            case StunAttributeType.Priority:
                if (value.Length != 4)
                {
                    return StunParseError.InvalidAttribute;
                }

                if (!index.Flags.HasFlag(AttributeFlags.Priority))
                {
                    index.Priority = BinaryPrimitives.ReadUInt32BigEndian(value);
                    index.Flags |= AttributeFlags.Priority;
                }

                break;
            case StunAttributeType.UseCandidate:
                if (value.Length != 0)
                {
                    return StunParseError.InvalidAttribute;
                }

                index.Flags |= AttributeFlags.UseCandidate;
                break;
            case StunAttributeType.IceControlling:
                if (value.Length != 8)
                {
                    return StunParseError.InvalidAttribute;
                }

                if (!index.Flags.HasFlag(AttributeFlags.IceControlling))
                {
                    index.IceControlling = BinaryPrimitives.ReadUInt64BigEndian(value);
                    index.Flags |= AttributeFlags.IceControlling;
                }

                break;
            case StunAttributeType.IceControlled:
                if (value.Length != 8)
                {
                    return StunParseError.InvalidAttribute;
                }

                if (!index.Flags.HasFlag(AttributeFlags.IceControlled))
                {
                    index.IceControlled = BinaryPrimitives.ReadUInt64BigEndian(value);
                    index.Flags |= AttributeFlags.IceControlled;
                }

                break;
            default:
                if (type < 0x8000 && !Enum.IsDefined((StunAttributeType)type))
                {
                    index.UnknownComprehensionRequired++;
                }

                break;
        }

        return StunParseError.None;
    }

    // Where the attributes of interest sit, gathered in one pass.
    private struct AttributeIndex
    {
        public int UsernameOffset;
        public int UsernameLength;
        public int XorMappedOffset;
        public int XorMappedLength;
        public int ErrorCodeOffset;
        public int ErrorCodeLength;
        public int IntegrityOffset;
        public int FingerprintOffset;
        public uint Priority;
        public ulong IceControlling;
        public ulong IceControlled;
        public int UnknownComprehensionRequired;
        public AttributeFlags Flags;
    }
}
