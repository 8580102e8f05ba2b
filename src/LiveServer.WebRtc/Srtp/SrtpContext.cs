// SRTP and SRTCP packet protection for one direction of a DTLS-SRTP session.
//
// RFC 3711: sections 3.1 and 3.3 (SRTP packet and processing), 3.3.1 with appendix A (rollover
// counter and index guess), 3.3.2 (64-packet replay window, updated only after authentication),
// 3.4 (SRTCP packet with E flag and 31-bit index), 4.1.1 (AES-CM), 4.2 (HMAC-SHA1, tag truncated to
// 80 bits; SRTP authenticates header, payload and ROC), 4.3 (key derivation, rate 0).
// RFC 7714: sections 8 and 9 (AEAD_AES_128_GCM for SRTP and SRTCP: 12-byte IV from salt, SSRC,
// ROC and sequence number or SRTCP index; AAD is the RTP header, or the RTCP header plus the
// E||index word; SRTCP trailer after the tag).
//
// Left out: MKI, key derivation rate other than 0, rekeying, AES-f8, NULL cipher/auth,
// SRTP_AES128_CM_HMAC_SHA1_32, AES-256 profiles, RFC 6904 header extension encryption and the
// RFC 3711 2^48 / 2^31 packet limits (a 31-bit SRTCP index exhaustion throws). The context is not
// thread-safe: one owner (the session's receive loop) uses it. Packets are transformed in place;
// nothing is allocated per packet except the state of a new SSRC.
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace LiveServer.WebRtc.Srtp;

/// <summary>
/// The crypto context of one direction: unprotects what the peer sends (SRTP and SRTCP) or
/// protects what this endpoint sends. Keeps per-SSRC rollover counters and replay windows.
/// </summary>
public sealed class SrtpContext : IDisposable
{
    /// <summary>How many SSRCs a context tracks unless told otherwise.</summary>
    public const int DefaultMaxStreams = 256;

    private const int RtpHeaderLength = 12;
    private const int RtcpHeaderLength = 8;
    private const int SrtcpIndexLength = 4;
    private const int GcmIvLength = 12;
    private const uint EncryptedFlag = 0x8000_0000;
    private const uint MaxSrtcpIndex = 0x7FFF_FFFF;

    private readonly Dictionary<uint, SrtpStream> _streams = [];
    private readonly int _maxStreams;
    private readonly int _tagLength;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    // AES_CM_128_HMAC_SHA1_80.
    private readonly AesCmCipher? _rtpCipher;
    private readonly AesCmCipher? _rtcpCipher;
    private readonly IncrementalHash? _rtpHmac;
    private readonly IncrementalHash? _rtcpHmac;

    // AEAD_AES_128_GCM.
    private readonly AesGcm? _rtpGcm;
    private readonly AesGcm? _rtcpGcm;
    private byte[] _aadScratch = [];

    /// <summary>Creates a context from a master key and salt, deriving the session keys.</summary>
    /// <param name="profile">The negotiated protection profile.</param>
    /// <param name="masterKey">The master key of this direction.</param>
    /// <param name="masterSalt">The master salt of this direction.</param>
    /// <param name="maxStreams">The most SSRCs this context will track.</param>
    public SrtpContext(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxStreams = DefaultMaxStreams)
        : this(profile, SrtpSessionKeys.Derive(profile, masterKey, masterSalt), maxStreams)
    {
    }

    /// <summary>Creates a context from session keys already derived (or given by a test vector).</summary>
    /// <param name="profile">The protection profile the keys belong to.</param>
    /// <param name="sessionKeys">The session keys of this direction.</param>
    /// <param name="maxStreams">The most SSRCs this context will track.</param>
    public SrtpContext(SrtpProtectionProfile profile, SrtpSessionKeys sessionKeys, int maxStreams = DefaultMaxStreams)
    {
        ArgumentNullException.ThrowIfNull(sessionKeys);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        int keyLength = SrtpProfileParameters.KeyLength(profile);
        int saltLength = SrtpProfileParameters.SaltLength(profile);
        int authLength = SrtpProfileParameters.AuthenticationKeyLength(profile);
        if (sessionKeys.RtpCipherKey.Length != keyLength || sessionKeys.RtcpCipherKey.Length != keyLength
            || sessionKeys.RtpSalt.Length != saltLength || sessionKeys.RtcpSalt.Length != saltLength
            || sessionKeys.RtpAuthenticationKey.Length != authLength || sessionKeys.RtcpAuthenticationKey.Length != authLength)
        {
            throw new ArgumentException($"The session keys do not fit {profile}.", nameof(sessionKeys));
        }

        Profile = profile;
        _maxStreams = maxStreams;
        _tagLength = SrtpProfileParameters.TagLength(profile);
        _rtpSalt = sessionKeys.RtpSalt.ToArray();
        _rtcpSalt = sessionKeys.RtcpSalt.ToArray();
        if (profile == SrtpProtectionProfile.AeadAes128Gcm)
        {
            _rtpGcm = new AesGcm(sessionKeys.RtpCipherKey.Span, _tagLength);
            _rtcpGcm = new AesGcm(sessionKeys.RtcpCipherKey.Span, _tagLength);
        }
        else
        {
            _rtpCipher = new AesCmCipher(sessionKeys.RtpCipherKey.Span);
            _rtcpCipher = new AesCmCipher(sessionKeys.RtcpCipherKey.Span);
            _rtpHmac = CreateHmacSha1(sessionKeys.RtpAuthenticationKey.Span);
            _rtcpHmac = CreateHmacSha1(sessionKeys.RtcpAuthenticationKey.Span);
        }
    }

