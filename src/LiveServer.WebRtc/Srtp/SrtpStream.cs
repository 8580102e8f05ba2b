// Per-SSRC cryptographic state (RFC 3711 section 3.2.1: rollover counter, highest sequence number,
// replay list; section 3.3.2 / 3.4: SRTCP index).
namespace LiveServer.WebRtc.Srtp;

/// <summary>What one SSRC's crypto context remembers between packets.</summary>
internal sealed class SrtpStream
{
    /// <summary>Received SRTP: highest index (ROC * 2^16 + s_l) and replay bitmap.</summary>
    public SrtpReplayWindow RtpReplay;

    /// <summary>Received SRTCP: highest SRTCP index and replay bitmap.</summary>
    public SrtpReplayWindow RtcpReplay;

    /// <summary>Sent SRTP: whether a packet was protected yet.</summary>
    public bool SendStarted;

    /// <summary>Sent SRTP: highest index protected (ROC * 2^16 + highest sequence number).</summary>
    public ulong SendHighestIndex;

    /// <summary>Sent SRTCP: the index the next packet gets (31 bits).</summary>
    public uint NextRtcpIndex;
}
