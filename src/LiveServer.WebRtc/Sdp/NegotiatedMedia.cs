namespace LiveServer.WebRtc.Sdp;

/// <summary>What was agreed for one m-section of the offer.</summary>
public sealed record NegotiatedMedia
{
    /// <summary>The section's mid (empty when the offer gave none).</summary>
    public required string Mid { get; init; }

    /// <summary>The media type: "audio", "video", "application", ...</summary>
    public required string Media { get; init; }

    /// <summary>True when the section was accepted; false when answered with port 0.</summary>
    public bool Accepted => RejectionReason is null;

    /// <summary>Why the section was rejected, or <see langword="null"/> when accepted.</summary>
    public string? RejectionReason { get; init; }

    /// <summary>Our direction in the answer (recvonly, or inactive when the offerer does not send).</summary>
    public SdpMediaDirection Direction { get; init; } = SdpMediaDirection.Inactive;

    /// <summary>The accepted codec, or <see langword="null"/> when rejected.</summary>
    public NegotiatedCodec? Codec { get; init; }

    /// <summary>The extmap id of the RFC 6464 audio level, if negotiated.</summary>
    public int? AudioLevelExtensionId { get; init; }

    /// <summary>The extmap id of the transport-wide sequence number, if negotiated.</summary>
    public int? TransportWideCcExtensionId { get; init; }

    /// <summary>The extmap id of the BUNDLE mid extension, if negotiated.</summary>
    public int? MidExtensionId { get; init; }

    /// <summary>True when the offer marked the section a=content:slides (RFC 4796): a screen share.</summary>
    public bool IsSlides { get; init; }

    /// <summary>True when reduced-size RTCP (RFC 5506) was negotiated.</summary>
    public bool RtcpReducedSize { get; init; }

    /// <summary>The offer's media SSRCs for this section (a=ssrc lines that are not the repair half of an FID group).</summary>
    public IReadOnlyList<uint> MediaSsrcs { get; init; } = [];

    /// <summary>The offer's RTX SSRCs, each mapped to the media SSRC it repairs (a=ssrc-group:FID).</summary>
    public IReadOnlyDictionary<uint, uint> RtxSsrcs { get; init; } = new Dictionary<uint, uint>();

    /// <summary>Finds the codec for an incoming payload type.</summary>
    /// <param name="payloadType">The RTP payload type.</param>
    /// <param name="codec">The negotiated codec.</param>
    /// <param name="isRetransmission">True when the payload type is the codec's RTX payload type.</param>
    /// <returns><see langword="false"/> when the payload type was not negotiated here.</returns>
    public bool TryGetCodec(int payloadType, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NegotiatedCodec? codec, out bool isRetransmission)
    {
        codec = Codec;
        isRetransmission = codec is not null && codec.RtxPayloadType == payloadType;
        if (codec is not null && (codec.PayloadType == payloadType || isRetransmission))
        {
            return true;
        }

        codec = null;
        return false;
    }
}
