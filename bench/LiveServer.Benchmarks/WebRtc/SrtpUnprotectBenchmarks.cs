using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using LiveServer.WebRtc.Srtp;

namespace LiveServer.Benchmarks.WebRtc;

/// <summary>
/// SRTP unprotect (verify + decrypt) of a 1200-byte RTP packet with AES_CM_128_HMAC_SHA1_80 against
/// the raw .NET primitives on the same bytes: an AES-CTR keystream from an ECB encryptor over the
/// counter blocks (RFC 3711 4.1.1) and HMACSHA1.TryHashData over packet || ROC (RFC 3711 4.2).
/// Each invoke copies every packet of a batch into a scratch buffer and unprotects it with a receiver
/// context created for the batch (from session keys already derived), so the replay window accepts all.
/// </summary>
[MemoryDiagnoser]
public class SrtpAesCmUnprotectBenchmarks
{
    private const int HeaderLength = 12;
    private const int TagLength = 10;
    private readonly byte[] _scratch = new byte[SrtpPackets.RtpLength + 64];
    private readonly byte[] _counters = new byte[SrtpPackets.RtpLength + 16];
    private readonly byte[] _keystream = new byte[SrtpPackets.RtpLength + 16];
    private readonly byte[] _mac = new byte[20];
    private SrtpPackets _packets = null!;
    private Aes _aes = null!;
    private byte[] _authKey = null!;
    private byte[] _salt = null!;

    [GlobalSetup]
    public void Setup()
    {
        _packets = new SrtpPackets(SrtpProtectionProfile.Aes128CmHmacSha1_80);
        _aes = Aes.Create();
        _aes.Key = _packets.Keys.RtpCipherKey.ToArray();
        _authKey = _packets.Keys.RtpAuthenticationKey.ToArray();
        _salt = _packets.Keys.RtpSalt.ToArray();
        if (RawPrimitives() != SrtpPackets.Count || SrtpContextUnprotect() != SrtpPackets.Count)
        {
            throw new InvalidOperationException("A packet did not authenticate.");
        }

        for (var i = 0; i < SrtpPackets.Count; i++)
        {
            _packets.Protected[i].CopyTo(_scratch, 0);
            RawUnprotect(_scratch.AsSpan(0, _packets.Protected[i].Length));
            if (!_scratch.AsSpan(0, SrtpPackets.RtpLength).SequenceEqual(_packets.Plain[i]))
            {
                throw new InvalidOperationException("The baseline did not decrypt.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _aes.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = SrtpPackets.Count)]
    [BytesPerOperation(SrtpPackets.RtpLength)]
    public int RawPrimitives()
    {
        var ok = 0;
        foreach (var packet in _packets.Protected)
        {
            packet.CopyTo(_scratch, 0);
            ok += RawUnprotect(_scratch.AsSpan(0, packet.Length)) ? 1 : 0;
        }

        return ok;
    }

    [Benchmark(OperationsPerInvoke = SrtpPackets.Count)]
    [BytesPerOperation(SrtpPackets.RtpLength)]
    public int SrtpContextUnprotect()
    {
        using var receiver = new SrtpContext(SrtpProtectionProfile.Aes128CmHmacSha1_80, _packets.Keys);
        var ok = 0;
        foreach (var packet in _packets.Protected)
        {
            packet.CopyTo(_scratch, 0);
            ok += receiver.TryUnprotectRtp(_scratch.AsSpan(0, packet.Length), out _, out _) ? 1 : 0;
        }

        return ok;
    }

    [SuppressMessage("Security", "CA5350", Justification = "HMAC-SHA1 is what SRTP_AES128_CM_HMAC_SHA1_80 specifies.")]
    private bool RawUnprotect(Span<byte> packet)
    {
        var rtpLength = packet.Length - TagLength;

        // Authenticate header || payload || ROC (ROC is 0 here), compare the 80-bit tag.
        var tag = packet.Slice(rtpLength, TagLength);
        Span<byte> savedTag = stackalloc byte[TagLength];
        tag.CopyTo(savedTag);
        BinaryPrimitives.WriteUInt32BigEndian(tag, 0);
        HMACSHA1.TryHashData(_authKey, packet[..(rtpLength + 4)], _mac, out _);
        if (!CryptographicOperations.FixedTimeEquals(_mac.AsSpan(0, TagLength), savedTag))
        {
            return false;
        }

        // IV = salt * 2^16 XOR SSRC * 2^64 XOR index * 2^16; one counter block per 16 payload bytes.
        var payload = packet[HeaderLength..rtpLength];
        var blocks = (payload.Length + 15) / 16;
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        _salt.CopyTo(iv);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        ulong index = SrtpPackets.SequenceOf(packet);
        var low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]) ^ (index << 16);
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], low);
        var counters = _counters.AsSpan(0, blocks * 16);
        for (var b = 0; b < blocks; b++)
        {
            var block = counters.Slice(b * 16, 16);
            iv.CopyTo(block);
            BinaryPrimitives.WriteUInt16BigEndian(block[14..], (ushort)b);
        }

        _aes.EncryptEcb(counters, _keystream, PaddingMode.None);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= _keystream[i];
        }

