using LiveServer.Hls.Segments;

namespace LiveServer.Hls.Playlists;

/// <summary>
/// The playlists of one livestream on disk: every appended segment is listed in
/// <c>index.m3u8</c> (EVENT, DVR) and the last few in <c>live.m3u8</c> (sliding window). Files are
/// replaced atomically (write, then rename), so a player never reads half a playlist.
/// </summary>
public sealed class HlsPlaylist
{
    /// <summary>The DVR playlist's file name.</summary>
    public const string EventPlaylistName = "index.m3u8";

    /// <summary>The live playlist's file name.</summary>
    public const string LivePlaylistName = "live.m3u8";

    private readonly Lock _gate = new();
    private readonly List<HlsSegment> _segments = [];
    private readonly string _folder;
    private readonly int _windowSize;
    private readonly TimeSpan _targetDuration;
    private bool _ended;
    private bool _nextIsDiscontinuity;

    /// <summary>Creates the playlists for a livestream whose files live in <paramref name="folder"/>.</summary>
    public HlsPlaylist(string folder, TimeSpan segmentDuration, int windowSize)
    {
        _folder = folder;
        _windowSize = windowSize;
        _targetDuration = TimeSpan.FromSeconds(Math.Ceiling(segmentDuration.TotalSeconds));
    }

    /// <summary>Segments listed so far.</summary>
    public int SegmentCount
    {
        get
        {
            lock (_gate)
            {
                return _segments.Count;
            }
        }
    }

    /// <summary>The sum of the listed segments' durations.</summary>
    public TimeSpan TotalDuration
    {
        get
        {
            lock (_gate)
            {
                return _segments.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration);
            }
        }
    }

    /// <summary>
    /// Segments whose rounded duration exceeded the target duration. The target duration never
    /// changes within a playlist (RFC 8216 section 6.2.1), so such a segment is listed as it is and counted.
    /// </summary>
    public int LongSegments { get; private set; }

    /// <summary>Marks the next appended segment as the start of a new encoding (encoder restart).</summary>
    public void MarkDiscontinuity()
    {
        lock (_gate)
        {
            _nextIsDiscontinuity = _segments.Count > 0;
        }
    }

    /// <summary>Lists a finished segment and rewrites both playlists.</summary>
    public HlsSegment Append(string fileName, TimeSpan duration)
    {
        lock (_gate)
        {
            if (_ended)
            {
                throw new InvalidOperationException("The playlist has ended.");
            }

            var segment = new HlsSegment(_segments.Count, fileName, duration, _nextIsDiscontinuity);
            _nextIsDiscontinuity = false;
            _segments.Add(segment);
            if (Math.Round(duration.TotalSeconds, MidpointRounding.AwayFromZero) > _targetDuration.TotalSeconds)
            {
                LongSegments++;
            }

            WriteFiles();
            return segment;
        }
    }

    /// <summary>Adds EXT-X-ENDLIST to both playlists. Idempotent.</summary>
    public void End()
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            WriteFiles();
        }
    }

    private void WriteFiles()
    {
        WriteAtomically(EventPlaylistName, HlsPlaylistWriter.WriteEvent(_segments, _targetDuration, _ended));
        WriteAtomically(LivePlaylistName, HlsPlaylistWriter.WriteLiveWindow(_segments, _targetDuration, _windowSize, _ended));
    }

    private void WriteAtomically(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
