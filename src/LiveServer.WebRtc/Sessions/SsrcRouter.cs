// Which receiver an SRTP packet of a BUNDLE session belongs to (RFC 8843 section 9.2): by SSRC when
// the offer declared it (a=ssrc, a=ssrc-group:FID) or an earlier packet taught it, else by the mid
// header extension (RFC 8843 section 15), else by payload type. RTX packets (RFC 4588 section 4)
// are turned back into the packet they repair: the original sequence number from the first two
// payload bytes, the media SSRC and payload type put back into the header.
using System.Buffers.Binary;
using LiveServer.WebRtc.Rtp;
using LiveServer.WebRtc.Sdp;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// The SSRC routes and the <see cref="RtpReceiver"/>s of one session. Used under the session's lock;
/// allocates only when it learns a new SSRC.
/// </summary>
internal sealed class SsrcRouter(IReadOnlyList<NegotiatedMedia> media) : IDisposable
{
    // Routes (media + RTX SSRCs) one session may hold; more SSRCs are refused.
    private const int MaxRoutes = 8;

    private readonly Dictionary<uint, Path> _routes = [];
    private readonly List<RtpReceiver> _receivers = [];
    private readonly byte[] _rtxScratch = new byte[2048];

    /// <summary>What <see cref="Route"/> made of a packet.</summary>
    public enum Outcome
    {
        /// <summary>A media packet for the receiver.</summary>
        Media,

        /// <summary>A retransmission restored to the packet it repairs.</summary>
        Restored,

        /// <summary>A padding-only RTX packet (a bandwidth probe): nothing to deliver.</summary>
        Probe,

        /// <summary>Unknown SSRC, wrong payload type, too many SSRCs or a malformed RTX packet.</summary>
        Refused,
    }

    /// <summary>Most receivers a session may have.</summary>
    public static int MaxReceivers => MaxRoutes;

    /// <summary>The receivers, in the order they were created.</summary>
    public IReadOnlyList<RtpReceiver> Receivers => _receivers;

    /// <summary>
    /// Routes the offer's declared SSRCs (media and RTX) before the first packet, so that a keyframe
    /// request can go out at once.
    /// </summary>
    public void DeclareFromOffer()
    {
        foreach (NegotiatedMedia section in media)
        {
            foreach (uint ssrc in section.MediaSsrcs)
            {
                if (_routes.Count < MaxRoutes && !_routes.ContainsKey(ssrc))
                {
                    _routes[ssrc] = new Path(GetOrCreateReceiver(ssrc, section), false);
                }
            }

            foreach ((uint rtx, uint ssrc) in section.RtxSsrcs)
            {
                if (_routes.Count < MaxRoutes && !_routes.ContainsKey(rtx) && _routes.TryGetValue(ssrc, out Path route))
                {
                    _routes[rtx] = new Path(route.Receiver, true);
                }
            }
        }
    }

    /// <summary>Finds the receiver of a decrypted packet and, for RTX, restores the original packet.</summary>
    /// <param name="packet">The packet as it arrived.</param>
    /// <param name="receiver">Its receiver (set unless refused).</param>
    /// <param name="deliver">The packet to insert (the restored one for RTX, valid until the next call).</param>
    /// <returns>What the packet was.</returns>
    public Outcome Route(in RtpPacket packet, out RtpReceiver receiver, out RtpPacket deliver)
    {
        deliver = default;
        if (!TryRoute(packet, out Path route))
        {
            receiver = null!;
            return Outcome.Refused;
        }

        receiver = route.Receiver;
        if (!route.IsRtx)
        {
            deliver = packet;
            return packet.PayloadType == receiver.Codec.PayloadType ? Outcome.Media : Outcome.Refused;
        }

        if (packet.PayloadType != receiver.Codec.RtxPayloadType)
        {
            return Outcome.Refused;
        }

        if (packet.Payload.Length < 2)
        {
            return Outcome.Probe;
        }

        return TryRestore(packet, receiver, out deliver) ? Outcome.Restored : Outcome.Refused;
    }

    /// <summary>Releases the receivers' buffers.</summary>
    public void Dispose()
    {
        foreach (RtpReceiver receiver in _receivers)
        {
            receiver.Dispose();
        }
    }

    private static bool AsciiEquals(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private bool TryRoute(in RtpPacket packet, out Path route)
    {
        uint ssrc = packet.Ssrc;
        if (_routes.TryGetValue(ssrc, out route))
        {
            return true;
        }

        return _routes.Count < MaxRoutes && TryLearn(packet, out route);
    }

    // A new SSRC (kept apart from TryRoute so that its lambdas' captures cost nothing on known SSRCs).
    private bool TryLearn(in RtpPacket packet, out Path route)
    {
        uint ssrc = packet.Ssrc;
        route = default;
        NegotiatedMedia? found = null;
        foreach (NegotiatedMedia section in media)
        {
            if (section.MidExtensionId is { } id && packet.TryGetExtension(id, out ReadOnlySpan<byte> mid) && AsciiEquals(mid, section.Mid))
            {
                found = section;
                break;
            }
        }

        byte payloadType = packet.PayloadType;
        found ??= media.FirstOrDefault(section => section.TryGetCodec(payloadType, out _, out _));
        if (found is null || !found.TryGetCodec(packet.PayloadType, out _, out bool isRtx))
        {
            return false;
        }

        if (!isRtx)
        {
            route = new Path(GetOrCreateReceiver(ssrc, found), false);
        }
        else
        {
            // An RTX SSRC the offer did not pair: it repairs the section's only media SSRC, if there is one.
            RtpReceiver[] ofSection = [.. _receivers.Where(r => r.Media == found)];
            if (ofSection.Length != 1)
            {
                return false;
            }

            route = new Path(ofSection[0], true);
        }

        _routes[ssrc] = route;
        return true;
    }

    private RtpReceiver GetOrCreateReceiver(uint ssrc, NegotiatedMedia section)
    {
        foreach (RtpReceiver existing in _receivers)
        {
            if (existing.Ssrc == ssrc)
            {
                return existing;
            }
        }

        var receiver = new RtpReceiver(ssrc, section, section.Codec!);
        _receivers.Add(receiver);
        return receiver;
    }

    // RFC 4588 section 4: the RTX payload starts with the original sequence number; the original
    // header is the RTX header with the media SSRC and payload type put back.
    private bool TryRestore(in RtpPacket rtx, RtpReceiver receiver, out RtpPacket restored)
    {
        ReadOnlySpan<byte> bytes = rtx.Bytes;
        ReadOnlySpan<byte> payload = rtx.Payload;
        int header = rtx.HeaderLength;
        int total = header + payload.Length - 2;
        if (total > _rtxScratch.Length)
        {
            restored = default;
            return false;
        }

        Span<byte> scratch = _rtxScratch;
        bytes[..header].CopyTo(scratch);
        scratch[0] &= 0xDF;
        scratch[1] = (byte)((bytes[1] & 0x80) | receiver.Codec.PayloadType);
        scratch[2] = payload[0];
        scratch[3] = payload[1];
        BinaryPrimitives.WriteUInt32BigEndian(scratch[8..], receiver.Ssrc);
        payload[2..].CopyTo(scratch[header..]);
        return RtpPacket.TryParse(_rtxScratch.AsSpan(0, total), out restored);
    }

    private readonly record struct Path(RtpReceiver Receiver, bool IsRtx);
}