    /// <summary>The protection profile.</summary>
    public SrtpProtectionProfile Profile { get; }

    /// <summary>Bytes SRTP adds to an RTP packet: the authentication tag.</summary>
    public int RtpOverhead => _tagLength;

    /// <summary>Bytes SRTCP adds to an RTCP packet: the E||index word and the authentication tag.</summary>
    public int RtcpOverhead => _tagLength + SrtcpIndexLength;

    /// <summary>How many SSRCs this context tracks.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>
    /// Verifies and decrypts an SRTP packet in place. The replay window and rollover counter of
    /// the SSRC move only when the packet authenticates; a refused packet changes no state
    /// (though with AES-GCM its payload bytes may have been overwritten).
    /// </summary>
    /// <param name="packet">The SRTP packet; on success it starts with the plaintext RTP packet.</param>
    /// <param name="length">The plaintext RTP packet length on success, else 0.</param>
    /// <param name="error">Why the packet was refused, or <see cref="SrtpError.None"/>.</param>
    /// <returns>True when the packet authenticated and was decrypted.</returns>
    public bool TryUnprotectRtp(Span<byte> packet, out int length, out SrtpError error)
    {
        length = 0;
        error = UnprotectRtp(packet, ref length);
        return error == SrtpError.None;
    }

    /// <summary>
    /// Verifies and, when its E flag is set, decrypts an SRTCP packet in place. The replay window
    /// moves only when the packet authenticates.
    /// </summary>
    /// <param name="packet">The SRTCP packet; on success it starts with the plaintext compound RTCP packet.</param>
    /// <param name="length">The plaintext RTCP length on success, else 0.</param>
    /// <param name="error">Why the packet was refused, or <see cref="SrtpError.None"/>.</param>
    /// <returns>True when the packet authenticated.</returns>
    public bool TryUnprotectRtcp(Span<byte> packet, out int length, out SrtpError error)
    {
        length = 0;
        error = UnprotectRtcp(packet, ref length);
        return error == SrtpError.None;
    }

    /// <summary>
    /// Encrypts and authenticates an RTP packet in place, appending the tag. The packet index is
    /// the sender's: the rollover counter advances when the sequence number wraps.
    /// </summary>
    /// <param name="buffer">Holds the RTP packet at its start, with <see cref="RtpOverhead"/> spare bytes after it.</param>
    /// <param name="length">The RTP packet length.</param>
    /// <returns>The SRTP packet length.</returns>
    public int ProtectRtp(Span<byte> buffer, int length)
    {
        if (length < RtpHeaderLength || length > buffer.Length - _tagLength || (buffer[0] >> 6) != 2)
        {
            throw new ArgumentException("Not an RTP packet, or no room for the authentication tag.", nameof(buffer));
        }

        Span<byte> packet = buffer[..length];
        int headerLength = ReadRtpHeaderLength(packet, length);
        if (headerLength < 0)
        {
            throw new ArgumentException("The RTP header runs past the packet.", nameof(buffer));
        }

        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        SrtpStream stream = GetOrAddStream(ssrc);
        ulong index = sequence;
        if (stream.SendStarted && !TryGuessIndex(stream.SendHighestIndex, sequence, out index))
        {
            throw new InvalidOperationException("The sequence number lies before the start of the stream.");
        }

        if (!stream.SendStarted || index > stream.SendHighestIndex)
        {
            stream.SendStarted = true;
            stream.SendHighestIndex = index;
        }

        uint rolloverCounter = (uint)(index >> 16);
        if (_rtpGcm is not null)
        {
            Span<byte> iv = stackalloc byte[GcmIvLength];
            WriteGcmRtpIv(_rtpSalt, ssrc, rolloverCounter, sequence, iv);
            Span<byte> payload = packet[headerLength..];
            _rtpGcm.Encrypt(iv, payload, payload, buffer.Slice(length, _tagLength), packet[..headerLength]);
        }
        else
        {
            Span<byte> iv = stackalloc byte[AesCmCipher.BlockSize];
            AesCmCipher.WriteIv(_rtpSalt, ssrc, index, iv);
            _rtpCipher!.Apply(iv, packet[headerLength..]);
            Span<byte> mac = stackalloc byte[20];
            ComputeRtpTag(packet, rolloverCounter, mac);
            mac[.._tagLength].CopyTo(buffer[length..]);
        }

        return length + _tagLength;
    }

