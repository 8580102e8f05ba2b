// RFC 7587 section 4.2: one RTP packet carries exactly one Opus packet (one frame, or several
// frames behind one TOC byte), so every packet is a complete, independently decodable frame. Loss
// needs no keyframe: the Opus decoder conceals it (PLC/FEC, RFC 6716). Not covered: DTX gap
// signalling, which the audio pipeline infers from timestamps.
using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Depacketizers;

/// <summary>Depacketizer for Opus: one packet, one frame.</summary>
public sealed class OpusDepacketizer : IDepacketizer
{
    /// <summary>Largest Opus packet accepted (RFC 6716 3.4: 120 ms at 510 kbit/s is under 8 KB).</summary>
    public const int MaxPacketSize = 8 * 1024;

    private readonly FrameBuffer _buffer = new(MaxPacketSize);

    /// <inheritdoc/>
    public MediaCodec Codec => MediaCodec.Opus;

    /// <inheritdoc/>
    public bool NeedsKeyframe => false;

    /// <inheritdoc/>
    public long FramesEmitted { get; private set; }

    /// <inheritdoc/>
    public long FramesDiscarded => 0;

    /// <inheritdoc/>
    public long PacketsRefused { get; private set; }

    /// <inheritdoc/>
    public bool TryPush(in RtpPacket packet, out DepacketizedFrame frame)
    {
        frame = default;
        var payload = packet.Payload;
        _buffer.Clear();
        if (payload.IsEmpty || !_buffer.TryAppend(payload))
        {
            PacketsRefused++;
            return false;
        }

        frame = new DepacketizedFrame(MediaCodec.Opus, _buffer.Memory, true, packet.Timestamp);
        FramesEmitted++;
        return true;
    }

    /// <inheritdoc/>
    public void Reset() => _buffer.Clear();
}
