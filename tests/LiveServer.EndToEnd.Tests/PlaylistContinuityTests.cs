using LiveServer.TestKit;

namespace LiveServer.EndToEnd.Tests;

/// <summary>The soak's playlist check must catch what it claims to catch.</summary>
public sealed class PlaylistContinuityTests : IDisposable
{
    private static readonly TimeSpan Two = TimeSpan.FromSeconds(2);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "playlist-continuity-" + Guid.NewGuid().ToString("N"));

    public PlaylistContinuityTests()
    {
        Directory.CreateDirectory(_folder);
        for (var i = 0; i < 6; i++)
        {
            File.WriteAllText(Path.Combine(_folder, $"360p_{i:00000}.m4s"), "");
        }
    }

    [Fact]
    public void Check_EqualSegmentsShortLastAndEndList_IsContinuous()
    {
        var result = PlaylistContinuity.Check(Playlist(("2.000", 0), ("2.021", 1), ("2.000", 2), ("0.633", 3)) + "#EXT-X-ENDLIST\n", _folder, Two, 0.1);

        Assert.True(result.IsContinuous, string.Join("; ", result.Problems));
        Assert.Equal((4, 6.654, true), (result.Segments, Math.Round(result.TotalSeconds, 3), result.HasEndList));
    }

    [Fact]
    public void Check_ShortSegmentBeforeDiscontinuity_IsContinuousAndCounted()
    {
        var text = Playlist(("2.000", 0), ("1.200", 1)) + "#EXT-X-DISCONTINUITY\n" + Playlist(("2.000", 2), ("2.000", 3))[PlaylistHeader.Length..];

        var result = PlaylistContinuity.Check(text, _folder, Two, 0.1);

        Assert.True(result.IsContinuous, string.Join("; ", result.Problems));
        Assert.Equal(1, result.Discontinuities);
    }

    [Fact]
    public void Check_ShortSegmentInTheMiddle_IsReported()
    {
        var result = PlaylistContinuity.Check(Playlist(("2.000", 0), ("1.500", 1), ("2.000", 2)), _folder, Two, 0.1);

        Assert.Contains(result.Problems, p => p.Contains("360p_00001.m4s lasts 1.5 s", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_MissingSequenceNumber_IsReportedAsGap()
    {
        var result = PlaylistContinuity.Check(Playlist(("2.000", 0), ("2.000", 2), ("2.000", 3)), _folder, Two, 0.1);

        Assert.Contains(result.Problems, p => p.Contains("360p_00002.m4s is listed where segment 1 belongs", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ListedSegmentNotStored_IsReported()
    {
        File.Delete(Path.Combine(_folder, "360p_00001.m4s"));

        var result = PlaylistContinuity.Check(Playlist(("2.000", 0), ("2.000", 1), ("2.000", 2)), _folder, Two, 0.1);

        Assert.Equal(["360p_00001.m4s is listed but not stored"], result.Problems);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private const string PlaylistHeader = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n";

    private static string Playlist(params (string Duration, int Number)[] segments) =>
        PlaylistHeader + string.Concat(segments.Select(s => $"#EXTINF:{s.Duration},\n360p_{s.Number:00000}.m4s\n"));
}
