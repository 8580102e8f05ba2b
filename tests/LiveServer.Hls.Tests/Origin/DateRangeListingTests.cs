using LiveServer.Hls.Origin;
using LiveServer.Hls.Playlists;
using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// Date ranges in a rendition's playlists (RFC 8216bis section 4.4.5.1): one tag per ID, its END-DATE
/// added when the range ends; every range in the DVR playlist (EVENT, then VOD, on disk too), those
/// reaching into the window in the live one; in every rendition of an origin; no held request woken.
/// </summary>
public sealed class DateRangeListingTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void Mark_SameIdEnded_OneTagWithTheEndDateAndTheSameValues()
    {
        _stream.Append(25);
        var question = new KeyValuePair<string, string>("X-QUESTION", "Q?");
        _stream.Playlist.Mark(DateRange.Create("poll_1", "com.liveserver.poll", Fragments.TimeOf(12), [question]));
        var opened = Assert.Single(Tagged(_stream.Dvr, "#EXT-X-DATERANGE:"));

        _stream.Append(10);
        _stream.Playlist.Mark(DateRange.Create("poll_1", "com.liveserver.poll", Fragments.TimeOf(12), [question], Fragments.TimeOf(30)));

        var closed = Assert.Single(Tagged(_stream.Dvr, "#EXT-X-DATERANGE:"));
        var start = $"START-DATE=\"{Fragments.IsoTimeOf(12)}\"";
        Assert.Equal(opened.Replace(start, $"{start},END-DATE=\"{Fragments.IsoTimeOf(30)}\"", StringComparison.Ordinal), closed);
        Assert.DoesNotContain("END-DATE", opened, StringComparison.Ordinal);
    }

    [Fact]
    public void Mark_SlidOutOfTheLiveWindow_OnlyInTheDvrPlaylist()
    {
        _stream.Append(15);
        _stream.Playlist.Mark(DateRange.Create("old", "c", Fragments.TimeOf(2), [], Fragments.TimeOf(4)));
        _stream.Playlist.Mark(DateRange.Create("open", "c", Fragments.TimeOf(3), []));
        _stream.Playlist.Mark(DateRange.Create("long", "c", Fragments.TimeOf(3), [], Fragments.TimeOf(75)));
        Assert.Equal(3, Tagged(_stream.Live, "#EXT-X-DATERANGE:").Length);

        _stream.Append(60);
        _stream.Playlist.Mark(DateRange.Create("recent", "c", Fragments.TimeOf(60), []));
        _stream.Append(10); // 8 complete segments (on disk too): the live window starts at segment 2 (part 20)

        Assert.Equal("2", Value(_stream.Live, "#EXT-X-MEDIA-SEQUENCE"));
        Assert.Equal(["long", "recent"], Ids(_stream.Live));
        Assert.Equal(["long", "old", "open", "recent"], Ids(_stream.Dvr));
        Assert.Equal(["long", "recent"], Ids(_stream.ReadText(TestRendition.Video.LivePlaylist)));
        Assert.Equal(["long", "old", "open", "recent"], Ids(_stream.ReadText(TestRendition.Video.DvrPlaylist)));
    }

    [Fact]
    public void Mark_RangeInASkippedSegment_StillInTheDeltaUpdate()
    {
        _stream.Append(201);
        _stream.Playlist.Mark(DateRange.Create("early", "c", Fragments.TimeOf(15), []));

        var delta = _stream.Playlist.Render(live: false, skip: true, []);

        Assert.NotEmpty(Tagged(delta, "#EXT-X-SKIP:"));
        Assert.Equal(["early"], Ids(delta));
        var lines = Of(delta);
        var tag = Array.FindIndex(lines, l => l.StartsWith("#EXT-X-DATERANGE:", StringComparison.Ordinal));
        Assert.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", lines[tag - 1], StringComparison.Ordinal);
        Assert.Equal(Array.FindIndex(lines, l => l.StartsWith("#EXT-X-PROGRAM-DATE-TIME:", StringComparison.Ordinal)), tag - 1);
    }

    [Fact]
    public void Mark_AfterARendering_TheNextRenderingHasIt()
    {
        _stream.Append(25);
        var before = _stream.Live;

        Assert.True(_stream.Playlist.Mark(DateRange.Create("a", "c", Fragments.TimeOf(20), [])));

        Assert.Empty(Tagged(before, "#EXT-X-DATERANGE:"));
        Assert.Equal(["a"], Ids(_stream.Live));
        Assert.Equal(Uris(before), Uris(_stream.Live));
    }

    [Fact]
    public void Mark_OnDisk_WithTheNextSegment()
    {
        _stream.Append(15);
        _stream.Playlist.Mark(DateRange.Create("a", "c", Fragments.TimeOf(12), []));
        Assert.Empty(Ids(_stream.ReadText(TestRendition.Video.DvrPlaylist)));

        _stream.Append(10);

        var onDisk = _stream.ReadText(TestRendition.Video.DvrPlaylist);
        Assert.Equal(["a"], Ids(onDisk));
        Assert.Empty(Tagged(onDisk, "#EXT-X-PART:"));
    }

    [Fact]
    public void End_Marks_InTheVodPlaylistOnDisk_AndNoneTakenAfter()
    {
        _stream.Append(15);
        _stream.Playlist.Mark(DateRange.Create("a", "c", Fragments.TimeOf(3), []));
        _stream.Playlist.Mark(DateRange.Create("b", "c", Fragments.TimeOf(13), [], Fragments.TimeOf(14)));

        _stream.Playlist.End();

        Assert.False(_stream.Playlist.Mark(DateRange.Create("late", "c", Fragments.TimeOf(14), [])));
        var vod = _stream.ReadText(TestRendition.Video.DvrPlaylist);
        Assert.Equal("VOD", Value(vod, "#EXT-X-PLAYLIST-TYPE"));
        Assert.Equal(["a", "b"], Ids(vod));
        Assert.Equal(vod, _stream.Dvr);
    }

    [Fact]
    public void Mark_Origin_EveryRenditionsPlaylists()
    {
        using var test = new TestOrigin();
        test.AppendBoth(25);

        Assert.True(test.Origin.Mark(DateRange.Create("a", "c", Fragments.TimeOf(5), [new("X-K", "v")])));

        foreach (var rendition in test.Origin.Renditions)
        {
            foreach (var live in new[] { false, true })
            {
                var line = Assert.Single(Tagged(test.Origin.RenderPlaylist(rendition, live, skip: false), "#EXT-X-DATERANGE:"));
                Assert.Equal("v", Attributes(line)["X-K"]);
            }
        }
    }

    [Fact]
    public async Task Mark_HeldRequest_StillHeldUntilItsPartWhichBringsTheRange()
    {
        using var test = new TestOrigin();
        test.AppendBoth(3);
        var wait = test.Origin.WaitUntilAsync(() => test.Video.Has(0, 3), test.Origin.Timing.BlockingLimit, CancellationToken.None);

        test.Origin.Mark(DateRange.Create("a", "c", Fragments.TimeOf(1), []));

        Assert.False(wait.IsCompleted);
        test.Append(0, 1);
        Assert.True(await wait.WaitAsync(HangGuard));
        Assert.Equal(["a"], Ids(test.Origin.RenderPlaylist(test.Video, live: true, skip: false)));
    }

    [Fact]
    public void Mark_Ended_False()
    {
        using var test = new TestOrigin();
        test.AppendBoth(12);
        test.Origin.End();

        Assert.False(test.Origin.Mark(DateRange.Create("a", "c", Fragments.TimeOf(1), [])));
        Assert.Empty(Ids(test.Origin.RenderPlaylist(test.Video, live: false, skip: false)));
        Assert.Empty(Ids(test.ReadText(TestRendition.Video.DvrPlaylist)));
    }

    private static string[] Ids(string playlist) => [.. Tagged(playlist, "#EXT-X-DATERANGE:").Select(l => Attributes(l)["ID"]).Order(StringComparer.Ordinal)];
}
