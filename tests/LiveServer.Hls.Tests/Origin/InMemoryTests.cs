using LiveServer.Hls.Tests.TestKit;
using static LiveServer.Hls.Tests.TestKit.PlaylistLines;

namespace LiveServer.Hls.Tests.Origin;

/// <summary>
/// What a rendition serves from memory: the current init section, the parts of the recent segments
/// (part files exist nowhere else) and the recent complete segments; null for anything else.
/// </summary>
public sealed class InMemoryTests : IDisposable
{
    private readonly TestRendition _stream = new();

    public void Dispose() => _stream.Dispose();

    [Fact]
    public void InMemory_RecentPartsAndSegments_TheirBytes()
    {
        _stream.Append(25);

        Assert.Equal(Fragments.PartBytes(23), _stream.Playlist.InMemory("720p_00002_3.m4s")?.ToArray());
        Assert.Equal(Fragments.PartBytes(9), _stream.Playlist.InMemory("720p_00000_9.m4s")?.ToArray());
        Assert.Equal(Fragments.PartBytes(10, 10), _stream.Playlist.InMemory("720p_00001.m4s")?.ToArray());
        Assert.Equal(Fragments.InitSection(0), _stream.Playlist.InMemory("720p_init0.mp4")?.ToArray());
    }

    [Fact]
    public void InMemory_EveryListedPart_Served()
    {
        _stream.Append(95);

        Assert.All(PartUris(_stream.Live), uri => Assert.NotNull(_stream.Playlist.InMemory(uri)));
    }

    [Theory]
    [InlineData("720p_00002.m4s")] // still open
    [InlineData("720p_00002_5.m4s")] // not yet
    [InlineData("720p_00003_0.m4s")]
    [InlineData("720p_init1.mp4")]
    [InlineData("1080p_00000_0.m4s")]
    [InlineData("720p.m3u8")]
    [InlineData("720p_live.m3u8")]
    [InlineData("")]
    public void InMemory_NotAFileItHolds_Null(string file)
    {
        _stream.Append(25);

        Assert.Null(_stream.Playlist.InMemory(file));
    }

    [Fact]
    public void InMemory_ManySegmentsLater_OldPartsAndSegmentsForgotten()
    {
        _stream.Append(101);

        Assert.Null(_stream.Playlist.InMemory("720p_00000_0.m4s"));
        Assert.Null(_stream.Playlist.InMemory("720p_00000.m4s"));
        Assert.Null(_stream.Playlist.InMemory("720p_00004_9.m4s"));
        Assert.Equal(Fragments.PartBytes(90, 10), _stream.Playlist.InMemory("720p_00009.m4s")?.ToArray());
        Assert.True(File.Exists(_stream.PathOf("720p_00000.m4s")), "A forgotten segment is served from disk.");
    }

    [Fact]
    public void InMemory_AfterRestart_OnlyTheCurrentInitSection()
    {
        _stream.Append(12);
        _stream.Restart();

        Assert.Equal(Fragments.InitSection(1), _stream.Playlist.InMemory("720p_init1.mp4")?.ToArray());
        Assert.Null(_stream.Playlist.InMemory("720p_init0.mp4"));
    }

    [Fact]
    public void InMemory_PartWhoseTagLeftThePlaylist_ServedForThreeTargetDurationsMore()
    {
        // RFC 8216bis section 6.2.2: clients MUST be able to download a Partial Segment for at least
        // three Target Durations after its EXT-X-PART tag is removed from the Playlist.
        _stream.Append(30);
        Assert.Contains("720p_00000_0.m4s", PartUris(_stream.Live));
        _stream.Append(1);
        Assert.DoesNotContain("720p_00000_0.m4s", PartUris(_stream.Live));

        _stream.Append(29); // 5.8 s later: less than 3 × 2 s

        Assert.Equal(Fragments.PartBytes(0), _stream.Playlist.InMemory("720p_00000_0.m4s")?.ToArray());
    }
}
