using LiveServer.Hls.Playlists;

namespace LiveServer.Hls.Origin;

/// <summary>
/// One rendition of a livestream as an LL-HLS origin holds it: its segments and their parts, the
/// initialization section of each encoder, and its two media playlists (DVR and live window),
/// rendered per request. Parts come in through <see cref="Append"/>; a part that starts with a
/// keyframe once the open segment is long enough (or after an encoder restart) starts the next
/// segment. A closed segment is written to disk (atomically: write, then rename) and the playlists
/// on disk are rewritten without the low-latency tags, so a player that reads the folder, or the
/// server after a restart, finds an ordinary HLS stream. Recent parts and segments stay in memory
/// and are served from there. Date ranges (<see cref="Mark"/>) are listed in both playlists: every
/// one in the DVR playlist, those that reach into the window in the live one. Thread-safe.
/// </summary>
public sealed class RenditionPlaylist
{
    private readonly Lock _gate = new();
    private readonly List<MediaSegment> _segments = [];
    private readonly List<DateRange> _dateRanges = [];
    private readonly string _folder;
    private readonly HlsTiming _timing;
    private byte[]? _init;
    private int _generation = -1;
    private bool _ended;
    private bool _endWritten;
    private long _version;
    private readonly (long Version, RenditionReport[] Reports, string Text)?[] _rendered = new (long, RenditionReport[], string)?[4];

    /// <summary>Creates an empty rendition whose files live in <paramref name="folder"/>.</summary>
    public RenditionPlaylist(HlsRendition rendition, string folder, HlsTiming timing)
    {
        Rendition = rendition;
        _folder = folder;
        _timing = timing;
    }

    /// <summary>What the multivariant playlist says of it and how its files are named.</summary>
    public HlsRendition Rendition { get; }

    /// <summary>The CODECS value of the current encoder's output; null before the first part.</summary>
    public string? Codecs { get; private set; }

    /// <summary>Complete segments so far.</summary>
    public int SegmentCount
    {
        get
        {
            lock (_gate)
            {
                return _segments.Count(s => s.IsComplete);
            }
        }
    }

    /// <summary>The listed duration: every part taken so far.</summary>
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

    /// <summary>The last part listed: its segment's sequence number and its index; null before the first.</summary>
    public (long Sequence, int Part)? LastPart
    {
        get
        {
            lock (_gate)
            {
                return _segments.Count == 0 ? null : (_segments[^1].Sequence, _segments[^1].PartCount - 1);
            }
        }
    }

    /// <summary>
    /// Lists the next part. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>
    /// when a file cannot be written (what was listed before stays listed and on disk).
    /// </summary>
    /// <returns>True when the fragment came with a new initialization section (and so, maybe, new codecs).</returns>
    public bool Append(HlsFragment fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        lock (_gate)
        {
            if (_ended)
            {
                throw new InvalidOperationException("The playlist has ended.");
            }

            // The same array for every fragment of one encoder's output; compared by content only on a change.
            var newInit = _init is null || (!ReferenceEquals(_init, fragment.Init) && !_init.AsSpan().SequenceEqual(fragment.Init));
            if (newInit)
            {
                WriteAtomically(Rendition.InitFile(_generation + 1), fragment.Init);
                _generation++;
                _init = fragment.Init;
                Codecs = fragment.Codecs;
            }

            var open = _segments.Count > 0 && !_segments[^1].IsComplete ? _segments[^1] : null;
            var boundary = open is null || fragment.Discontinuity || newInit || (fragment.Independent && IsFull(open));
            if (boundary)
            {
                if (open is not null)
                {
                    Close(open);
                }

                var sequence = _segments.Count == 0 ? 0 : _segments[^1].Sequence + 1;
                open = new MediaSegment(
                    sequence, Rendition.SegmentFile(sequence), Rendition.InitFile(_generation), fragment.ProgramDateTime,
                    fragment.Discontinuity && _segments.Count > 0);
                _segments.Add(open);
            }

            _version++;
            open!.Add(new HlsPart(open.PartCount, Rendition.PartFile(open.Sequence, open.PartCount), fragment.Duration, fragment.Independent, fragment.Bytes));
            return newInit;
        }
    }

