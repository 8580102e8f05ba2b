using System.Globalization;

namespace LiveServer.Api.Recordings;

/// <summary>
/// What a recording needs from a rendition's DVR media playlist on disk (RFC 8216 section 4.3):
/// how many segments it lists, their total length (the sum of <c>#EXTINF</c>), and the files it
/// refers to (segments and <c>#EXT-X-MAP</c> initialization sections) to estimate the MP4's size.
/// </summary>
/// <param name="Segments">Listed media segments.</param>
/// <param name="Duration">The sum of their <c>#EXTINF</c> durations.</param>
/// <param name="Files">Segment and initialization file names, in order, each once.</param>
public sealed record RecordingPlaylist(int Segments, TimeSpan Duration, IReadOnlyList<string> Files)
{
    private const string MapPrefix = "#EXT-X-MAP:URI=\"";

    /// <summary>Reads the playlist at <paramref name="path"/>; null when there is none.</summary>
    public static async Task<RecordingPlaylist?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return Parse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reads playlist text.</summary>
    public static RecordingPlaylist Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = 0;
        var seconds = 0.0;
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                var value = line[8..];
                var comma = value.IndexOf(',', StringComparison.Ordinal);
                if (double.TryParse(comma >= 0 ? value[..comma] : value, NumberStyles.Float, CultureInfo.InvariantCulture, out var length) && length > 0)
                {
                    seconds += length;
                }
            }
            else if (line.StartsWith(MapPrefix, StringComparison.Ordinal) && line.IndexOf('"', MapPrefix.Length) is var end and > 0)
            {
                Add(line[MapPrefix.Length..end]);
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                segments++;
                Add(line);
            }
        }

        return new RecordingPlaylist(segments, TimeSpan.FromSeconds(seconds), files);

        void Add(string uri)
        {
            if (seen.Add(uri))
            {
                files.Add(uri);
            }
        }
    }

    /// <summary>The bytes of the listed files that exist in <paramref name="folder"/> (about the size of the remuxed MP4).</summary>
    public long BytesIn(string folder)
    {
        long total = 0;
        foreach (var file in Files)
        {
            // Only plain names of the folder count: a URI with a separator is not one of ours.
            if (file.Contains('/', StringComparison.Ordinal) || file.Contains('\\', StringComparison.Ordinal))
            {
                continue;
            }

            var info = new FileInfo(Path.Combine(folder, file));
            if (info.Exists)
            {
                total += info.Length;
            }
        }

        return total;
    }
}
