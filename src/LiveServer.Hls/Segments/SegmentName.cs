using System.Text.RegularExpressions;

namespace LiveServer.Hls.Segments;

/// <summary>
/// The only file names the HLS store writes and serves: lower-case letters, digits, '_' and '-',
/// with a .ts, .m4s, .mp4 or .m3u8 extension. Anything else (separators, dots, encoded traversal) is
/// refused before a path is built.
/// </summary>
public static partial class SegmentName
{
    /// <summary>True when <paramref name="name"/> is a name the store can hold.</summary>
    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    /// <summary>The MIME type for a valid name.</summary>
    public static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".m3u8" => "application/vnd.apple.mpegurl",
        ".ts" => "video/mp2t",
        ".m4s" => "video/iso.segment",
        _ => "video/mp4",
    };

    [GeneratedRegex("^[a-z0-9_-]{1,64}\\.(ts|m4s|mp4|m3u8)\\z")]
    private static partial Regex Pattern();
}
