// CRC-32 as used by the STUN FINGERPRINT attribute (RFC 8489 section 14.7, which points at the
// CRC-32 of ITU-T V.42 / ISO 3309: reflected, polynomial 0x04C11DB7, initial value and final XOR
// 0xFFFFFFFF). Table-driven, one byte at a time: STUN messages are a few hundred bytes, seldom sent.
namespace LiveServer.WebRtc.Stun;

/// <summary>The CRC-32 behind FINGERPRINT.</summary>
internal static class StunCrc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Computes the CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
