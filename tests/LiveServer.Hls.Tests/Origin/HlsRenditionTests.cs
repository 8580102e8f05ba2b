using LiveServer.Hls.Origin;
using LiveServer.Hls.Segments;
using LiveServer.Hls.Tests.TestKit;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>The names of a rendition's files, and reading a part's name back (only this rendition's, only in its one spelling).</summary>
public sealed class HlsRenditionTests
{
    private static readonly HlsRendition Video = TestRendition.Video;

    [Fact]
    public void FileNames_OfEachKind()
    {
        Assert.Equal("720p.m3u8", Video.DvrPlaylist);
        Assert.Equal("720p_live.m3u8", Video.LivePlaylist);
        Assert.Equal("720p_init0.mp4", Video.InitFile(0));
        Assert.Equal("720p_init12.mp4", Video.InitFile(12));
        Assert.Equal("720p_00012.m4s", Video.SegmentFile(12));
        Assert.Equal("720p_123456.m4s", Video.SegmentFile(123_456));
        Assert.Equal("720p_00012_3.m4s", Video.PartFile(12, 3));
    }

    [Fact]
    public void FileNames_AllOfThem_NamesTheStoreServes()
    {
        string[] names = [Video.DvrPlaylist, Video.LivePlaylist, Video.InitFile(3), Video.SegmentFile(99_999), Video.PartFile(99_999, 11), TestOrigin.Audio.PartFile(0, 0)];

        Assert.All(names, name => Assert.True(SegmentName.IsValid(name), name));
    }

    [Fact]
    public void AudioOnly_WidthZero()
    {
        Assert.True(TestOrigin.Audio.AudioOnly);
        Assert.False(Video.AudioOnly);
    }

    [Theory]
    [InlineData("720p_00012_3.m4s", 12L, 3)]
    [InlineData("720p_00000_0.m4s", 0L, 0)]
    [InlineData("720p_123456_10.m4s", 123_456L, 10)]
    public void TryParsePart_PartOfThisRendition_SequenceAndIndex(string file, long sequence, int part)
    {
        Assert.True(Video.TryParsePart(file, out var parsedSequence, out var parsedPart));

        Assert.Equal((sequence, part), (parsedSequence, parsedPart));
    }

    [Fact]
    public void TryParsePart_EveryPartFile_ReadsBack()
    {
        foreach (var (sequence, part) in new[] { (0L, 0), (7L, 9), (99_999L, 12), (100_000L, 0), (PlaylistRequest.MaxSequence, PlaylistRequest.MaxPart) })
        {
            Assert.True(Video.TryParsePart(Video.PartFile(sequence, part), out var s, out var p));
            Assert.Equal((sequence, part), (s, p));
        }
    }

    [Theory]
    [InlineData("1080p_00012_3.m4s")] // another rendition
    [InlineData("audio_00012_3.m4s")]
    [InlineData("720p_00012.m4s")] // a segment
    [InlineData("720p_init0.mp4")]
    [InlineData("720p_live.m3u8")]
    [InlineData("720p.m3u8")]
    [InlineData("720p_12_3.m4s")] // not the one spelling
    [InlineData("720p_00012_03.m4s")]
    [InlineData("720p_00012_3.mp4")]
    [InlineData("720p_00012_3.m4s.tmp")]
    [InlineData("720P_00012_3.m4s")]
    [InlineData("x720p_00012_3.m4s")]
    [InlineData("720p_-0012_3.m4s")]
    [InlineData("720p_00012_-3.m4s")]
    [InlineData("720p_00012_+3.m4s")]
    [InlineData("720p_ 0012_3.m4s")]
    [InlineData("720p_00012_3_4.m4s")]
    [InlineData("720p__3.m4s")]
    [InlineData("720p_00012_.m4s")]
    [InlineData("720p_.m4s")]
    [InlineData("720p_00012_99999999999.m4s")] // past int
    [InlineData("720p_99999999999999999999_0.m4s")] // past long
    [InlineData("720p_00012_3")]
    [InlineData("")]
    public void TryParsePart_AnyOtherName_False(string file)
    {
        Assert.False(Video.TryParsePart(file, out _, out _));
    }

    [Fact]
    public void TryParsePart_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Video.TryParsePart(null!, out _, out _));
    }
}