    /// <summary>
    /// Lists <paramref name="range"/> from the next playlist on (held requests are not woken for it),
    /// or, when a range with its ID is listed, adds its end and new attributes to that one. On disk
    /// with the next segment, or the end. False once the playlist ended.
    /// </summary>
    public bool Mark(DateRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        lock (_gate)
        {
            if (_ended)
            {
                return false;
            }

            var at = _dateRanges.FindIndex(r => r.Id == range.Id);
            if (at < 0)
            {
                _dateRanges.Add(range);
                _version++;
            }
            else if (_dateRanges[at].With(range) is var merged && !ReferenceEquals(merged, _dateRanges[at]))
            {
                _dateRanges[at] = merged;
                _version++;
            }

            return true;
        }
    }

    /// <summary>
    /// Closes the open segment (left out when it cannot be written) and adds EXT-X-ENDLIST to both
    /// playlists (on disk too). Idempotent.
    /// </summary>
    public void End()
    {
        lock (_gate)
        {
            if (_endWritten)
            {
                return;
            }

            _ended = true;
            _version++;
            if (_segments.Count > 0 && !_segments[^1].IsComplete)
            {
                try
                {
                    Store(_segments[^1]);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A segment that could not be written is not listed; the rest still ends properly.
                    _segments.RemoveAt(_segments.Count - 1);
                }
            }

            // Throws when the playlists cannot be written; End can be called again (the stream stays ended).
            WritePlaylists();
            _endWritten = true;
        }
    }

