using System.Buffers.Binary;

namespace LiveServer.Media.Ivf;

/// <summary>Reads an IVF stream (header, then length-prefixed frames) from a pipe.</summary>
public sealed class IvfReader(Stream stream)
{
    /// <summary>Frames larger than this are refused as corrupt.</summary>
    public const int MaxFrameSize = 8 * 1024 * 1024;

    private readonly byte[] _frameHeader = new byte[IvfFileHeader.FrameHeaderSize];

    /// <summary>Reads the file header; null at end of stream; throws on a corrupt header.</summary>
    public async Task<IvfFileHeader?> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        var bytes = new byte[IvfFileHeader.Size];
        if (!await ReadFullyAsync(bytes, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return IvfFileHeader.TryParse(bytes, out var header)
            ? header
            : throw new InvalidDataException("The stream does not start with an IVF header.");
    }

    /// <summary>Reads the next frame; null at end of stream; throws on a corrupt frame header.</summary>
    public async Task<IvfFrame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        if (!await ReadFullyAsync(_frameHeader, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var size = BinaryPrimitives.ReadInt32LittleEndian(_frameHeader);
        if (size is <= 0 or > MaxFrameSize)
        {
            throw new InvalidDataException($"IVF frame size {size} is out of range.");
        }

        var timestamp = BinaryPrimitives.ReadInt64LittleEndian(_frameHeader.AsSpan(4));
        var payload = new byte[size];
        return await ReadFullyAsync(payload, cancellationToken).ConfigureAwait(false)
            ? new IvfFrame(timestamp, payload)
            : null;
    }

    private async Task<bool> ReadFullyAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)
            .ConfigureAwait(false);
        return read == buffer.Length;
    }
}
