// The receive chain of one media SSRC: RFC 3550 section 6.4 and appendix A (reception statistics for
// receiver reports), RFC 4585 sections 3.5 and 6.2.1 (when and what to NACK) and 6.3.1 (PLI when a
// loss was not repaired or the decoder chain needs a keyframe), and the payload formats behind the
// depacketizers (RFC 7741 VP8, RFC 6184 H.264, RFC 7587 Opus). Packets go in as they arrive (RFC
// 4588 retransmissions already restored by the session); frames come out in order and whole.
// Not covered: FIR (RFC 5104 4.3.1; browsers answer PLI), playout timing, and RTT measurement (the
// NACK spacing uses the generator's initial estimate).
using LiveServer.WebRtc.Depacketizers;
using LiveServer.WebRtc.Rtcp;
using LiveServer.WebRtc.Rtp;
using LiveServer.WebRtc.Sdp;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// Jitter buffer, NACK generator, depacketizer and receiver statistics for one media SSRC. Owned by
/// its <see cref="PeerSession"/> and used only under the session's lock.
/// </summary>
internal sealed class RtpReceiver : IDisposable
{
    private static readonly JitterBufferOptions s_videoBuffer = new() { MaxWait = TimeSpan.FromMilliseconds(150) };
    private static readonly JitterBufferOptions s_audioBuffer = new() { MaxWait = TimeSpan.FromMilliseconds(60), Capacity = 128 };
    private static readonly NackGeneratorOptions s_nackOptions = new();

    private readonly JitterBuffer _jitterBuffer;
    private readonly NackGenerator _nack;
    private readonly IDepacketizer _depacketizer;

    public RtpReceiver(uint ssrc, NegotiatedMedia media, NegotiatedCodec codec)
    {
        Ssrc = ssrc;
        Media = media;
        Codec = codec;
        Kind = media.Media == "audio" ? MediaKind.Audio : MediaKind.Video;
        AudioLevelExtensionId = media.AudioLevelExtensionId;
        NackEnabled = codec.HasFeedback("nack");
        PliEnabled = Kind == MediaKind.Video && codec.HasFeedback("nack pli");
        RembEnabled = codec.HasFeedback("goog-remb");
        _nack = new NackGenerator(s_nackOptions);
        _jitterBuffer = new JitterBuffer(Kind == MediaKind.Audio ? s_audioBuffer : s_videoBuffer, _nack);
        _depacketizer = Depacketizer.Create(codec.Codec);
        Statistics = new ReceiverStatistics(ssrc, codec.ClockRate);
    }

    public uint Ssrc { get; }

    public NegotiatedMedia Media { get; }

    public NegotiatedCodec Codec { get; }

    public MediaKind Kind { get; }

    public int? AudioLevelExtensionId { get; }

    public bool NackEnabled { get; }

    public bool PliEnabled { get; }

    public bool RembEnabled { get; }

    public ReceiverStatistics Statistics { get; }

    /// <summary>Payload bytes received since the last receiver report (for the REMB rule).</summary>
    public long BytesSinceReport { get; set; }

    /// <summary>A time long before any session started (subtracting it from now cannot overflow).</summary>
    public static readonly TimeSpan Never = TimeSpan.FromDays(-3650);

    /// <summary>When a PLI was last sent for this SSRC, or <see cref="Never"/>.</summary>
    public TimeSpan LastPliAt { get; set; } = Never;

    /// <summary>A keyframe request waiting for the PLI rate limit.</summary>
    public bool PliPending { get; set; }

    public bool NeedsKeyframe => _depacketizer.NeedsKeyframe;

    public long PacketsLost => _jitterBuffer.PacketsLost;

    public long FramesDiscarded => _depacketizer.FramesDiscarded;

    public long PacketsReceived { get; private set; }

    /// <summary>Records a packet (already decrypted, RTX already restored) and buffers it.</summary>
    public void Insert(in RtpPacket packet, TimeSpan now)
    {
        PacketsReceived++;
        BytesSinceReport += packet.Bytes.Length;
        Statistics.OnPacket(packet.SequenceNumber, packet.Timestamp, now);
        _jitterBuffer.Insert(packet, now);
    }

    /// <summary>
    /// The next completed frame: releases packets the jitter buffer lets go at <paramref name="now"/>
    /// into the depacketizer until one completes a frame. The frame's data is valid until the next call.
    /// </summary>
    /// <param name="now">The session clock.</param>
    /// <param name="frame">The frame.</param>
    /// <param name="level">Its RFC 6464 audio level, when the sender put one on its last packet.</param>
    /// <param name="arrival">When its last packet arrived.</param>
    /// <returns>False when no frame is complete now.</returns>
    public bool TryReadFrame(TimeSpan now, out DepacketizedFrame frame, out AudioLevel? level, out TimeSpan arrival)
    {
        while (_jitterBuffer.TryDequeue(now, out JitterBufferPacket released))
        {
            if (!_depacketizer.TryPush(released.Packet, out frame))
            {
                continue;
            }

            level = AudioLevelExtensionId is { } id && released.Packet.TryGetAudioLevel(id, out AudioLevel audioLevel) ? audioLevel : null;
            arrival = released.Arrival;
            return true;
        }

        frame = default;
        level = null;
        arrival = default;
        return false;
    }

    /// <summary>Chooses sequence numbers to NACK now and reports losses given up.</summary>
    public NackPollResult PollNacks(TimeSpan now, Span<ushort> destination) => _nack.Poll(now, destination);

    public void Dispose() => _jitterBuffer.Dispose();
}
