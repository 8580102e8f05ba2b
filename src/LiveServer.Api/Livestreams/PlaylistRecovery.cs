using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LiveServer.Hls.Origin;
using LiveServer.Media.Cmaf;

namespace LiveServer.Api.Livestreams;

/// <summary>
/// Closes the playlists of a livestream whose server stopped unexpectedly. Segment files are written
/// before the playlists that list them (each file atomically), so after a crash the folder may hold
/// complete segments that no playlist lists yet, and playlists that never ended. For each rendition
/// this lists those segments (their length read from their movie fragments), makes the DVR playlist
/// VOD with <c>#EXT-X-ENDLIST</c>, gives the live playlist the same content, and removes temporary
/// files a write left behind.
/// </summary>
public static partial class PlaylistRecovery
{
    /// <summary>What was done to one rendition.</summary>
    /// <param name="Rendition">Its name.</param>
    /// <param name="Listed">Segments the playlist listed already.</param>
    /// <param name="Recovered">Segments found on disk and added.</param>
    public sealed record RenditionResult(string Rendition, int Listed, int Recovered);

    /// <summary>Recovers every rendition of <paramref name="renditions"/> in <paramref name="folder"/>; a missing folder is nothing to do.</summary>
    public static IReadOnlyList<RenditionResult> Recover(string folder, IEnumerable<string> renditions)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        foreach (var temporary in Directory.EnumerateFiles(folder, "*.tmp"))
        {
            File.Delete(temporary);
        }

        var results = new List<RenditionResult>();
        foreach (var rendition in renditions)
        {
            if (RecoverRendition(folder, rendition) is { } result)
            {
                results.Add(result);
            }
        }

        return results;
    }

    private static RenditionResult? RecoverRendition(string folder, string rendition)
    {
        var segments = Directory.EnumerateFiles(folder, rendition + "_*.m4s")
            .Select(path => (Path: path, Match: SegmentName().Match(Path.GetFileName(path))))
            .Where(s => s.Match.Success && s.Match.Groups["r"].Value == rendition)
            .Select(s => (s.Path, Sequence: long.Parse(s.Match.Groups["n"].Value, CultureInfo.InvariantCulture)))
            .OrderBy(s => s.Sequence)
            .ToList();
        var inits = Directory.EnumerateFiles(folder, rendition + "_init*.mp4")
            .Select(path => (Path: path, Match: InitName().Match(Path.GetFileName(path))))
            .Where(i => i.Match.Success && i.Match.Groups["r"].Value == rendition)
            .OrderBy(i => int.Parse(i.Match.Groups["g"].Value, CultureInfo.InvariantCulture))
            .ToList();
        var dvrPath = Path.Combine(folder, rendition + ".m3u8");
        var lines = File.Exists(dvrPath) ? [.. File.ReadAllLines(dvrPath)] : new List<string>();
        if (lines.Count == 0 && (segments.Count == 0 || inits.Count == 0))
        {
            return null;
        }

        if (lines.Count == 0)
        {
            lines.AddRange(["#EXTM3U", "#EXT-X-VERSION:9", "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-TARGETDURATION:1", "#EXT-X-MEDIA-SEQUENCE:0"]);
        }

        lines.RemoveAll(l => l.StartsWith("#EXT-X-ENDLIST", StringComparison.Ordinal) || l.StartsWith("#EXT-X-PLAYLIST-TYPE:", StringComparison.Ordinal));
        var listed = lines.Where(l => l.Length > 0 && l[0] != '#').ToHashSet(StringComparer.Ordinal);
        var lastListed = segments.Where(s => listed.Contains(Path.GetFileName(s.Path))).Select(s => s.Sequence).DefaultIfEmpty(-1).Max();
        var mapped = lines.LastOrDefault(l => l.StartsWith("#EXT-X-MAP:", StringComparison.Ordinal));
        var recovered = 0;
        var longest = 0.0;
        if (inits.Count > 0)
        {
            var newestInit = Path.GetFileName(inits[^1].Path);
            var init = CmafInit.Parse(File.ReadAllBytes(inits[^1].Path));
            foreach (var (path, _) in segments.Where(s => s.Sequence > lastListed))
            {
                if (Duration(File.ReadAllBytes(path), init) is not { } seconds)
                {
                    break;
                }

                if (mapped is null || !mapped.Contains(newestInit, StringComparison.Ordinal))
                {
                    if (mapped is not null)
                    {
                        lines.Add("#EXT-X-DISCONTINUITY");
                    }

                    mapped = $"#EXT-X-MAP:URI=\"{newestInit}\"";
                    lines.Add(mapped);
                }

                lines.Add(string.Create(CultureInfo.InvariantCulture, $"#EXTINF:{seconds:0.000},"));
                lines.Add(Path.GetFileName(path));
                longest = Math.Max(longest, seconds);
                recovered++;
            }
        }

        RaiseTargetDuration(lines, longest);
        var typeAt = lines.FindIndex(l => l.StartsWith("#EXT-X-MEDIA-SEQUENCE:", StringComparison.Ordinal));
        lines.Insert(typeAt < 0 ? 1 : typeAt + 1, "#EXT-X-PLAYLIST-TYPE:VOD");
        lines.Add("#EXT-X-ENDLIST");
        var text = new StringBuilder().AppendJoin('\n', lines).Append('\n').ToString();
        AtomicFile.Write(dvrPath, text);
        AtomicFile.Write(Path.Combine(folder, rendition + "_live.m3u8"), text.Replace("#EXT-X-PLAYLIST-TYPE:VOD\n", string.Empty, StringComparison.Ordinal));
        return new RenditionResult(rendition, listed.Count(l => l.EndsWith(".m4s", StringComparison.Ordinal)), recovered);
    }

    /// <summary>A segment file's length: its movie fragments' lead-track durations; null when it is not readable.</summary>
    private static double? Duration(byte[] bytes, CmafInit init)
    {
        try
        {
            var seconds = 0.0;
            var at = 0;
            while (at < bytes.Length)
            {
                var box = Mp4Box.Read(bytes, at, bytes.Length);
                var start = at;
                at = box.End;
                if (box.Type != Mp4Box.Code("moof"))
                {
                    continue;
                }

                var mdat = Mp4Box.Read(bytes, at, bytes.Length);
                at = mdat.End;
                seconds += CmafFragment.Parse(bytes[start..at], init).DurationTime.TotalSeconds;
            }

            return seconds > 0 ? seconds : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static void RaiseTargetDuration(List<string> lines, double longest)
    {
        var at = lines.FindIndex(l => l.StartsWith("#EXT-X-TARGETDURATION:", StringComparison.Ordinal));
        if (at < 0 || !int.TryParse(lines[at].AsSpan("#EXT-X-TARGETDURATION:".Length), CultureInfo.InvariantCulture, out var target))
        {
            return;
        }

        var needed = (int)Math.Round(longest, MidpointRounding.AwayFromZero);
        if (needed > target)
        {
            lines[at] = "#EXT-X-TARGETDURATION:" + needed.ToString(CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex("^(?<r>[a-z0-9]+)_(?<n>[0-9]{5,})\\.m4s\\z")]
    private static partial Regex SegmentName();

    [GeneratedRegex("^(?<r>[a-z0-9]+)_init(?<g>[0-9]+)\\.mp4\\z")]
    private static partial Regex InitName();
}
