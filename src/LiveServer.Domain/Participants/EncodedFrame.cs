namespace LiveServer.Domain.Participants;

/// <summary>
/// One encoded media frame as it leaves a source (WebRTC depacketizer or a test source) and enters
/// a participant track. Immutable: the payload is owned by the frame and shared by every subscriber.
/// </summary>
/// <param name="Codec">The codec of <paramref name="Payload"/>.</param>
/// <param name="IsKeyframe">True when a decoder can start at this frame.</param>
/// <param name="Timestamp">Media timestamp in the codec's clock (90 kHz video, 48 kHz Opus).</param>
/// <param name="Arrival">When the frame was complete at the server.</param>
/// <param name="Payload">The encoded bytes.</param>
/// <param name="Width">Picture width for video keyframes when the source knows it, else 0.</param>
/// <param name="Height">Picture height for video keyframes when the source knows it, else 0.</param>
/// <param name="AudioLevelDbov">
/// The sender's audio level of an audio frame in -dBov as RFC 6464 carries it (0 loudest … 127
/// silence), or null when the source did not say; consumers then measure the decoded audio.
/// </param>
public sealed record EncodedFrame(
    MediaCodec Codec,
    bool IsKeyframe,
    long Timestamp,
    DateTimeOffset Arrival,
    ReadOnlyMemory<byte> Payload,
    int Width = 0,
    int Height = 0,
    int? AudioLevelDbov = null);
