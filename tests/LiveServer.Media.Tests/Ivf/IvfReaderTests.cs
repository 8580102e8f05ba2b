using System.Buffers.Binary;
using LiveServer.Media.Ivf;

namespace LiveServer.Media.Tests.Ivf;

public sealed class IvfReaderTests
{
    private static readonly IvfFileHeader Header = new("VP80", 640, 360, 90_000, 1);

    private static async Task<MemoryStream> WrittenStreamAsync(params (long Timestamp, byte[] Payload)[] frames)
    {
        var stream = new MemoryStream();
        var writer = new IvfWriter(stream);
        await writer.WriteHeaderAsync(Header, CancellationToken.None);
        foreach (var (timestamp, payload) in frames)
        {
            await writer.WriteFrameAsync(timestamp, payload, CancellationToken.None);
        }

        stream.Position = 0;
        return stream;
    }

    [Fact]
    public async Task ReadFrameAsync_WrittenFrames_RoundTripInOrderThenNull()
    {
        var frames = new (long, byte[])[]
        {
            (0, [1, 2, 3]),
            (3000, Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray()),
            (long.MaxValue - 1, [9]),
        };
        using var stream = await WrittenStreamAsync(frames);
        var reader = new IvfReader(stream);

        var header = await reader.ReadHeaderAsync(CancellationToken.None);
        var read = new List<IvfFrame>();
        while (await reader.ReadFrameAsync(CancellationToken.None) is { } frame)
        {
            read.Add(frame);
        }

        Assert.Equal(Header, header);
        Assert.Equal(frames.Select(f => f.Item1), read.Select(f => f.Timestamp));
        Assert.Equal(frames.Select(f => f.Item2), read.Select(f => f.Payload));
    }

    [Fact]
    public async Task WriteFrameAsync_OneFrame_TwelveByteFrameHeaderThenPayload()
    {
        using var stream = await WrittenStreamAsync((0x0102030405, [0xAB, 0xCD]));

        var bytes = stream.ToArray();

        Assert.Equal(IvfFileHeader.Size + IvfFileHeader.FrameHeaderSize + 2, bytes.Length);
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(32)));
        Assert.Equal(0x0102030405, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(36)));
        Assert.Equal(new byte[] { 0xAB, 0xCD }, bytes[44..]);
    }

    [Fact]
    public async Task ReadHeaderAsync_EmptyStream_Null()
    {
        var reader = new IvfReader(new MemoryStream());

        Assert.Null(await reader.ReadHeaderAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadHeaderAsync_NotIvf_ThrowsInvalidData()
    {
        var reader = new IvfReader(new MemoryStream(new byte[IvfFileHeader.Size]));

        await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadHeaderAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadFrameAsync_HeaderOnly_Null()
    {
        using var stream = await WrittenStreamAsync();
        var reader = new IvfReader(stream);
        await reader.ReadHeaderAsync(CancellationToken.None);

        Assert.Null(await reader.ReadFrameAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadFrameAsync_TruncatedPayload_Null()
    {
        using var full = await WrittenStreamAsync((0, new byte[100]));
        using var truncated = new MemoryStream(full.ToArray()[..^10]);
        var reader = new IvfReader(truncated);
        await reader.ReadHeaderAsync(CancellationToken.None);

        Assert.Null(await reader.ReadFrameAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(IvfReader.MaxFrameSize + 1)]
    public async Task ReadFrameAsync_CorruptFrameSize_ThrowsInvalidData(int size)
    {
        using var stream = await WrittenStreamAsync((0, [1, 2, 3, 4]));
        var bytes = stream.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(IvfFileHeader.Size), size);
        var reader = new IvfReader(new MemoryStream(bytes));
        await reader.ReadHeaderAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadFrameAsync(CancellationToken.None));
    }
}
