using System.Globalization;
using System.Text.RegularExpressions;

namespace LiveServer.Media.Encoding;

/// <summary>
/// One line of FFmpeg's segment muxer list in CSV form (<c>-segment_list_type csv</c>):
/// <c>file name,start time,end time</c>, written when a segment is complete.
/// </summary>
/// <param name="FileName">The segment's file name.</param>
/// <param name="Start">Start time in seconds.</param>
/// <param name="End">End time in seconds.</param>
public sealed partial record SegmentListEntry(string FileName, double Start, double End)
{
    // About three years: far beyond any livestream, far below TimeSpan's range.
    private const double MaxSeconds = 1e8;

    /// <summary>True for the first segment of a restarted encoder: the playlist marks a discontinuity before it.</summary>
    public bool Discontinuity { get; init; }

    /// <summary>The number in the file name (<c>seg_00042.ts</c> → 42).</summary>
    public int Number => int.Parse(FileName.AsSpan(4, FileName.Length - 7), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>The segment's duration.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Math.Max(0, End - Start));

    /// <summary>Parses one line; false for anything that is not a well-formed entry.</summary>
    public static bool TryParse(string? line, out SegmentListEntry entry)
    {
        entry = null!;
        if (string.IsNullOrWhiteSpace(line))
        {
            return false;
        }

        var parts = line.Trim().Split(',');
        if (parts.Length != 3
            || !SegmentFileName().IsMatch(parts[0])
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
            || !double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var end)
            || !(Math.Abs(start) <= MaxSeconds) || !(Math.Abs(end) <= MaxSeconds) || end < start)
        {
            return false;
        }

        entry = new SegmentListEntry(parts[0], start, end);
        return true;
    }

    [GeneratedRegex("^seg_[0-9]{5,9}\\.ts\\z")]
    private static partial Regex SegmentFileName();
}
