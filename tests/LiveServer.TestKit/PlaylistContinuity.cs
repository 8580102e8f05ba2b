using System.Globalization;

namespace LiveServer.TestKit;

/// <summary>
/// Checks that an HLS media playlist (RFC 8216) is continuous: every EXTINF equals the configured
/// segment duration within a tolerance, except the last segment before a discontinuity or the end;
/// segment names (<c>360p_NNNNN.m4s</c>: the number after the last underscore) count up by one from EXT-X-MEDIA-SEQUENCE with no gap;
/// every listed segment file exists in <c>folder</c>. Discontinuities are counted, not refused.
/// </summary>
public sealed record PlaylistContinuity(
    int Segments, int Discontinuities, double TotalSeconds, double MinSeconds, double MaxSeconds, bool HasEndList, IReadOnlyList<string> Problems)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool IsContinuous => Problems.Count == 0;

    /// <summary>Checks <paramref name="playlist"/>, whose segments are in <paramref name="folder"/>.</summary>
    public static PlaylistContinuity Check(string playlist, string folder, TimeSpan segmentDuration, double toleranceSeconds)
    {
        var problems = new List<string>();
        var lines = playlist.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        long mediaSequence = lines.Where(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal))
            .Select(l => long.Parse(l[22..], CultureInfo.InvariantCulture)).FirstOrDefault();
        var segments = new List<(double Duration, string Uri, bool DiscontinuityAfter)>();
        double? pendingDuration = null;
        int discontinuities = 0;
        foreach (string line in lines)
        {
            if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                pendingDuration = double.Parse(line[8..].Split(',')[0], CultureInfo.InvariantCulture);
            }
            else if (line == "#EXT-X-DISCONTINUITY")
            {
                discontinuities++;
                if (segments.Count > 0)
                {
                    segments[^1] = segments[^1] with { DiscontinuityAfter = true };
                }
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                if (pendingDuration is not { } duration)
                {
                    problems.Add($"{line} has no EXTINF");
                    continue;
                }

                segments.Add((duration, line, false));
                pendingDuration = null;
            }
        }

        bool hasEndList = lines.Contains("#EXT-X-ENDLIST");
        double expected = segmentDuration.TotalSeconds;
        for (int i = 0; i < segments.Count; i++)
        {
            var (duration, uri, discontinuityAfter) = segments[i];
            bool lastOfRun = discontinuityAfter || i == segments.Count - 1;
            if (Math.Abs(duration - expected) > toleranceSeconds && !(lastOfRun && duration < expected + toleranceSeconds))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{uri} lasts {duration:0.###} s, not {expected:0.###} s"));
            }

            string name = Path.GetFileNameWithoutExtension(uri);
            int underscore = name.LastIndexOf('_');
            if (underscore < 0 || !long.TryParse(name[(underscore + 1)..], CultureInfo.InvariantCulture, out long number))
            {
                problems.Add($"{uri} is not numbered");
            }
            else if (number != mediaSequence + i)
            {
                problems.Add($"{uri} is listed where segment {mediaSequence + i} belongs (a gap or a repeat)");
            }

            if (!File.Exists(Path.Combine(folder, uri)))
            {
                problems.Add($"{uri} is listed but not stored");
            }
        }

        if (segments.Count == 0)
        {
            problems.Add("no segments");
        }

        return new PlaylistContinuity(
            segments.Count,
            discontinuities,
            segments.Sum(s => s.Duration),
            segments.Count == 0 ? 0 : segments.Min(s => s.Duration),
            segments.Count == 0 ? 0 : segments.Max(s => s.Duration),
            hasEndList,
            problems);
    }
}
