using LiveServer.Hls.Playlists;
using LiveServer.Hls.Tests.TestKit;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// Players woken by the same part ask for the same playlist: it is rendered once per state, and a
/// new part, the end, or a sibling's move gives a new text.
/// </summary>
public sealed class RenderCacheTests : IDisposable
{
    private readonly TestRendition _rendition = new();

    [Fact]
    public void Render_SameState_SameText_NewPartOrReportOrEnd_NewText()
    {
        _rendition.Append(12);
        RenditionReport[] reports = [new("360p_live.m3u8", 1, 1)];

        var first = _rendition.Playlist.Render(live: true, skip: false, reports);
        Assert.Same(first, _rendition.Playlist.Render(live: true, skip: false, [new("360p_live.m3u8", 1, 1)]));
        Assert.NotSame(first, _rendition.Playlist.Render(live: false, skip: false, reports));

        var moved = _rendition.Playlist.Render(live: true, skip: false, [new("360p_live.m3u8", 1, 2)]);
        Assert.Contains("LAST-PART=2", moved, StringComparison.Ordinal);

        _rendition.Append(1);
        var appended = _rendition.Playlist.Render(live: true, skip: false, reports);
        Assert.NotEqual(first, appended);
        Assert.Contains("_00001_2.m4s", appended, StringComparison.Ordinal);

        _rendition.Playlist.End();
        Assert.EndsWith("#EXT-X-ENDLIST\n", _rendition.Playlist.Render(live: true, skip: false, reports), StringComparison.Ordinal);
    }

    public void Dispose() => _rendition.Dispose();
}
