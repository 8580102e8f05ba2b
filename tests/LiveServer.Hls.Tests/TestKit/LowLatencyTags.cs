namespace LiveServer.Hls.Tests.TestKit;

/// <summary>The tags only a low-latency playlist has: none of them may reach a file on disk or an ended playlist.</summary>
internal static class LowLatencyTags
{
    public static readonly string[] All =
    [
        "#EXT-X-SERVER-CONTROL", "#EXT-X-PART-INF", "#EXT-X-PART:", "#EXT-X-PRELOAD-HINT", "#EXT-X-RENDITION-REPORT", "#EXT-X-SKIP",
    ];

    public static void AssertNone(string playlist) =>
        Assert.All(All, tag => Assert.Empty(PlaylistLines.Tagged(playlist, tag)));
}
