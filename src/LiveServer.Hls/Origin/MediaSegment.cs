namespace LiveServer.Hls.Origin;

/// <summary>
/// One media segment of a rendition: a run of parts from a keyframe to the next segment boundary.
/// Open (still taking parts) until the next segment starts or the stream ends; its bytes go to disk
/// when it closes, and its parts and bytes are dropped from memory once it is old (<see cref="ForgetParts"/>).
/// Changed only under its rendition's lock.
/// </summary>
public sealed class MediaSegment(long sequence, string fileName, string initFile, DateTimeOffset programDateTime, bool discontinuity)
{
    private readonly List<HlsPart> _parts = [];

    /// <summary>Media sequence number, from 0, never reused within a livestream.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The segment's file name.</summary>
    public string FileName { get; } = fileName;

    /// <summary>The initialization section its parts need (EXT-X-MAP).</summary>
    public string InitFile { get; } = initFile;

    /// <summary>The wall-clock time its first frame was composed (EXT-X-PROGRAM-DATE-TIME).</summary>
    public DateTimeOffset ProgramDateTime { get; } = programDateTime;

    /// <summary>True when it does not continue the segment before (an encoder restart).</summary>
    public bool Discontinuity { get; } = discontinuity;

    /// <summary>The sum of its parts' durations.</summary>
    public TimeSpan Duration { get; private set; }

    /// <summary>Parts taken so far (their bytes may have been dropped: <see cref="Parts"/> is then empty).</summary>
    public int PartCount { get; private set; }

    /// <summary>True once the next segment started or the stream ended.</summary>
    public bool IsComplete { get; private set; }

    /// <summary>The parts still in memory (all of them while the segment is recent, else none).</summary>
    public IReadOnlyList<HlsPart> Parts => _parts;

    /// <summary>Adds the next part.</summary>
    public void Add(HlsPart part)
    {
        _parts.Add(part);
        PartCount++;
        Duration += part.Duration;
    }

    /// <summary>The whole segment's bytes while it is recent; null while open and once forgotten.</summary>
    public byte[]? Bytes { get; private set; }

    /// <summary>The parts' bytes in order: the whole segment.</summary>
    public byte[] Concatenate()
    {
        var bytes = new byte[_parts.Sum(p => p.Bytes.Length)];
        var at = 0;
        foreach (var part in _parts)
        {
            part.Bytes.Span.CopyTo(bytes.AsSpan(at));
            at += part.Bytes.Length;
        }

        return bytes;
    }

    /// <summary>
    /// Marks it complete once <paramref name="bytes"/> (from <see cref="Concatenate"/>) are stored; the
    /// parts become slices of them, so the segment's media is held once.
    /// </summary>
    public void Completed(byte[] bytes)
    {
        IsComplete = true;
        Bytes = bytes;
        var at = 0;
        for (var i = 0; i < _parts.Count; i++)
        {
            var length = _parts[i].Bytes.Length;
            _parts[i] = _parts[i] with { Bytes = bytes.AsMemory(at, length) };
            at += length;
        }
    }

    /// <summary>Drops the parts from memory (the playlist no longer lists them; the segment file has their bytes).</summary>
    public void ForgetParts()
    {
        _parts.Clear();
        Bytes = null;
    }
}
