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

    /// <summary>The URI of the <c>#EXT-X-PRELOAD-HINT</c> (the next part) of an LL-HLS media playlist.</summary>
    /// <remarks>A playlist with no hint, or more than one, throws.</remarks>
    public static string PreloadHint(string playlist) => TagUri(playlist, "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"", single: true);

    /// <summary>The URI of the last <c>#EXT-X-MAP</c> (the current initialization section).</summary>
    public static string MapUri(string playlist) => TagUri(playlist, "#EXT-X-MAP:URI=\"", single: false);

    /// <summary>The segment and part numbers of a part's file name (<c>720p_00012_3.m4s</c> → 12, 3).</summary>
    public static (long Sequence, int Part) PartNumbers(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var fields = part[..^".m4s".Length].Split('_');
        return (long.Parse(fields[^2], CultureInfo.InvariantCulture), int.Parse(fields[^1], CultureInfo.InvariantCulture));
    }

    /// <summary>The number of listed segments.</summary>
    public static int SegmentCount(string playlist) => playlist.Split('\n').Count(l => l.StartsWith("#EXTINF", StringComparison.Ordinal));

    private static string TagUri(string playlist, string tag, bool single)
    {
        var lines = playlist.Split('\n').Where(l => l.StartsWith(tag, StringComparison.Ordinal));
        var line = single ? lines.Single() : lines.Last();
        return line[tag.Length..line.IndexOf('"', tag.Length)];
    }
}
