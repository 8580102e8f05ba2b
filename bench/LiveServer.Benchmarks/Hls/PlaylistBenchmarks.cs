using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using LiveServer.Hls.Origin;
using LiveServer.Hls.Playlists;

namespace LiveServer.Benchmarks.Hls;

/// <summary>
/// LL-HLS media playlists as served per request (<see cref="RenditionPlaylist.Render"/>): the DVR
/// playlist of one hour of 2 s segments (1,800; full and as a delta update) and the 6-segment live
/// window with parts, at the start of a stream and after that hour, against appending the hour's
/// segment lines, already formatted, to a StringBuilder.
/// </summary>
[MemoryDiagnoser]
public class PlaylistBenchmarks
{
    private const int Segments = 1_800;
    private const int PartsPerSegment = 10;
    private static readonly HlsTiming Timing = new(TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200), LiveWindowSegments: 6);
    private static readonly HlsRendition Rendition = new("720p", 1280, 720, 30, 2_500_000, 3_000_000);
    private readonly RenditionReport[] _reports = [new("1080p_live.m3u8", Segments, 3), new("audio_live.m3u8", Segments, 3)];
    private string _folder = null!;
    private RenditionPlaylist _hour = null!;
    private RenditionPlaylist _start = null!;
    private string[] _lines = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("liveserver-bench-hls-").FullName;
        _hour = Stream("hour", Segments);
        _start = Stream("start", Timing.LiveWindowSegments + 1);
        var start = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        _lines =
        [
            .. Enumerable.Range(0, Segments).Select(i => string.Create(
                CultureInfo.InvariantCulture,
                $"#EXT-X-PROGRAM-DATE-TIME:{start.AddSeconds(2 * i).UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\n#EXTINF:2.000,\n720p_{i:D5}.m4s\n")),
        ];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Baseline = true)]
    public int AppendPreformattedLines()
    {
        var text = new StringBuilder(256 + (Segments * 80));
        text.Append("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MAP:URI=\"720p_init0.mp4\"\n");
        foreach (var line in _lines)
        {
            text.Append(line);
        }

        return text.ToString().Length;
    }

    [Benchmark]
    public int RenderDvr1800() => _hour.Render(live: false, skip: false, _reports).Length;

    [Benchmark]
    public int RenderDvrDelta1800() => _hour.Render(live: false, skip: true, _reports).Length;

    [Benchmark]
    public int RenderLiveWindow6Of1800() => _hour.Render(live: true, skip: false, _reports).Length;

    [Benchmark]
    public int RenderLiveWindow6Of7() => _start.Render(live: true, skip: false, _reports).Length;

    /// <summary>A live rendition of <paramref name="segments"/> complete segments and half of the next, in its own sub-folder.</summary>
    private RenditionPlaylist Stream(string name, int segments)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, name)).FullName;
        var playlist = new RenditionPlaylist(Rendition, folder, Timing);
        byte[] init = [0, 0, 0, 8, (byte)'f', (byte)'t', (byte)'y', (byte)'p'];
        var start = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        for (var part = 0; part < (segments * PartsPerSegment) + (PartsPerSegment / 2); part++)
        {
            playlist.Append(new HlsFragment(
                init, "avc1.64001f,mp4a.40.2", [(byte)part], Timing.PartTarget, Independent: part % PartsPerSegment == 0, start + (Timing.PartTarget * part)));
        }

        return playlist;
    }
}
