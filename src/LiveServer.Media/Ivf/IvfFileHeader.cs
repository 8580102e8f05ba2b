using System.Buffers.Binary;

namespace LiveServer.Media.Ivf;

/// <summary>
/// The 32-byte IVF file header: "DKIF", version 0, header size 32, codec FourCC, width, height,
/// time base (denominator, numerator), frame count. All little-endian.
/// </summary>
/// <param name="FourCc">Codec, e.g. <c>VP80</c>.</param>
/// <param name="Width">Picture width.</param>
/// <param name="Height">Picture height.</param>
/// <param name="TimebaseDenominator">Time base denominator (frame timestamps count 1/this).</param>
/// <param name="TimebaseNumerator">Time base numerator.</param>
public sealed record IvfFileHeader(string FourCc, int Width, int Height, int TimebaseDenominator, int TimebaseNumerator)
{
    /// <summary>Size of the file header.</summary>
    public const int Size = 32;

    /// <summary>Size of each frame header (4-byte length, 8-byte timestamp).</summary>
    public const int FrameHeaderSize = 12;

    /// <summary>Parses a header; false when the bytes are not an IVF header.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out IvfFileHeader header)
    {
        header = null!;
        if (bytes.Length < Size || !bytes[..4].SequenceEqual("DKIF"u8))
        {
            return false;
        }

        var headerSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
        var denominator = BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]);
        var numerator = BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]);
        if (headerSize != Size || denominator <= 0 || numerator <= 0)
        {
            return false;
        }

        header = new IvfFileHeader(
            System.Text.Encoding.ASCII.GetString(bytes[8..12]),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes[12..]),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes[14..]),
            denominator,
            numerator);
        return true;
    }

    /// <summary>Writes the header into <paramref name="destination"/> (32 bytes).</summary>
    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        "DKIF"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], Size);
        System.Text.Encoding.ASCII.GetBytes(FourCc.AsSpan(0, 4), destination[8..12]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[12..], (ushort)Width);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], (ushort)Height);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], TimebaseDenominator);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], TimebaseNumerator);
    }
}
