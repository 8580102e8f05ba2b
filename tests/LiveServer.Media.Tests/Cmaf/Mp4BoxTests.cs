using LiveServer.Media.Cmaf;
using static LiveServer.Media.Tests.TestKit.Mp4Boxes;

namespace LiveServer.Media.Tests.Cmaf;

/// <summary>Box headers per ISO/IEC 14496-12 section 4.2: 32- and 64-bit sizes, children, full boxes, and sizes that cannot be.</summary>
public sealed class Mp4BoxTests
{
    [Fact]
    public void Code_FourCharacters_BigEndianNumberAndBack()
    {
        Assert.Equal(0x6D6F_6F66u, Mp4Box.Code("moof"));
        Assert.Equal("moof", Mp4Box.Name(Mp4Box.Code("moof")));
        Assert.Equal("a??b", Mp4Box.Name(0x6100_FF62));
        Assert.Throws<ArgumentException>(() => Mp4Box.Code("moo"));
    }

    [Fact]
    public void Read_32BitSize_TypeAndPayloadInsideTheBuffer()
    {
        var buffer = Concat(Zeros(3), Box("free", Zeros(5)), Zeros(2));

        var box = Mp4Box.Read(buffer, 3, buffer.Length);

        Assert.Equal(Mp4Box.Code("free"), box.Type);
        Assert.Equal((11, 5, 16), (box.PayloadOffset, box.PayloadLength, box.End));
    }

    [Fact]
    public void Read_64BitSize_PayloadAfterTheSixteenByteHeader()
    {
        var buffer = LargeBox("mdat", Zeros(20));

        var box = Mp4Box.Read(buffer, 0, buffer.Length);

        Assert.Equal(Mp4Box.Code("mdat"), box.Type);
        Assert.Equal((16, 20, 36), (box.PayloadOffset, box.PayloadLength, box.End));
    }

    [Fact]
    public void Read_EmptyBox_ZeroPayload()
    {
        var box = Mp4Box.Read(Box("free"), 0, 8);

        Assert.Equal((8, 0), (box.PayloadOffset, box.PayloadLength));
    }

    [Theory]
    [InlineData(0)] // "to the end of the file": a live stream has none
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(17)] // past the buffer
    public void Read_SizeSmallerThanHeaderZeroOrPastParent_InvalidData(int size)
    {
        var buffer = WithSize(size, "free", Zeros(8));

        Assert.Throws<InvalidDataException>(() => Mp4Box.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public void Read_SizePastTheParentsEndInsideTheBuffer_InvalidData()
    {
        var buffer = Concat(Box("free", Zeros(8)), Zeros(8));

        Assert.Throws<InvalidDataException>(() => Mp4Box.Read(buffer, 0, 12));
    }

    [Theory]
    [InlineData(0ul)]
    [InlineData(15ul)] // smaller than its own 16-byte header
    [InlineData(25ul)] // past the parent
    [InlineData(ulong.MaxValue)]
    public void Read_64BitSizeOutOfRange_InvalidData(ulong size)
    {
        var buffer = Concat(U32(1), Type("mdat"), U64(size), Zeros(8));

        Assert.Throws<InvalidDataException>(() => Mp4Box.Read(buffer, 0, buffer.Length));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void Read_HeaderCutOff_InvalidData(int length)
    {
        Assert.Throws<InvalidDataException>(() => Mp4Box.Read(Zeros(16), 0, length));
    }

    [Fact]
    public void Read_64BitSizeCutOff_InvalidData()
    {
        var buffer = Concat(U32(1), Type("mdat"), Zeros(4));

        Assert.Throws<InvalidDataException>(() => Mp4Box.Read(buffer, 0, buffer.Length));
    }

    [Fact]
    public void FindAll_Children_EveryOneOfTheTypeInOrder()
    {
        var buffer = Box("moof", Box("traf", U8(1)), Box("free"), LargeBox("traf", U8(2)));
        var moof = Mp4Box.Read(buffer, 0, buffer.Length);

        var trafs = Mp4Box.FindAll(buffer, moof, Mp4Box.Code("traf"));

        Assert.Equal([1, 2], trafs.Select(t => buffer[t.PayloadOffset]));
        Assert.Equal(Mp4Box.Code("free"), Mp4Box.Find(buffer, moof, Mp4Box.Code("free"))!.Value.Type);
        Assert.Null(Mp4Box.Find(buffer, moof, Mp4Box.Code("mdat")));
    }

    [Fact]
    public void Find_Skip_StartsAfterTheParentsOwnFields()
    {
        // A sample entry: fixed fields first, child boxes after them.
        var buffer = Box("avc1", Zeros(78), Box("avcC", U8(1)));
        var entry = Mp4Box.Read(buffer, 0, buffer.Length);

        var avcC = Mp4Box.Require(buffer, entry, "avcC", skip: 78);

        Assert.Equal(8 + 78 + 8, avcC.PayloadOffset);
    }

    [Fact]
    public void Require_Missing_InvalidDataNamingBoth()
    {
        var buffer = Box("traf", Box("tfhd"));

        var error = Assert.Throws<InvalidDataException>(() => Mp4Box.Require(buffer, Mp4Box.Read(buffer, 0, buffer.Length), "tfdt"));

        Assert.Contains("traf", error.Message, StringComparison.Ordinal);
        Assert.Contains("tfdt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindAll_ChildRunningPastTheParent_InvalidData()
    {
        // The child claims 16 bytes, the parent holds 12 of them.
        var buffer = Concat(WithSize(20, "moof", WithSize(16, "traf", Zeros(4))), Zeros(4));
        var moof = Mp4Box.Read(buffer, 0, 20);

        Assert.Throws<InvalidDataException>(() => Mp4Box.FindAll(buffer, moof, Mp4Box.Code("traf")));
    }

    [Fact]
    public void FullBox_VersionFlagsAndFields()
    {
        var buffer = FullBox("tfhd", 1, 0x02_0038, U32(7));

        var (version, flags, fields) = Mp4Box.FullBox(buffer, Mp4Box.Read(buffer, 0, buffer.Length));

        Assert.Equal((1, 0x02_0038u, 12), (version, flags, fields));
    }

    [Fact]
    public void FullBox_ShorterThanVersionAndFlags_InvalidData()
    {
        var buffer = Box("tfhd", Zeros(3));

        Assert.Throws<InvalidDataException>(() => Mp4Box.FullBox(buffer, Mp4Box.Read(buffer, 0, buffer.Length)));
    }

    [Theory]
    [InlineData(12, 4, true)]
    [InlineData(8, 8, true)]
    [InlineData(13, 4, false)] // one byte past the end
    [InlineData(4, 4, false)] // before the payload
    [InlineData(8, -1, false)]
    [InlineData(8, long.MaxValue, false)]
    public void Need_FieldsInsideThePayload_OrInvalidData(int offset, long count, bool fits)
    {
        var box = Mp4Box.Read(Box("trun", Zeros(8)), 0, 16);

        var error = Record.Exception(() => Mp4Box.Need(box, offset, count));

        Assert.Equal(fits, error is null);
        Assert.True(error is null or InvalidDataException);
    }
}
