using LiveServer.Hls.Segments;

namespace LiveServer.Hls.Tests.Segments;

/// <summary>The file names the HLS store writes and serves, and nothing else (no separators, dots, temporary files).</summary>
public sealed class SegmentNameTests
{
    [Theory]
    [InlineData("720p_00012_3.m4s")]
    [InlineData("720p_00012.m4s")]
    [InlineData("1080p_init0.mp4")]
    [InlineData("720p_live.m3u8")]
    [InlineData("720p.m3u8")]
    [InlineData("audio_123456_10.m4s")]
    [InlineData("seg_00000.ts")]
    [InlineData("seg_12345.ts")]
    [InlineData("index.m3u8")]
    [InlineData("live.m3u8")]
    [InlineData("init.mp4")]
    [InlineData("part-1.m4s")]
    public void IsValid_StoreName_True(string name)
    {
        Assert.True(SegmentName.IsValid(name));
    }

    [Theory]
    [InlineData("../index.m3u8")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b.ts")]
    [InlineData("a\\b.ts")]
    [InlineData("%2e%2e%2findex.m3u8")]
    [InlineData("/etc/passwd")]
    [InlineData("INDEX.M3U8")]
    [InlineData("x.exe")]
    [InlineData("seg.ts.exe")]
    [InlineData("seg..ts")]
    [InlineData(".ts")]
    [InlineData("720p_00000.m4s.tmp")]
    [InlineData("720p.m3u8.tmp")]
    [InlineData("720p_00012_3.M4S")]
    [InlineData("seg 1.ts")]
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_UnsafeOrForeignName_False(string? name)
    {
        Assert.False(SegmentName.IsValid(name));
    }

    [Fact]
    public void IsValid_StemOf65Characters_False()
    {
        Assert.True(SegmentName.IsValid(new string('a', 64) + ".ts"));
        Assert.False(SegmentName.IsValid(new string('a', 65) + ".ts"));
    }

    [Fact]
    public void IsValid_TrailingNewline_False()
    {
        Assert.False(SegmentName.IsValid("index.m3u8\n"));
    }

    [Theory]
    [InlineData("index.m3u8", "application/vnd.apple.mpegurl")]
    [InlineData("seg_00000.ts", "video/mp2t")]
    [InlineData("part-1.m4s", "video/iso.segment")]
    [InlineData("init.mp4", "video/mp4")]
    [InlineData("720p_live.m3u8", "application/vnd.apple.mpegurl")]
    [InlineData("720p_00012_3.m4s", "video/iso.segment")]
    [InlineData("720p_00012.m4s", "video/iso.segment")]
    [InlineData("1080p_init0.mp4", "video/mp4")]
    public void ContentType_ValidName_MimeTypeOfItsExtension(string name, string expected)
    {
        Assert.Equal(expected, SegmentName.ContentType(name));
    }
}
