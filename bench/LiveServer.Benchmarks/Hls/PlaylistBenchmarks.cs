using System.Text;
using BenchmarkDotNet.Attributes;
using LiveServer.Hls.Playlists;
using LiveServer.Hls.Segments;

namespace LiveServer.Benchmarks.Hls;

/// <summary>
/// Playlist text for one hour of 2 s segments (1,800): the EVENT (DVR) playlist and the 6-segment
/// live window, against appending the same segment lines, already formatted, to a StringBuilder.
/// </summary>
[MemoryDiagnoser]
public class PlaylistBenchmarks
{
    private const int Segments = 1_800;
    private static readonly TimeSpan TargetDuration = TimeSpan.FromSeconds(2);
    private HlsSegment[] _segments = null!;
    private string[] _lines = null!;

    [GlobalSetup]
    public void Setup()
    {
        _segments = [.. Enumerable.Range(0, Segments).Select(i => new HlsSegment(i, $"segment{i:D6}.ts", TargetDuration))];
        _lines = [.. _segments.Select(s => $"#EXTINF:2.000,\n{s.FileName}\n")];
    }

    [Benchmark(Baseline = true)]
    public int AppendPreformattedLines()
    {
        var text = new StringBuilder(128 + (Segments * 40));
        text.Append("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n");
        foreach (var line in _lines)
        {
            text.Append(line);
        }

        return text.ToString().Length;
    }

    [Benchmark]
    public int WriteEvent1800() => HlsPlaylistWriter.WriteEvent(_segments, TargetDuration, ended: false).Length;

    [Benchmark]
    public int WriteLiveWindow6Of1800() => HlsPlaylistWriter.WriteLiveWindow(_segments, TargetDuration, 6, ended: false).Length;
}
