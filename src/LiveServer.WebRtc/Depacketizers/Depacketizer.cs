using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Depacketizers;

/// <summary>Creates the depacketizer for a negotiated codec.</summary>
public static class Depacketizer
{
    /// <summary>Default largest frame accepted by the video depacketizers: 4 MiB.</summary>
    public const int DefaultMaxFrameSize = 4 * 1024 * 1024;

    /// <summary>Creates a depacketizer.</summary>
    /// <param name="codec">The codec.</param>
    /// <returns>The depacketizer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The codec is not supported.</exception>
    public static IDepacketizer Create(MediaCodec codec) => codec switch
    {
        MediaCodec.Opus => new OpusDepacketizer(),
        MediaCodec.Vp8 => new Vp8Depacketizer(),
        MediaCodec.H264 => new H264Depacketizer(),
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "No depacketizer for this codec."),
    };
}
