using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// A complete encoded frame from a publisher, as <see cref="PeerSession.FrameReceived"/> hands it
/// out. <see cref="Payload"/> points into a reused buffer and is valid only during the callback:
/// copy it to keep it.
/// </summary>
/// <param name="Kind">Audio or video.</param>
/// <param name="Codec">The negotiated codec of the payload.</param>
/// <param name="IsKeyframe">True for a frame a decoder can start from (always true for Opus).</param>
/// <param name="RtpTimestamp">The RTP timestamp of the frame (90 kHz video, 48 kHz Opus).</param>
/// <param name="Payload">The frame: a VP8 frame, an H.264 access unit in Annex B form, or one Opus packet.</param>
/// <param name="Level">The RFC 6464 audio level of an audio frame, when the sender included one.</param>
/// <param name="Ssrc">The media SSRC the frame came on.</param>
/// <param name="Arrival">When the frame's last packet arrived, on the endpoint's clock (time since it started).</param>
/// <param name="Mid">The mid of the m-section the frame came on (empty when the offer gave none); compare with <see cref="PeerSession.ScreenShareMid"/>.</param>
public readonly record struct ReceivedFrame(
    MediaKind Kind,
    MediaCodec Codec,
    bool IsKeyframe,
    uint RtpTimestamp,
    ReadOnlyMemory<byte> Payload,
    AudioLevel? Level,
    uint Ssrc,
    TimeSpan Arrival,
    string Mid);
