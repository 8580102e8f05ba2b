using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Depacketizers;

/// <summary>
/// A complete encoded frame from a depacketizer. <see cref="Data"/> points into the depacketizer's
/// reused buffer and is valid only until its next <see cref="IDepacketizer.TryPush"/> or
/// <see cref="IDepacketizer.Reset"/>: copy it to keep it.
/// </summary>
/// <param name="Codec">The codec of the data.</param>
/// <param name="Data">The frame: a VP8 frame, an H.264 access unit in Annex B form, or one Opus packet.</param>
/// <param name="IsKeyframe">True for a frame a decoder can start from (always true for Opus).</param>
/// <param name="RtpTimestamp">The RTP timestamp shared by the frame's packets.</param>
public readonly record struct DepacketizedFrame(MediaCodec Codec, ReadOnlyMemory<byte> Data, bool IsKeyframe, uint RtpTimestamp);
