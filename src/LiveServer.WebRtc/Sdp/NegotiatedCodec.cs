using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Sdp;

/// <summary>The codec accepted for an m-section, as the receiver needs it to map payload types.</summary>
/// <param name="PayloadType">The media payload type.</param>
/// <param name="Codec">The codec.</param>
/// <param name="ClockRate">The RTP clock rate.</param>
/// <param name="Channels">Audio channels (1 for video).</param>
/// <param name="FormatParameters">The fmtp parameters as answered, if any.</param>
/// <param name="Feedback">The rtcp-fb values answered, e.g. "nack", "nack pli".</param>
/// <param name="RtxPayloadType">The RFC 4588 retransmission payload type whose apt is <paramref name="PayloadType"/>, if offered.</param>
public sealed record NegotiatedCodec(
    int PayloadType,
    MediaCodec Codec,
    int ClockRate,
    int Channels,
    string? FormatParameters,
    IReadOnlyList<string> Feedback,
    int? RtxPayloadType)
{
    /// <summary>True when the given rtcp-fb value was negotiated.</summary>
    /// <param name="feedback">The value, e.g. "nack pli".</param>
    /// <returns>Whether it was negotiated.</returns>
    public bool HasFeedback(string feedback)
    {
        foreach (var value in Feedback)
        {
            if (string.Equals(value, feedback, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
