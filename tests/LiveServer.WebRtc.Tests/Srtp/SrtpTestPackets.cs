using System.Buffers.Binary;
using LiveServer.WebRtc.Srtp;

namespace LiveServer.WebRtc.Tests.Srtp;

/// <summary>Builders for plain RTP and RTCP packets and keyed context pairs.</summary>
internal static class SrtpTestPackets
{
    public static readonly byte[] MasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    public static readonly byte[] MasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    /// <summary>A sender and a receiver sharing one direction's master key.</summary>
    public static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProtectionProfile profile, int maxStreams = SrtpContext.DefaultMaxStreams)
    {
        byte[] salt = MasterSalt[..(profile == SrtpProtectionProfile.AeadAes128Gcm ? 12 : 14)];
        return (new SrtpContext(profile, MasterKey, salt, maxStreams), new SrtpContext(profile, MasterKey, salt, maxStreams));
    }

    /// <summary>An RTP packet with a patterned payload; CSRCs and a header extension on request.</summary>
    public static byte[] PlainRtp(ushort sequence, uint ssrc, int payloadLength = 160, int csrcCount = 0, int extensionWords = -1)
    {
        int header = 12 + (4 * csrcCount) + (extensionWords >= 0 ? 4 + (4 * extensionWords) : 0);
        byte[] packet = new byte[header + payloadLength];
        packet[0] = (byte)(0x80 | (extensionWords >= 0 ? 0x10 : 0) | csrcCount);
        packet[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        for (int i = 12; i < header; i++)
        {
            packet[i] = (byte)(0xA0 + i);
        }

        if (extensionWords >= 0)
        {
            int at = 12 + (4 * csrcCount);
            packet[at] = 0xBE;
            packet[at + 1] = 0xDE;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(at + 2), (ushort)extensionWords);
        }

        for (int i = header; i < packet.Length; i++)
        {
            packet[i] = (byte)(sequence + i);
        }

        return packet;
    }

    /// <summary>A receiver report with one report block.</summary>
    public static byte[] PlainRtcp(uint ssrc, byte fill = 0x5A)
    {
        byte[] packet = new byte[32];
        packet[0] = 0x81;
        packet[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 7);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), ssrc);
        packet.AsSpan(8).Fill(fill);
        return packet;
    }

    /// <summary>Protects a copy of an RTP packet and returns exactly the SRTP bytes.</summary>
    public static byte[] Protect(SrtpContext sender, byte[] rtp)
    {
        byte[] buffer = new byte[rtp.Length + sender.RtpOverhead];
        rtp.CopyTo(buffer, 0);
        return buffer[..sender.ProtectRtp(buffer, rtp.Length)];
    }

    /// <summary>Protects a copy of an RTCP packet and returns exactly the SRTCP bytes.</summary>
    public static byte[] ProtectRtcp(SrtpContext sender, byte[] rtcp)
    {
        byte[] buffer = new byte[rtcp.Length + sender.RtcpOverhead];
        rtcp.CopyTo(buffer, 0);
        return buffer[..sender.ProtectRtcp(buffer, rtcp.Length)];
    }
}
