// RFC 8285 sections 4.2 (one-byte form, profile 0xBEDE) and 4.3 (two-byte form, profile 0x100x).
// Padding bytes (id 0) are skipped; in the one-byte form id 15 ends processing as the RFC requires.
// An element that runs past the extension block ends enumeration rather than throwing.
namespace LiveServer.WebRtc.Rtp;

/// <summary>Enumerates RFC 8285 header extension elements without allocating.</summary>
public ref struct RtpHeaderExtensionReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _oneByte;
    private readonly bool _twoByte;
    private int _offset;

    /// <summary>Creates a reader over the extension data of a packet.</summary>
    /// <param name="profile">The 16-bit "defined by profile" field.</param>
    /// <param name="data">The extension data after the length word.</param>
    public RtpHeaderExtensionReader(ushort profile, ReadOnlySpan<byte> data)
    {
        _data = data;
        _oneByte = profile == RtpPacket.OneByteExtensionProfile;
        _twoByte = (profile & 0xFFF0) == 0x1000;
        _offset = 0;
    }

    /// <summary>Reads the next element.</summary>
    /// <param name="id">The element's local identifier.</param>
    /// <param name="value">The element data.</param>
    /// <returns><see langword="false"/> at the end, for an unknown profile, or at a malformed element.</returns>
    public bool TryReadNext(out int id, out ReadOnlySpan<byte> value)
    {
        id = 0;
        value = default;
        if (_oneByte)
        {
            while (_offset < _data.Length)
            {
                var b = _data[_offset];
                var elementId = b >> 4;
                if (elementId == 0)
                {
                    _offset++;
                    continue;
                }

                if (elementId == 15)
                {
                    _offset = _data.Length;
                    return false;
                }

                var length = (b & 0x0F) + 1;
                if (_offset + 1 + length > _data.Length)
                {
                    _offset = _data.Length;
                    return false;
                }

                id = elementId;
                value = _data.Slice(_offset + 1, length);
                _offset += 1 + length;
                return true;
            }

            return false;
        }

        if (_twoByte)
        {
            while (_offset < _data.Length)
            {
                var elementId = _data[_offset];
                if (elementId == 0)
                {
                    _offset++;
                    continue;
                }

                if (_offset + 2 > _data.Length)
                {
                    _offset = _data.Length;
                    return false;
                }

                var length = _data[_offset + 1];
                if (_offset + 2 + length > _data.Length)
                {
                    _offset = _data.Length;
                    return false;
                }

                id = elementId;
                value = _data.Slice(_offset + 2, length);
                _offset += 2 + length;
                return true;
            }
        }

        return false;
    }
}