    /// <summary>
    /// True when the playlist can answer a blocking request for segment <paramref name="sequence"/>
    /// (whole, or its part <paramref name="part"/>): it is listed, or the stream ended. A part index
    /// past the last part of a complete segment means part 0 of the next (RFC 8216bis section 6.2.5.2).
    /// </summary>
    public bool Has(long sequence, int? part)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return true;
            }

            var segment = Find(sequence);
            if (segment is null)
            {
                return false;
            }

            if (part is not { } index)
            {
                return segment.IsComplete;
            }

            return index < segment.PartCount || (segment.IsComplete && Find(sequence + 1) is { PartCount: > 0 });
        }
    }

    /// <summary>
    /// True when a blocking request asks for more than the spec lets a server wait for (RFC 8216bis
    /// section 6.2.5.2): a segment more than two past the last complete one, or a part of the open
    /// segment more than the Advance Part Limit (three seconds of parts) past its last part.
    /// </summary>
    public bool IsTooFarAhead(long sequence, int? part)
    {
        lock (_gate)
        {
            var lastComplete = _segments.LastOrDefault(s => s.IsComplete)?.Sequence ?? -1;
            if (sequence > lastComplete + 2)
            {
                return true;
            }

            return part is { } index && _segments.Count > 0 && !_segments[^1].IsComplete && sequence == _segments[^1].Sequence
                && index > _segments[^1].PartCount - 1 + _timing.AdvancePartLimit;
        }
    }

    /// <summary>The bytes of a part, segment or initialization section still in memory; null otherwise.</summary>
    public ReadOnlyMemory<byte>? InMemory(string fileName)
    {
        lock (_gate)
        {
            if (_init is not null && fileName == Rendition.InitFile(_generation))
            {
                return _init;
            }

            for (var i = _segments.Count - 1; i >= 0 && i >= _segments.Count - _timing.SegmentsInMemory; i--)
            {
                var segment = _segments[i];
                if (segment.FileName == fileName)
                {
                    // Not "return segment.Bytes": a null array converts to an empty memory, not to null.
                    return segment.Bytes is { } bytes ? new ReadOnlyMemory<byte>(bytes) : default(ReadOnlyMemory<byte>?);
                }

                if (segment.Parts.FirstOrDefault(p => p.FileName == fileName) is { } part)
                {
                    return part.Bytes;
                }
            }

            return null;
        }
    }

    /// <summary>The media playlist of one kind, with the siblings' reports; a delta update when <paramref name="skip"/>.</summary>
    /// <remarks>
    /// The last text of each kind is kept with what it was made from (this rendition's version and the
    /// reports): players woken by the same part ask for the same playlist, and it is rendered once.
    /// </remarks>
    public string Render(bool live, bool skip, IReadOnlyList<RenditionReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        lock (_gate)
        {
            var kind = (live ? 1 : 0) + (skip ? 2 : 0);
            if (_rendered[kind] is { } cached && cached.Version == _version && cached.Reports.SequenceEqual(reports))
            {
                return cached.Text;
            }

            var text = MediaPlaylistWriter.Write(View(live, skip, lowLatency: !_ended, reports));
            _rendered[kind] = (_version, [.. reports], text);
            return text;
        }
    }

    /// <summary>Where this rendition stands, for a sibling's EXT-X-RENDITION-REPORT; null before the first part.</summary>
    public RenditionReport? Report(bool live) =>
        LastPart is { } last ? new RenditionReport(live ? Rendition.LivePlaylist : Rendition.DvrPlaylist, last.Sequence, last.Part) : null;

    // Called under _gate.
    private MediaPlaylistView View(bool live, bool skip, bool lowLatency, IReadOnlyList<RenditionReport> reports)
    {
        var listed = lowLatency ? _segments : _segments.Where(s => s.IsComplete).ToList();
        var complete = listed.Count(s => s.IsComplete);
        var first = live ? Math.Max(0, complete - _timing.LiveWindowSegments) : 0;
        var discontinuities = 0;
        for (var i = 1; i <= first && i < listed.Count; i++)
        {
            discontinuities += listed[i].Discontinuity ? 1 : 0;
        }

        var skipped = skip && lowLatency ? Skippable(listed, first) : 0;

        // The live window keeps a range while any of it lies in the window; the DVR playlist keeps all.
        var ranges = live && listed.Count > first ? [.. _dateRanges.Where(r => r.Reaches(listed[first].ProgramDateTime))] : _dateRanges.ToArray();
        var partsFrom = complete > _timing.PartSegments ? listed[complete - _timing.PartSegments].Sequence : 0;
        var next = listed.Count == 0 ? null
            : listed[^1].IsComplete || IsFull(listed[^1]) ? Rendition.PartFile(listed[^1].Sequence + 1, 0)
            : Rendition.PartFile(listed[^1].Sequence, listed[^1].PartCount);
        return new MediaPlaylistView(
            [.. listed.Skip(first + skipped)],
            listed.Count > first ? listed[first].Sequence : 0,
            discontinuities,
            _timing,
            lowLatency ? partsFrom : long.MaxValue,
            skipped,
            live ? null : _ended ? "VOD" : "EVENT",
            Ended: _ended,
            LowLatency: lowLatency,
            PreloadHint: lowLatency ? next : null,
            Reports: lowLatency ? reports : [],
            DateRanges: ranges);
    }

    /// <summary>Leading complete segments that end more than CAN-SKIP-UNTIL before the end of the playlist.</summary>
    private int Skippable(List<MediaSegment> listed, int first)
    {
        var remaining = listed.Skip(first).Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Duration);
        var skipped = 0;
        for (var i = first; i < listed.Count && listed[i].IsComplete; i++)
        {
            remaining -= listed[i].Duration;
            if (remaining < _timing.SkipUntil)
            {
                break;
            }

            skipped++;
        }

        return skipped;
    }

    /// <summary>True when the segment is long enough that its next keyframe part starts the next segment.</summary>
    private bool IsFull(MediaSegment segment) => segment.Duration >= _timing.SegmentDuration - (_timing.PartTarget / 2);

    private MediaSegment? Find(long sequence)
    {
        if (_segments.Count == 0 || sequence < _segments[0].Sequence)
        {
            return null;
        }

        var index = sequence - _segments[0].Sequence;
        return index < _segments.Count ? _segments[(int)index] : null;
    }

    // Called under _gate.
    private void Close(MediaSegment segment)
    {
        Store(segment);
        WritePlaylists();
        var stale = _segments.Count - _timing.SegmentsInMemory;
        if (stale >= 0)
        {
            _segments[stale].ForgetParts();
        }
    }

    // Called under _gate. Complete (listed) only once its file is written.
    private void Store(MediaSegment segment)
    {
        var bytes = segment.Concatenate();
        WriteAtomically(segment.FileName, bytes);
        segment.Completed(bytes);
    }

    // Called under _gate. The files on disk: no low-latency tags, only complete segments.
    private void WritePlaylists()
    {
        WriteAtomically(Rendition.DvrPlaylist, MediaPlaylistWriter.Write(View(false, false, false, [])));
        WriteAtomically(Rendition.LivePlaylist, MediaPlaylistWriter.Write(View(true, false, false, [])));
    }

    private void WriteAtomically(string name, byte[] content) => AtomicFile.Write(Path.Combine(_folder, name), content);

    private void WriteAtomically(string name, string content) => AtomicFile.Write(Path.Combine(_folder, name), content);
}
