namespace LiveServer.WebRtc.Depacketizers;

/// <summary>One growing byte buffer reused for every frame of a depacketizer; grows, never shrinks.</summary>
internal sealed class FrameBuffer(int maxSize)
{
    private byte[] _buffer = new byte[Math.Min(maxSize, 64 * 1024)];

    public int Length { get; private set; }

    public int MaxSize { get; } = maxSize;

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    public Span<byte> Written => _buffer.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public bool TryAppend(ReadOnlySpan<byte> data)
    {
        if (!TryReserve(data.Length, out var destination))
        {
            return false;
        }

        data.CopyTo(destination);
        return true;
    }

    public bool TryAppend(byte value)
    {
        if (!TryReserve(1, out var destination))
        {
            return false;
        }

        destination[0] = value;
        return true;
    }

    /// <summary>Makes room for <paramref name="count"/> bytes at the end and returns them.</summary>
    public bool TryReserve(int count, out Span<byte> destination)
    {
        if (count > MaxSize - Length)
        {
            destination = default;
            return false;
        }

        EnsureCapacity(Length + count);
        destination = _buffer.AsSpan(Length, count);
        Length += count;
        return true;
    }

    /// <summary>Shifts the content right to open <paramref name="count"/> bytes at the start.</summary>
    public bool TryInsertAtStart(int count, out Span<byte> destination)
    {
        if (count > MaxSize - Length)
        {
            destination = default;
            return false;
        }

        EnsureCapacity(Length + count);
        _buffer.AsSpan(0, Length).CopyTo(_buffer.AsSpan(count));
        Length += count;
        destination = _buffer.AsSpan(0, count);
        return true;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
        {
            return;
        }

        var size = (int)Math.Min(MaxSize, Math.Max(needed, 2L * _buffer.Length));
        Array.Resize(ref _buffer, size);
    }
}
