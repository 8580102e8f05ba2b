using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Depacketizers;

/// <summary>
/// Turns the RTP packets of one SSRC, pushed in sequence order (after the jitter buffer), into
/// complete encoded frames. A jump in sequence numbers discards the partial frame; video then waits
/// for the next keyframe and raises <see cref="NeedsKeyframe"/> so the owner can send a PLI.
/// Incomplete or corrupted frames are never emitted. Single owner; not thread-safe.
/// </summary>
public interface IDepacketizer
{
    /// <summary>The codec this depacketizer handles.</summary>
    MediaCodec Codec { get; }

    /// <summary>True while frames are being dropped until a keyframe arrives (from the start, and after loss).</summary>
    bool NeedsKeyframe { get; }

    /// <summary>Frames emitted.</summary>
    long FramesEmitted { get; }

    /// <summary>Frames dropped: partial after loss, corrupted, too large, or not a keyframe while one was needed.</summary>
    long FramesDiscarded { get; }

    /// <summary>Packets refused as malformed for the payload format.</summary>
    long PacketsRefused { get; }

    /// <summary>Feeds the next packet in sequence order.</summary>
    /// <param name="packet">The packet; its payload is copied before the call returns.</param>
    /// <param name="frame">The completed frame when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when this packet completed a frame.</returns>
    bool TryPush(in RtpPacket packet, out DepacketizedFrame frame);

    /// <summary>Drops any partial frame and sequence state (for example after an SSRC change).</summary>
    void Reset();
}