        return true;
    }
}

/// <summary>
/// SRTP unprotect of a 1200-byte RTP packet with AEAD_AES_128_GCM (RFC 7714) against
/// AesGcm.Decrypt on the same bytes with the same IV and AAD.
/// </summary>
[MemoryDiagnoser]
public class SrtpAesGcmUnprotectBenchmarks
{
    private const int HeaderLength = 12;
    private const int TagLength = 16;
    private readonly byte[] _scratch = new byte[SrtpPackets.RtpLength + 64];
    private readonly byte[] _plain = new byte[SrtpPackets.RtpLength];
    private SrtpPackets _packets = null!;
    private AesGcm _gcm = null!;
    private byte[] _salt = null!;

    [GlobalSetup]
    public void Setup()
    {
        _packets = new SrtpPackets(SrtpProtectionProfile.AeadAes128Gcm);
        _gcm = new AesGcm(_packets.Keys.RtpCipherKey.Span, TagLength);
        _salt = _packets.Keys.RtpSalt.ToArray();
        if (SrtpContextUnprotect() != SrtpPackets.Count)
        {
            throw new InvalidOperationException("A packet did not authenticate.");
        }

        for (var i = 0; i < SrtpPackets.Count; i++)
        {
            RawDecrypt(_packets.Protected[i]);
            if (!_plain.AsSpan(HeaderLength).SequenceEqual(_packets.Plain[i].AsSpan(HeaderLength)))
            {
                throw new InvalidOperationException("The baseline did not decrypt.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _gcm.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = SrtpPackets.Count)]
    [BytesPerOperation(SrtpPackets.RtpLength)]
    public int RawPrimitives()
    {
        var ok = 0;
        foreach (var packet in _packets.Protected)
        {
            packet.CopyTo(_scratch, 0);
            RawDecrypt(_scratch.AsSpan(0, packet.Length));
            ok++;
        }

        return ok;
    }

    [Benchmark(OperationsPerInvoke = SrtpPackets.Count)]
    [BytesPerOperation(SrtpPackets.RtpLength)]
    public int SrtpContextUnprotect()
    {
        using var receiver = new SrtpContext(SrtpProtectionProfile.AeadAes128Gcm, _packets.Keys);
        var ok = 0;
        foreach (var packet in _packets.Protected)
        {
            packet.CopyTo(_scratch, 0);
            ok += receiver.TryUnprotectRtp(_scratch.AsSpan(0, packet.Length), out _, out _) ? 1 : 0;
        }

        return ok;
    }

    private void RawDecrypt(ReadOnlySpan<byte> packet)
    {
        // IV = (00 00 || SSRC || ROC || SEQ) XOR salt (RFC 7714 8.1); AAD = the RTP header.
        Span<byte> iv = stackalloc byte[12];
        iv.Clear();
        packet.Slice(8, 4).CopyTo(iv[2..]);
        packet.Slice(2, 2).CopyTo(iv[10..]);
        for (var i = 0; i < iv.Length; i++)
        {
            iv[i] ^= _salt[i];
        }

        var ciphertext = packet[HeaderLength..^TagLength];
        _gcm.Decrypt(iv, ciphertext, packet[^TagLength..], _plain.AsSpan(HeaderLength, ciphertext.Length), packet[..HeaderLength]);
    }
}
