using System.Globalization;
using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// Playlist delta updates (_HLS_skip, RFC 8216bis sections 4.4.5.2 and 6.2.5.1): the segments more
/// than CAN-SKIP-UNTIL (six target durations) before the end are replaced by EXT-X-SKIP.
/// </summary>
public sealed class DeltaUpdateTests : IDisposable
{
    private const double SkipUntilSeconds = 12;

    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void Render_SkipOnFortySecondsOfDvr_SkipsAllButTheLastTwelveSeconds()
    {
        _stream.Append(201); // 20 complete segments and one part

        var full = _stream.Dvr;
        var delta = _stream.Playlist.Render(live: false, skip: true, []);

        var skipped = int.Parse(Attributes(Assert.Single(Tagged(delta, "#EXT-X-SKIP:")))["SKIPPED-SEGMENTS"], CultureInfo.InvariantCulture);
        Assert.Equal(14, skipped);
        Assert.True(SecondsToTheEnd(delta) >= SkipUntilSeconds, "What is left spans at least the skip boundary.");
        Assert.True(SecondsToTheEnd(delta) - 2 < SkipUntilSeconds, "Skipping one more would cross it.");
        Assert.Equal(Uris(full)[skipped..], Uris(delta));
        Assert.Equal("0", Value(delta, "#EXT-X-MEDIA-SEQUENCE"));
        Assert.Equal(PartUris(full), PartUris(delta));
        Assert.Equal(Value(full, "#EXT-X-PRELOAD-HINT"), Value(delta, "#EXT-X-PRELOAD-HINT"));
        Assert.Equal("9", Value(delta, "#EXT-X-VERSION"));
    }

    [Fact]
    public void Render_SegmentEndingExactlyAtTheSkipBoundary_Skipped()
    {
        _stream.Append(210); // 20 complete segments and a full open one: 42 s

        var delta = _stream.Playlist.Render(live: false, skip: true, []);

        Assert.Equal("SKIPPED-SEGMENTS=15", Value(delta, "#EXT-X-SKIP"));
        Assert.Equal(SkipUntilSeconds, SecondsToTheEnd(delta), 3);
    }

    [Fact]
    public void Render_SkipOnFortySecondsOfDvr_SkipTagBeforeTheFirstListedSegment()
    {
        _stream.Append(201);

        var lines = Of(_stream.Playlist.Render(live: false, skip: true, []));
        var skip = Array.FindIndex(lines, l => l.StartsWith("#EXT-X-SKIP:", StringComparison.Ordinal));

        Assert.True(skip > Array.FindIndex(lines, l => l.StartsWith("#EXT-X-PLAYLIST-TYPE:", StringComparison.Ordinal)));
        Assert.Equal("#EXT-X-MAP:URI=\"720p_init0.mp4\"", lines[skip + 1]);
        Assert.Equal("#EXT-X-PROGRAM-DATE-TIME:" + Fragments.IsoTimeOf(140), lines[skip + 2]);
    }

    [Fact]
    public void Render_RestartAtTheFirstSegmentAfterTheSkip_KeepsItsDiscontinuityTag()
    {
        _stream.Append(140);
        _stream.Restart();
        _stream.Append(60);

        var delta = _stream.Playlist.Render(live: false, skip: true, []);

        Assert.Equal("SKIPPED-SEGMENTS=14", Value(delta, "#EXT-X-SKIP"));
        Assert.Single(Tagged(delta, "#EXT-X-DISCONTINUITY"));
        Assert.Equal("#EXT-X-DISCONTINUITY", Of(delta)[Array.FindIndex(Of(delta), l => l.StartsWith("#EXT-X-SKIP:", StringComparison.Ordinal)) + 1]);
    }

    [Fact]
    public void Render_SkipOnAPlaylistShorterThanTheBoundary_FullPlaylist()
    {
        _stream.Append(65);

        Assert.Equal(_stream.Dvr, _stream.Playlist.Render(live: false, skip: true, []));
    }

    [Fact]
    public void Render_SkipOnTheLiveWindow_NothingToSkip()
    {
        _stream.Append(201);

        var delta = _stream.Playlist.Render(live: true, skip: true, []);

        Assert.Equal(_stream.Live, delta);
        Assert.Empty(Tagged(delta, "#EXT-X-SKIP"));
    }

    [Fact]
    public void Render_SkipAfterEnd_FullPlaylist()
    {
        _stream.Append(201);
        _stream.Playlist.End();

        Assert.Equal(_stream.Dvr, _stream.Playlist.Render(live: false, skip: true, []));
    }

    /// <summary>From the first listed segment to the end of the playlist: the segments and the open one's parts.</summary>
    private static double SecondsToTheEnd(string playlist)
    {
        var lines = Of(playlist);
        var openParts = lines.SkipWhile(l => l != Uris(playlist)[^1]).Where(l => l.StartsWith("#EXT-X-PART:", StringComparison.Ordinal));
        return ListedSeconds(playlist) + openParts.Sum(l => double.Parse(Attributes(l)["DURATION"], CultureInfo.InvariantCulture));
    }
}
