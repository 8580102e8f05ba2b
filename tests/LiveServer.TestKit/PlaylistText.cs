using System.Globalization;

namespace LiveServer.TestKit;

/// <summary>Reads what tests need from an HLS media playlist's text.</summary>
public static class PlaylistText
{
    /// <summary>The sum of the EXTINF durations.</summary>
    public static double DurationSeconds(string playlist) => playlist.Split('\n')
        .Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
        .Sum(l => double.Parse(l[8..].TrimEnd(','), CultureInfo.InvariantCulture));

    /// <summary>The URIs of the listed segments (or, in a multivariant playlist, of the renditions), in order.</summary>
    public static IReadOnlyList<string> Uris(string playlist) =>
        [.. playlist.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('#'))];

    /// <summary>The first (top) rendition's media playlist URL of the multivariant playlist at <paramref name="multivariantUrl"/>.</summary>
    public static async Task<string> TopRenditionUrlAsync(HttpClient client, string multivariantUrl)
    {
        ArgumentNullException.ThrowIfNull(client);
        var multivariant = await client.GetStringAsync(multivariantUrl);
        return new Uri(new Uri(multivariantUrl), Uris(multivariant)[0]).ToString();
    }

    /// <summary>
    /// Waits (up to 20 s) until the top rendition of the multivariant playlist at <paramref name="multivariantUrl"/>
    /// lists <paramref name="count"/> complete segments, as players that read whole segments need.
    /// </summary>
    public static async Task WaitForSegmentsAsync(HttpClient client, string multivariantUrl, int count)
    {
        var media = await TopRenditionUrlAsync(client, multivariantUrl);
        for (var i = 0; i < 200 && SegmentCount(await client.GetStringAsync(media)) < count; i++)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>The number of listed segments.</summary>
    public static int SegmentCount(string playlist) => playlist.Split('\n').Count(l => l.StartsWith("#EXTINF", StringComparison.Ordinal));
}
