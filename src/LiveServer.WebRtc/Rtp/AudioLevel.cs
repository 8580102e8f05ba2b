// RFC 6464 section 3: the client-to-mixer audio level header extension
// (urn:ietf:params:rtp-hdrext:ssrc-audio-level). Only the one-byte value is read; the
// vad=on/off extmap attribute is a negotiation detail left to SDP.
namespace LiveServer.WebRtc.Rtp;

/// <summary>An RFC 6464 audio level: level in -dBov (0 = loudest, 127 = silence) and the voice activity flag.</summary>
/// <param name="LevelDbov">The level as a positive number of decibels below overload, 0..127.</param>
/// <param name="Voice">The V bit: the sender's voice activity detector believes this packet holds speech.</param>
public readonly record struct AudioLevel(byte LevelDbov, bool Voice)
{
    /// <summary>Reads the extension element data (one byte, or more with the first one used).</summary>
    /// <param name="data">The element data as returned by <see cref="RtpPacket.TryGetExtension"/>.</param>
    /// <param name="level">The decoded level.</param>
    /// <returns><see langword="false"/> when the data is empty.</returns>
    public static bool TryRead(ReadOnlySpan<byte> data, out AudioLevel level)
    {
        if (data.IsEmpty)
        {
            level = default;
            return false;
        }

        level = new AudioLevel((byte)(data[0] & 0x7F), (data[0] & 0x80) != 0);
        return true;
    }
}
