using System.Globalization;

namespace LiveServer.Hls.Tests.TestKit;

/// <summary>Reads playlist text line by line and tag by tag, as a player does.</summary>
internal static class PlaylistLines
{
    /// <summary>The lines, without the empty one after the final newline.</summary>
    public static string[] Of(string playlist) => playlist.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The lines that start with <paramref name="tag"/> (give the colon to match a tag with a value).</summary>
    public static string[] Tagged(string playlist, string tag) => [.. Of(playlist).Where(l => l.StartsWith(tag, StringComparison.Ordinal))];

    /// <summary>The value of the one line that carries <paramref name="tag"/> (what follows its colon).</summary>
    public static string Value(string playlist, string tag) => Assert.Single(Tagged(playlist, tag + ":"))[(tag.Length + 1)..];

    /// <summary>The URI lines (the segments), in order.</summary>
    public static string[] Uris(string playlist) => [.. Of(playlist).Where(l => !l.StartsWith('#'))];

    /// <summary>The URIs of the EXT-X-PART lines, in order.</summary>
    public static string[] PartUris(string playlist) => [.. Tagged(playlist, "#EXT-X-PART:").Select(l => Attributes(l)["URI"])];

    /// <summary>The sum of the EXTINF durations, in seconds.</summary>
    public static double ListedSeconds(string playlist) =>
        Tagged(playlist, "#EXTINF:").Sum(l => double.Parse(l["#EXTINF:".Length..].TrimEnd(','), CultureInfo.InvariantCulture));

    /// <summary>A tag line's attribute list (RFC 8216bis section 4.2), quotes removed.</summary>
    public static Dictionary<string, string> Attributes(string line)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
        while (rest.Length > 0)
        {
            var equals = rest.IndexOf('=', StringComparison.Ordinal);
            var name = rest[..equals];
            rest = rest[(equals + 1)..];
            var end = rest.StartsWith('"') ? rest.IndexOf('"', 1) + 1 : rest.IndexOf(',', StringComparison.Ordinal);
            end = end <= 0 ? rest.Length : end;
            attributes.Add(name, rest[..end].Trim('"'));
            rest = end < rest.Length ? rest[(end + 1)..] : string.Empty;
        }

        return attributes;
    }
}
