using System.Buffers.Binary;

namespace LiveServer.Media.Tests.TestKit;

/// <summary>
/// Builds ISO/IEC 14496-12 boxes by hand (section 4.2): a 32-bit size (header included) and a
/// four-character type, or size 1 and a 64-bit size; a full box adds a version byte and 24 bits of
/// flags. Payloads are given as parts and concatenated, fields big-endian.
/// </summary>
internal static class Mp4Boxes
{
    /// <summary>A box with a 32-bit size.</summary>
    public static byte[] Box(string type, params byte[][] payload) => WithSize(8 + payload.Sum(p => p.Length), type, payload);

    /// <summary>A box with size 1 and the real size in 64 bits after the type.</summary>
    public static byte[] LargeBox(string type, params byte[][] payload)
    {
        var body = Concat(payload);
        return Concat(U32(1), Type(type), U64((ulong)(16 + body.Length)), body);
    }

    /// <summary>A full box: version and flags, then the fields.</summary>
    public static byte[] FullBox(string type, byte version, uint flags, params byte[][] fields) =>
        Box(type, [U32(((uint)version << 24) | (flags & 0xFF_FFFF)), .. fields]);

    /// <summary>A box whose size field says <paramref name="size"/>, whatever the payload's length.</summary>
    public static byte[] WithSize(long size, string type, params byte[][] payload) =>
        Concat(U32(checked((uint)size)), Type(type), Concat(payload));

    /// <summary>The four-character type as bytes.</summary>
    public static byte[] Type(string type)
    {
        Assert.Equal(4, type.Length);
        return [(byte)type[0], (byte)type[1], (byte)type[2], (byte)type[3]];
    }

    public static byte[] U8(byte value) => [value];

    public static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Zeros(int count) => new byte[count];

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