    /// <summary>
    /// Encrypts and authenticates a compound RTCP packet in place, appending the E||SRTCP index
    /// word and the tag. Each SSRC's SRTCP index starts at 0.
    /// </summary>
    /// <param name="buffer">Holds the RTCP packet at its start, with <see cref="RtcpOverhead"/> spare bytes after it.</param>
    /// <param name="length">The RTCP packet length.</param>
    /// <returns>The SRTCP packet length.</returns>
    public int ProtectRtcp(Span<byte> buffer, int length)
    {
        if (length < RtcpHeaderLength || length > buffer.Length - RtcpOverhead || (buffer[0] >> 6) != 2)
        {
            throw new ArgumentException("Not an RTCP packet, or no room for the SRTCP trailer.", nameof(buffer));
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        SrtpStream stream = GetOrAddStream(ssrc);
        uint index = stream.NextRtcpIndex;
        if (index > MaxSrtcpIndex)
        {
            throw new InvalidOperationException("The SRTCP index is exhausted; the session must be rekeyed.");
        }

        stream.NextRtcpIndex = index + 1;
        uint word = EncryptedFlag | index;
        Span<byte> payload = buffer[RtcpHeaderLength..length];
        if (_rtcpGcm is not null)
        {
            Span<byte> iv = stackalloc byte[GcmIvLength];
            WriteGcmRtcpIv(_rtcpSalt, ssrc, index, iv);
            Span<byte> aad = stackalloc byte[RtcpHeaderLength + SrtcpIndexLength];
            buffer[..RtcpHeaderLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], word);
            _rtcpGcm.Encrypt(iv, payload, payload, buffer.Slice(length, _tagLength), aad);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[(length + _tagLength)..], word);
        }
        else
        {
            Span<byte> iv = stackalloc byte[AesCmCipher.BlockSize];
            AesCmCipher.WriteIv(_rtcpSalt, ssrc, index, iv);
            _rtcpCipher!.Apply(iv, payload);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], word);
            Span<byte> mac = stackalloc byte[20];
            _rtcpHmac!.AppendData(buffer[..(length + SrtcpIndexLength)]);
            _rtcpHmac.GetHashAndReset(mac);
            mac[.._tagLength].CopyTo(buffer[(length + SrtcpIndexLength)..]);
        }

        return length + RtcpOverhead;
    }

    /// <summary>The rollover counter of a received SSRC (or, for a sending context, of a sent one).</summary>
    /// <param name="ssrc">The SSRC.</param>
    /// <param name="rolloverCounter">The ROC of the highest index seen.</param>
    /// <returns>False when no packet of that SSRC was accepted or protected.</returns>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        rolloverCounter = 0;
        if (!_streams.TryGetValue(ssrc, out SrtpStream? stream))
        {
            return false;
        }

        if (stream.RtpReplay.Initialized)
        {
            rolloverCounter = (uint)(stream.RtpReplay.Highest >> 16);
            return true;
        }

        if (stream.SendStarted)
        {
            rolloverCounter = (uint)(stream.SendHighestIndex >> 16);
            return true;
        }

        return false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _rtpCipher?.Dispose();
        _rtcpCipher?.Dispose();
        _rtpHmac?.Dispose();
        _rtcpHmac?.Dispose();
        _rtpGcm?.Dispose();
        _rtcpGcm?.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    /// <summary>
    /// The index guess of RFC 3711 appendix A: of ROC - 1, ROC and ROC + 1, the one that puts the
    /// sequence number closest to s_l, the highest sequence number seen.
    /// </summary>
    internal static bool TryGuessIndex(ulong highestIndex, ushort sequence, out ulong index)
    {
        long rolloverCounter = (long)(highestIndex >> 16);
        int highestSequence = (int)(highestIndex & 0xFFFF);
        long guess;
        if (highestSequence < 32768)
        {
            guess = sequence - highestSequence > 32768 ? rolloverCounter - 1 : rolloverCounter;
        }
        else
        {
            guess = highestSequence - 32768 > sequence ? rolloverCounter + 1 : rolloverCounter;
        }

        if (guess < 0 || guess > uint.MaxValue)
        {
            index = 0;
            return false;
        }

        index = ((ulong)guess << 16) | sequence;
        return true;
    }

    // One HMAC instance per context, reset after every packet: no per-packet allocation.
    private static IncrementalHash CreateHmacSha1(ReadOnlySpan<byte> key) =>
        IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);

    // 12 fixed bytes, then CSRCs, then the header extension when X is set; -1 when it overruns.
    private static int ReadRtpHeaderLength(ReadOnlySpan<byte> packet, int end)
    {
        int length = RtpHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (length + 4 > end)
            {
                return -1;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        return length <= end ? length : -1;
    }

    // RFC 7714 section 8.1: (00 00 || SSRC || ROC || SEQ) XOR salt.
    private static void WriteGcmRtpIv(ReadOnlySpan<byte> salt, uint ssrc, uint rolloverCounter, ushort sequence, Span<byte> iv)
    {
        iv[0] = 0;
        iv[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv[6..], rolloverCounter);
        BinaryPrimitives.WriteUInt16BigEndian(iv[10..], sequence);
        XorSalt(salt, iv);
    }

    // RFC 7714 section 9.1: (00 00 || SSRC || 00 00 || 0 || SRTCP index) XOR salt.
    private static void WriteGcmRtcpIv(ReadOnlySpan<byte> salt, uint ssrc, uint index, Span<byte> iv)
    {
        iv[0] = 0;
        iv[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], ssrc);
        iv[6] = 0;
        iv[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(iv[8..], index & MaxSrtcpIndex);
        XorSalt(salt, iv);
    }

    private static void XorSalt(ReadOnlySpan<byte> salt, Span<byte> iv)
    {
        for (int i = 0; i < GcmIvLength; i++)
        {
            iv[i] ^= salt[i];
        }
    }

    private SrtpError UnprotectRtp(Span<byte> packet, ref int length)
    {
        if (packet.Length < RtpHeaderLength + _tagLength)
        {
            return SrtpError.TooShort;
        }

        if ((packet[0] >> 6) != 2)
        {
            return SrtpError.Malformed;
        }

        int end = packet.Length - _tagLength;
        int headerLength = ReadRtpHeaderLength(packet, end);
        if (headerLength < 0)
        {
            return SrtpError.Malformed;
        }

        ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        ulong index = sequence;
        if (_streams.TryGetValue(ssrc, out SrtpStream? stream))
        {
            if (stream.RtpReplay.Initialized)
            {
                if (!TryGuessIndex(stream.RtpReplay.Highest, sequence, out index))
                {
                    return SrtpError.TooOld;
                }

                SrtpError replay = stream.RtpReplay.Check(index);
                if (replay != SrtpError.None)
                {
                    return replay;
                }
            }
        }
        else if (_streams.Count >= _maxStreams)
        {
            return SrtpError.TooManyStreams;
        }

        uint rolloverCounter = (uint)(index >> 16);
        Span<byte> payload = packet[headerLength..end];
        if (_rtpGcm is not null)
        {
            Span<byte> iv = stackalloc byte[GcmIvLength];
            WriteGcmRtpIv(_rtpSalt, ssrc, rolloverCounter, sequence, iv);
            if (!TryGcmDecrypt(_rtpGcm, iv, payload, packet.Slice(end, _tagLength), packet[..headerLength]))
            {
                return SrtpError.AuthenticationFailed;
            }
        }
        else
        {
            Span<byte> mac = stackalloc byte[20];
            ComputeRtpTag(packet[..end], rolloverCounter, mac);
            if (!CryptographicOperations.FixedTimeEquals(mac[.._tagLength], packet.Slice(end, _tagLength)))
            {
                return SrtpError.AuthenticationFailed;
            }

            Span<byte> iv = stackalloc byte[AesCmCipher.BlockSize];
            AesCmCipher.WriteIv(_rtpSalt, ssrc, index, iv);
            _rtpCipher!.Apply(iv, payload);
        }

        stream ??= AddStream(ssrc);
        stream.RtpReplay.Accept(index);
        length = end;
        return SrtpError.None;
    }

    private SrtpError UnprotectRtcp(Span<byte> packet, ref int length)
    {
        if (packet.Length < RtcpHeaderLength + SrtcpIndexLength + _tagLength)
        {
            return SrtpError.TooShort;
        }

        if ((packet[0] >> 6) != 2)
        {
            return SrtpError.Malformed;
        }

        // AES-CM: header | payload | E||index | tag.  AES-GCM: header | payload | tag | E||index.
        bool gcm = _rtcpGcm is not null;
        int wordOffset = gcm ? packet.Length - SrtcpIndexLength : packet.Length - _tagLength - SrtcpIndexLength;
        int tagOffset = gcm ? wordOffset - _tagLength : packet.Length - _tagLength;
        int payloadEnd = gcm ? tagOffset : wordOffset;
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[wordOffset..]);
        bool encrypted = (word & EncryptedFlag) != 0;
        uint index = word & MaxSrtcpIndex;
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        if (_streams.TryGetValue(ssrc, out SrtpStream? stream))
        {
            SrtpError replay = stream.RtcpReplay.Check(index);
            if (replay != SrtpError.None)
            {
                return replay;
            }
        }
        else if (_streams.Count >= _maxStreams)
        {
            return SrtpError.TooManyStreams;
        }

        Span<byte> payload = packet[RtcpHeaderLength..payloadEnd];
        if (gcm)
        {
            Span<byte> iv = stackalloc byte[GcmIvLength];
            WriteGcmRtcpIv(_rtcpSalt, ssrc, index, iv);
            ReadOnlySpan<byte> tag = packet.Slice(tagOffset, _tagLength);
            bool authentic;
            if (encrypted)
            {
                Span<byte> aad = stackalloc byte[RtcpHeaderLength + SrtcpIndexLength];
                packet[..RtcpHeaderLength].CopyTo(aad);
                BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], word);
                authentic = TryGcmDecrypt(_rtcpGcm!, iv, payload, tag, aad);
            }
            else
            {
                // Unencrypted SRTCP (RFC 7714 section 9.3): the whole packet and the word are AAD.
                int aadLength = payloadEnd + SrtcpIndexLength;
                if (_aadScratch.Length < aadLength)
                {
                    _aadScratch = new byte[Math.Max(aadLength, 1500)];
                }

                Span<byte> aad = _aadScratch.AsSpan(0, aadLength);
                packet[..payloadEnd].CopyTo(aad);
                BinaryPrimitives.WriteUInt32BigEndian(aad[payloadEnd..], word);
                authentic = TryGcmDecrypt(_rtcpGcm!, iv, [], tag, aad);
            }

            if (!authentic)
            {
                return SrtpError.AuthenticationFailed;
            }
        }
        else
        {
            Span<byte> mac = stackalloc byte[20];
            _rtcpHmac!.AppendData(packet[..tagOffset]);
            _rtcpHmac.GetHashAndReset(mac);
            if (!CryptographicOperations.FixedTimeEquals(mac[.._tagLength], packet.Slice(tagOffset, _tagLength)))
            {
                return SrtpError.AuthenticationFailed;
            }

            if (encrypted)
            {
                Span<byte> iv = stackalloc byte[AesCmCipher.BlockSize];
                AesCmCipher.WriteIv(_rtcpSalt, ssrc, index, iv);
                _rtcpCipher!.Apply(iv, payload);
            }
        }

        stream ??= AddStream(ssrc);
        stream.RtcpReplay.Accept(index);
        length = payloadEnd;
        return SrtpError.None;
    }

    // RFC 3711 section 4.2: HMAC-SHA1 over the authenticated portion followed by the ROC.
    private void ComputeRtpTag(ReadOnlySpan<byte> authenticated, uint rolloverCounter, Span<byte> mac)
    {
        Span<byte> roc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(roc, rolloverCounter);
        _rtpHmac!.AppendData(authenticated);
        _rtpHmac.AppendData(roc);
        _rtpHmac.GetHashAndReset(mac);
    }

    // AesGcm reports a bad tag only by throwing; this turns it back into a result. It is the one
    // exception on the receive path and costs a few microseconds, paid by forged packets only.
    private static bool TryGcmDecrypt(AesGcm gcm, ReadOnlySpan<byte> iv, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        try
        {
            gcm.Decrypt(iv, data, tag, data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private SrtpStream GetOrAddStream(uint ssrc) =>
        _streams.TryGetValue(ssrc, out SrtpStream? stream) ? stream : AddStream(ssrc);

    private SrtpStream AddStream(uint ssrc)
    {
        var stream = new SrtpStream();
        _streams.Add(ssrc, stream);
        return stream;
    }
}
