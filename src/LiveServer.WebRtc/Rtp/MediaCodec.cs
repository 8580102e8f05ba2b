namespace LiveServer.WebRtc.Rtp;

/// <summary>The media codecs LiveServer accepts from publishers.</summary>
public enum MediaCodec
{
    /// <summary>Not negotiated or not supported.</summary>
    Unknown = 0,

    /// <summary>Opus audio, RTP payload format RFC 7587.</summary>
    Opus,

    /// <summary>VP8 video, RTP payload format RFC 7741.</summary>
    Vp8,

    /// <summary>H.264 video, RTP payload format RFC 6184 (packetization-mode 1).</summary>
    H264,
}
