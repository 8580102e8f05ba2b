// ISO/IEC 14496-12 section 4.2: a box is a 32-bit size (the whole box, header included), a
// four-character type, then, when the size is 1, a 64-bit size; a size of 0 means "to the end of the
// file", which a live stream cannot have. A full box adds a version byte and 24 bits of flags.
using System.Buffers.Binary;

namespace LiveServer.Media.Cmaf;

/// <summary>One box inside a buffer: its type and where its payload lies.</summary>
/// <param name="Type">The four-character type as a big-endian number (<see cref="Mp4Box.Code"/>).</param>
/// <param name="PayloadOffset">Offset of the payload (after the header) in the parent buffer.</param>
/// <param name="PayloadLength">Bytes of payload.</param>
public readonly record struct Mp4Box(uint Type, int PayloadOffset, int PayloadLength)
{
    /// <summary>The end of the box in the parent buffer.</summary>
    public int End => PayloadOffset + PayloadLength;

    /// <summary>The type of a four-character code, e.g. <c>Code("moof")</c>.</summary>
    public static uint Code(string fourCc) =>
        fourCc.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian([(byte)fourCc[0], (byte)fourCc[1], (byte)fourCc[2], (byte)fourCc[3]])
            : throw new ArgumentException("A box type has four characters.", nameof(fourCc));

    /// <summary>The type as text, for messages.</summary>
    public static string Name(uint type) =>
        string.Create(4, type, static (span, t) =>
        {
            for (int i = 0; i < 4; i++)
            {
                byte b = (byte)(t >> (24 - (8 * i)));
                span[i] = b is >= 0x20 and < 0x7F ? (char)b : '?';
            }
        });

    /// <summary>
    /// Reads a box header at <paramref name="offset"/>. Throws <see cref="InvalidDataException"/> when
    /// the size is smaller than the header, runs past <paramref name="end"/>, or is 0 (to end of file).
    /// </summary>
    public static Mp4Box Read(ReadOnlySpan<byte> buffer, int offset, int end)
    {
        if (end - offset < 8)
        {
            throw new InvalidDataException($"A box header at {offset} is cut off.");
        }

        long size = BinaryPrimitives.ReadUInt32BigEndian(buffer[offset..]);
        uint type = BinaryPrimitives.ReadUInt32BigEndian(buffer[(offset + 4)..]);
        int header = 8;
        if (size == 1)
        {
            if (end - offset < 16)
            {
                throw new InvalidDataException($"The 64-bit size of box '{Name(type)}' is cut off.");
            }

            size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(buffer[(offset + 8)..]), long.MaxValue);
            header = 16;
        }

        if (size < header || size > end - offset)
        {
            throw new InvalidDataException($"Box '{Name(type)}' at {offset} has size {size}, outside its parent ({end - offset} bytes left).");
        }

        return new Mp4Box(type, offset + header, (int)size - header);
    }

    /// <summary>The first child of the given type inside <paramref name="parent"/>'s payload, or null.</summary>
    public static Mp4Box? Find(ReadOnlySpan<byte> buffer, Mp4Box parent, uint type, int skip = 0)
    {
        for (int offset = parent.PayloadOffset + skip; offset < parent.End;)
        {
            Mp4Box child = Read(buffer, offset, parent.End);
            if (child.Type == type)
            {
                return child;
            }

            offset = child.End;
        }

        return null;
    }

    /// <summary>Every child of the given type inside <paramref name="parent"/>'s payload.</summary>
    public static List<Mp4Box> FindAll(ReadOnlySpan<byte> buffer, Mp4Box parent, uint type)
    {
        var found = new List<Mp4Box>();
        for (int offset = parent.PayloadOffset; offset < parent.End;)
        {
            Mp4Box child = Read(buffer, offset, parent.End);
            if (child.Type == type)
            {
                found.Add(child);
            }

            offset = child.End;
        }

        return found;
    }

    /// <summary>A child that must be there; throws <see cref="InvalidDataException"/> naming it otherwise.</summary>
    public static Mp4Box Require(ReadOnlySpan<byte> buffer, Mp4Box parent, string type, int skip = 0) =>
        Find(buffer, parent, Code(type), skip) ?? throw new InvalidDataException($"Box '{Name(parent.Type)}' has no '{type}'.");

    /// <summary>A payload as a full box: version, flags, and where its fields begin.</summary>
    public static (byte Version, uint Flags, int Fields) FullBox(ReadOnlySpan<byte> buffer, Mp4Box box)
    {
        if (box.PayloadLength < 4)
        {
            throw new InvalidDataException($"Full box '{Name(box.Type)}' is too short.");
        }

        uint versionAndFlags = BinaryPrimitives.ReadUInt32BigEndian(buffer[box.PayloadOffset..]);
        return ((byte)(versionAndFlags >> 24), versionAndFlags & 0xFFFFFF, box.PayloadOffset + 4);
    }

    /// <summary>Checks that <paramref name="count"/> bytes from <paramref name="offset"/> lie inside the box.</summary>
    public static void Need(Mp4Box box, int offset, long count)
    {
        if (offset < box.PayloadOffset || count < 0 || count > box.End - offset)
        {
            throw new InvalidDataException($"Box '{Name(box.Type)}' is too short for its fields.");
        }
    }
}
