using LiveServer.Hls.Playlists;

namespace LiveServer.Hls.Tests.Playlists;

public sealed class HlsPlaylistTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("liveserver-hls-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string EventText => File.ReadAllText(Path.Combine(_folder, HlsPlaylist.EventPlaylistName));

    private string LiveText => File.ReadAllText(Path.Combine(_folder, HlsPlaylist.LivePlaylistName));

    private HlsPlaylist NewPlaylist(double segmentSeconds = 2, int windowSize = 3) =>
        new(_folder, TimeSpan.FromSeconds(segmentSeconds), windowSize);

    [Fact]
    public void Constructor_NothingAppended_WritesNoFile()
    {
        var playlist = NewPlaylist();

        Assert.Empty(Directory.GetFiles(_folder));
        Assert.Equal(0, playlist.SegmentCount);
    }

    [Fact]
    public void Append_FirstSegment_BothPlaylistsWrittenAndListIt()
    {
        var playlist = NewPlaylist();

        var segment = playlist.Append("seg_00000.ts", TimeSpan.FromSeconds(2));

        Assert.Equal(0, segment.Sequence);
        Assert.False(segment.Discontinuity);
        Assert.Contains("#EXTINF:2.000,\nseg_00000.ts\n", EventText, StringComparison.Ordinal);
        Assert.Contains("#EXTINF:2.000,\nseg_00000.ts\n", LiveText, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-PLAYLIST-TYPE:EVENT\n", EventText, StringComparison.Ordinal);
        Assert.Equal(1, playlist.SegmentCount);
    }

    [Fact]
    public void Append_Several_NoTemporaryFileLeft()
    {
        var playlist = NewPlaylist();

        for (var i = 0; i < 5; i++)
        {
            playlist.Append($"seg_{i:00000}.ts", TimeSpan.FromSeconds(2));
        }

        playlist.End();

        Assert.Equal(
            [HlsPlaylist.EventPlaylistName, HlsPlaylist.LivePlaylistName],
            Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Append_Several_SequencesCountAndTotalDuration()
    {
        var playlist = NewPlaylist();

        playlist.Append("seg_00000.ts", TimeSpan.FromSeconds(2));
        playlist.Append("seg_00001.ts", TimeSpan.FromSeconds(1.5));
        var third = playlist.Append("seg_00002.ts", TimeSpan.FromSeconds(2));

        Assert.Equal(2, third.Sequence);
        Assert.Equal(3, playlist.SegmentCount);
        Assert.Equal(TimeSpan.FromSeconds(5.5), playlist.TotalDuration);
    }

    [Fact]
    public void Append_MoreThanWindow_LiveSlidesEventKeepsAll()
    {
        var playlist = NewPlaylist(windowSize: 3);

        for (var i = 0; i < 5; i++)
        {
            playlist.Append($"seg_{i:00000}.ts", TimeSpan.FromSeconds(2));
        }

        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:2\n", LiveText, StringComparison.Ordinal);
        Assert.DoesNotContain("seg_00001.ts", LiveText, StringComparison.Ordinal);
        Assert.Contains("seg_00004.ts", LiveText, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-MEDIA-SEQUENCE:0\n", EventText, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Contains($"seg_{i:00000}.ts", EventText, StringComparison.Ordinal));
    }

    [Fact]
    public void Append_LongerSegment_TargetDurationUnchangedAndSegmentCounted()
    {
        var playlist = NewPlaylist(segmentSeconds: 2);
        playlist.Append("seg_00000.ts", TimeSpan.FromSeconds(2));

        playlist.Append("seg_00001.ts", TimeSpan.FromSeconds(3.6));

        Assert.Contains("#EXT-X-TARGETDURATION:2\n", EventText, StringComparison.Ordinal);
        Assert.Contains("#EXT-X-TARGETDURATION:2\n", LiveText, StringComparison.Ordinal);
        Assert.Contains("#EXTINF:3.600,\nseg_00001.ts", EventText, StringComparison.Ordinal);
        Assert.Equal(1, playlist.LongSegments);
    }

    [Fact]
    public void Append_SegmentThatRoundsToTarget_TargetDurationUnchanged()
    {
        var playlist = NewPlaylist(segmentSeconds: 2);

        playlist.Append("seg_00000.ts", TimeSpan.FromSeconds(2.4));

        Assert.Contains("#EXT-X-TARGETDURATION:2\n", EventText, StringComparison.Ordinal);
        Assert.Equal(0, playlist.LongSegments);
    }

    [Fact]
    public void Constructor_FractionalSegmentDuration_TargetRoundedUp()
    {
        var playlist = NewPlaylist(segmentSeconds: 1.5);

        playlist.Append("seg_00000.ts", TimeSpan.FromSeconds(1.5));

        Assert.Contains("#EXT-X-TARGETDURATION:2\n", EventText, StringComparison.Ordinal);
    }

    [Fact]
    public void End_AfterSegments_AddsEndListToBoth()
    {
        var playlist = NewPlaylist();
        playlist.Append("seg_00000.ts", TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("#EXT-X-ENDLIST", EventText, StringComparison.Ordinal);

        playlist.End();

        Assert.EndsWith("seg_00000.ts\n#EXT-X-ENDLIST\n", EventText, StringComparison.Ordinal);
        Assert.EndsWith("seg_00000.ts\n#EXT-X-ENDLIST\n", LiveText, StringComparison.Ordinal);
    }

    [Fact]
    public void End_Twice_EndListOnce()
    {
        var playlist = NewPlaylist();
        playlist.Append("seg_00000.ts", TimeSpan.FromSeconds(2));

        playlist.End();
        playlist.End();

        Assert.Single(EventText.Split('\n'), line => line == "#EXT-X-ENDLIST");
    }

    [Fact]
    public void Append_AfterEnd_ThrowsAndPlaylistUnchanged()
    {
        var playlist = NewPlaylist();
        playlist.Append("seg_00000.ts", TimeSpan.FromSeconds(2));
        playlist.End();
        var before = EventText;

        Assert.Throws<InvalidOperationException>(() => playlist.Append("seg_00001.ts", TimeSpan.FromSeconds(2)));

        Assert.Equal(before, EventText);
        Assert.Equal(1, playlist.SegmentCount);
    }

    [Fact]
    public void MarkDiscontinuity_BetweenSegments_MarksTheNextSegmentOnly()
    {
        var playlist = NewPlaylist(windowSize: 6);
        var first = playlist.Append("seg_00000.ts", TimeSpan.FromSeconds(2));

        playlist.MarkDiscontinuity();
        var second = playlist.Append("seg_00001.ts", TimeSpan.FromSeconds(2));
        var third = playlist.Append("seg_00002.ts", TimeSpan.FromSeconds(2));

        Assert.Equal([false, true, false], new[] { first, second, third }.Select(s => s.Discontinuity));
        Assert.Contains("seg_00000.ts\n#EXT-X-DISCONTINUITY\n#EXTINF:2.000,\nseg_00001.ts\n#EXTINF", EventText, StringComparison.Ordinal);
        Assert.Single(EventText.Split('\n'), line => line == "#EXT-X-DISCONTINUITY");
        Assert.Single(LiveText.Split('\n'), line => line == "#EXT-X-DISCONTINUITY");
    }

    [Fact]
    public void MarkDiscontinuity_BeforeFirstSegment_NothingMarked()
    {
        var playlist = NewPlaylist();

        playlist.MarkDiscontinuity();
        var first = playlist.Append("seg_00000.ts", TimeSpan.FromSeconds(2));

        Assert.False(first.Discontinuity);
        Assert.DoesNotContain("DISCONTINUITY", EventText, StringComparison.Ordinal);
    }
}
