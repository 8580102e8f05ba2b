using System.Buffers.Binary;

namespace LiveServer.Media.Ivf;

/// <summary>Writes an IVF stream to a pipe, reusing one header buffer.</summary>
public sealed class IvfWriter(Stream stream)
{
    private readonly byte[] _header = new byte[IvfFileHeader.Size];

    /// <summary>Writes the file header.</summary>
    public async Task WriteHeaderAsync(IvfFileHeader header, CancellationToken cancellationToken)
    {
        header.Write(_header);
        await stream.WriteAsync(_header.AsMemory(0, IvfFileHeader.Size), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes one frame and flushes it, so the decoder sees it at once.</summary>
    public async Task WriteFrameAsync(long timestamp, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_header, payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(_header.AsSpan(4), timestamp);
        await stream.WriteAsync(_header.AsMemory(0, IvfFileHeader.FrameHeaderSize), cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
