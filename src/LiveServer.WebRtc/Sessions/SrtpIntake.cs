// What arrives on a connected session, up to the receivers: SRTP and SRTCP unprotected in place
// (RFC 3711 sections 3.3 and 3.4, RFC 7714 for AEAD-AES-GCM: replay and authentication checks
// included), RTP parsed (RFC 3550 section 5.1) and routed (SsrcRouter); RTCP read for sender reports
// (RFC 3550 section 6.4.1, for the DLSR of our receiver reports) and BYE (section 6.6). The test
// switch for inbound loss drops media here, before decryption, as the network would.
using LiveServer.WebRtc.Rtcp;
using LiveServer.WebRtc.Rtp;
using LiveServer.WebRtc.Srtp;

namespace LiveServer.WebRtc.Sessions;

/// <summary>The inbound SRTP path of one session and its counters. Used under the session's lock.</summary>
/// <param name="srtp">The client's SRTP context (from the DTLS keys); disposed with the intake.</param>
/// <param name="router">The session's routes and receivers.</param>
/// <param name="loss">The inbound loss test switch.</param>
internal sealed class SrtpIntake(SrtpContext srtp, SsrcRouter router, InboundLossSimulator loss) : IDisposable
{
    /// <summary>Packets that decrypted, parsed and were routed (retransmissions included).</summary>
    public long Packets { get; private set; }

    /// <summary>Their bytes after decryption.</summary>
    public long Bytes { get; private set; }

    /// <summary>RTX packets restored.</summary>
    public long Retransmissions { get; private set; }

    /// <summary>Media packets dropped by the loss test switch.</summary>
    public long DroppedForTest { get; private set; }

    /// <summary>SRTP and SRTCP that failed authentication, replay or decryption.</summary>
    public long DecryptFailures { get; private set; }

    /// <summary>Packets that decrypted but were malformed or belonged to no negotiated stream.</summary>
    public long Refused { get; private set; }

    /// <summary>SRTCP compounds that decrypted.</summary>
    public long RtcpPackets { get; private set; }

    /// <summary>Takes one RTP datagram; returns the receiver it was inserted into, or null.</summary>
    public RtpReceiver? HandleRtp(Span<byte> datagram, TimeSpan now)
    {
        if (loss.DropNext())
        {
            DroppedForTest++;
            return null;
        }

        if (!srtp.TryUnprotectRtp(datagram, out int length, out _))
        {
            DecryptFailures++;
            return null;
        }

        if (!RtpPacket.TryParse(datagram[..length], out RtpPacket packet))
        {
            Refused++;
            return null;
        }

        SsrcRouter.Outcome outcome = router.Route(packet, out RtpReceiver receiver, out RtpPacket deliver);
        if (outcome == SsrcRouter.Outcome.Refused)
        {
            Refused++;
            return null;
        }

        Packets++;
        Bytes += length;
        if (outcome == SsrcRouter.Outcome.Probe)
        {
            return null;
        }

        if (outcome == SsrcRouter.Outcome.Restored)
        {
            Retransmissions++;
        }

        receiver.Insert(deliver, now);
        return receiver;
    }

    /// <summary>Takes one SRTCP datagram; true when it carried a BYE (the peer is leaving).</summary>
    public bool HandleRtcp(Span<byte> datagram, TimeSpan now)
    {
        if (!srtp.TryUnprotectRtcp(datagram, out int length, out _))
        {
            DecryptFailures++;
            return false;
        }

        RtcpPackets++;
        var reader = new RtcpCompoundReader(datagram[..length]);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            if (packet.Type == RtcpPacketType.SenderReport && SenderReport.TryParse(packet, out SenderReport report, out _))
            {
                foreach (RtpReceiver receiver in router.Receivers)
                {
                    if (receiver.Ssrc == report.Ssrc)
                    {
                        receiver.Statistics.OnSenderReport(report.NtpTimestamp, now);
                    }
                }
            }
            else if (packet.Type == RtcpPacketType.Goodbye && Goodbye.TryParse(packet, out _, out _))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Releases the SRTP context.</summary>
    public void Dispose() => srtp.Dispose();
}
