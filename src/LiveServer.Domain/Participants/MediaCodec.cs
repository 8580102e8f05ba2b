namespace LiveServer.Domain.Participants;

/// <summary>The codecs a participant track can carry.</summary>
public enum MediaCodec
{
    /// <summary>VP8 video (RFC 7741 payloads, one frame per <see cref="EncodedFrame"/>).</summary>
    Vp8,

    /// <summary>H.264 video as an Annex B access unit (start codes, SPS/PPS before IDR).</summary>
    H264,

    /// <summary>Opus audio, one Opus packet per frame, 48 kHz clock.</summary>
    Opus,
}
