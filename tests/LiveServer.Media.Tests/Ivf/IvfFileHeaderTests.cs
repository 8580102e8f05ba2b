using System.Buffers.Binary;
using LiveServer.Media.Ivf;

namespace LiveServer.Media.Tests.Ivf;

public sealed class IvfFileHeaderTests
{
    private static readonly IvfFileHeader Sample = new("VP80", 1280, 720, 90_000, 1);

    private static byte[] Written(IvfFileHeader header)
    {
        var bytes = new byte[IvfFileHeader.Size];
        header.Write(bytes);
        return bytes;
    }

    [Fact]
    public void Write_Sample_LayoutPerIvfFormat()
    {
        var bytes = Written(Sample);

        Assert.Equal("DKIF"u8.ToArray(), bytes[..4]);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(32, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal("VP80"u8.ToArray(), bytes[8..12]);
        Assert.Equal(1280, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(720, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(14)));
        Assert.Equal(90_000, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void TryParse_WrittenHeader_RoundTrips()
    {
        Assert.True(IvfFileHeader.TryParse(Written(Sample), out var parsed));

        Assert.Equal(Sample, parsed);
    }

    [Fact]
    public void Write_IntoDirtyBuffer_UnusedBytesCleared()
    {
        var bytes = Enumerable.Repeat((byte)0xAA, IvfFileHeader.Size).ToArray();

        Sample.Write(bytes);

        Assert.All(bytes[24..32], b => Assert.Equal(0, b));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void TryParse_WrongMagic_False()
    {
        var bytes = Written(Sample);
        bytes[0] = (byte)'X';

        Assert.False(IvfFileHeader.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_ShortInput_False()
    {
        Assert.False(IvfFileHeader.TryParse(Written(Sample).AsSpan(0, IvfFileHeader.Size - 1), out _));
        Assert.False(IvfFileHeader.TryParse([], out _));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(90_000, 0)]
    [InlineData(-1, 1)]
    public void TryParse_NonPositiveTimebase_False(int denominator, int numerator)
    {
        var bytes = Written(Sample with { TimebaseDenominator = denominator, TimebaseNumerator = numerator });

        Assert.False(IvfFileHeader.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_WrongHeaderSize_False()
    {
        var bytes = Written(Sample);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), 64);

        Assert.False(IvfFileHeader.TryParse(bytes, out _));
    }
}
