using System.Globalization;

namespace LiveServer.TestKit;

/// <summary>Reads what tests need from an HLS media playlist's text.</summary>
public static class PlaylistText
{
    /// <summary>The sum of the EXTINF durations.</summary>
    public static double DurationSeconds(string playlist) => playlist.Split('\n')
        .Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[8..].TrimEnd(','), CultureInfo.InvariantCulture));

    /// <summary>The number of listed segments.</summary>
    public static int SegmentCount(string playlist) => playlist.Split('\n').Count(l => l.StartsWith("#EXTINF", StringComparison.Ordinal));
}
