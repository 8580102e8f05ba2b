// RFC 7741 section 4.2: the VP8 payload descriptor (X, N, S, PID; extension byte I, L, T, K;
// PictureID of 7 or 15 bits; TL0PICIDX; TID, Y, KEYIDX). The reserved bits are ignored on read as
// the RFC asks.
namespace LiveServer.WebRtc.Depacketizers;

/// <summary>A parsed VP8 payload descriptor.</summary>
/// <param name="Length">Bytes the descriptor occupies at the start of the RTP payload.</param>
/// <param name="NonReference">N: the frame can be discarded without affecting other frames.</param>
/// <param name="StartOfPartition">S: the packet starts a VP8 partition.</param>
/// <param name="PartitionIndex">PID: the partition this packet's data belongs to (0..7).</param>
/// <param name="PictureId">The PictureID, or -1 when absent.</param>
/// <param name="Tl0PicIdx">TL0PICIDX, or -1 when absent.</param>
/// <param name="TemporalLayerIndex">TID, or -1 when absent.</param>
/// <param name="LayerSync">Y: layer sync bit (meaningful only with TID).</param>
/// <param name="KeyIndex">KEYIDX, or -1 when absent.</param>
public readonly record struct Vp8PayloadDescriptor(
    int Length,
    bool NonReference,
    bool StartOfPartition,
    int PartitionIndex,
    int PictureId,
    int Tl0PicIdx,
    int TemporalLayerIndex,
    bool LayerSync,
    int KeyIndex)
{
    /// <summary>True when the packet starts a frame: S set and partition index 0.</summary>
    public bool StartsFrame => StartOfPartition && PartitionIndex == 0;

    /// <summary>Parses the descriptor at the start of a VP8 RTP payload.</summary>
    /// <param name="payload">The RTP payload.</param>
    /// <param name="descriptor">The descriptor.</param>
    /// <returns><see langword="false"/> when the payload is too short for the fields it announces.</returns>
    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }

        var b0 = payload[0];
        var offset = 1;
        int pictureId = -1, tl0 = -1, tid = -1, keyIndex = -1;
        var sync = false;
        if ((b0 & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }

            var x = payload[1];
            offset = 2;
            if ((x & 0x80) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                if ((payload[offset] & 0x80) != 0)
                {
                    if (offset + 1 >= payload.Length)
                    {
                        return false;
                    }

                    pictureId = ((payload[offset] & 0x7F) << 8) | payload[offset + 1];
                    offset += 2;
                }
                else
                {
                    pictureId = payload[offset];
                    offset++;
                }
            }

            if ((x & 0x40) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                tl0 = payload[offset++];
            }

            if ((x & 0x30) != 0)
            {
                if (offset >= payload.Length)
                {
                    return false;
                }

                var tk = payload[offset++];
                if ((x & 0x20) != 0)
                {
                    tid = tk >> 6;
                    sync = (tk & 0x20) != 0;
                }

                if ((x & 0x10) != 0)
                {
                    keyIndex = tk & 0x1F;
                }
            }
        }

        descriptor = new Vp8PayloadDescriptor(offset, (b0 & 0x20) != 0, (b0 & 0x10) != 0, b0 & 0x07, pictureId, tl0, tid, sync, keyIndex);
        return true;
    }
}
