namespace LiveServer.WebRtc.Rtcp;

/// <summary>Enumerates the items of a validated <see cref="SourceDescription"/>.</summary>
public ref struct SdesItemReader
{
    private readonly ReadOnlySpan<byte> _body;
    private int _chunksLeft;
    private int _offset;
    private uint _ssrc;
    private bool _inChunk;

    internal SdesItemReader(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        _chunksLeft = chunkCount;
        _offset = 0;
        _ssrc = 0;
        _inChunk = false;
    }

    /// <summary>Reads the next item.</summary>
    /// <param name="ssrc">The SSRC/CSRC of the chunk holding the item.</param>
    /// <param name="type">The item type.</param>
    /// <param name="value">The item text (UTF-8).</param>
    /// <returns><see langword="false"/> after the last item.</returns>
    public bool TryReadNext(out uint ssrc, out SdesItemType type, out ReadOnlySpan<byte> value)
    {
        while (true)
        {
            if (!_inChunk)
            {
                if (_chunksLeft == 0 || _offset + 4 > _body.Length)
                {
                    ssrc = 0;
                    type = SdesItemType.End;
                    value = default;
                    return false;
                }

                _ssrc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(_body[_offset..]);
                _offset += 4;
                _chunksLeft--;
                _inChunk = true;
            }

            if (_offset >= _body.Length || _body[_offset] == 0)
            {
                _offset = (_offset + 4) & ~3;
                _inChunk = false;
                continue;
            }

            int length = _body[_offset + 1];
            ssrc = _ssrc;
            type = (SdesItemType)_body[_offset];
            value = _body.Slice(_offset + 2, length);
            _offset += 2 + length;
            return true;
        }
    }
}
