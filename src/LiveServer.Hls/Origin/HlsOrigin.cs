using LiveServer.Hls.Playlists;

namespace LiveServer.Hls.Origin;

/// <summary>
/// A livestream's LL-HLS origin: one <see cref="RenditionPlaylist"/> per rendition of the ladder, the
/// two multivariant playlists (<c>index.m3u8</c> over the DVR playlists, <c>live.m3u8</c> over the
/// live windows), and the wait of blocking requests: a request for a segment or part not listed yet
/// is held (asynchronously) until it is, the stream ends, or <see cref="HlsTiming.BlockingLimit"/> passes.
/// The multivariant playlists exist once every rendition has its first part; they are also
/// written to disk then, as is everything else a player needs once the origin is gone.
/// </summary>
public sealed class HlsOrigin
{
    /// <summary>The DVR multivariant playlist's file name (<c>playbackHlsUrl</c>).</summary>
    public const string DvrPlaylistName = "index.m3u8";

    /// <summary>The live multivariant playlist's file name (<c>livestreamUrl</c>).</summary>
    public const string LivePlaylistName = "live.m3u8";

    private readonly string _folder;
    private readonly TimeProvider _time;
    private readonly AsyncSignal _changed = new();
    private readonly Lock _writeGate = new();
    private string? _writtenCodecs;

    /// <summary>Creates the origin of a livestream whose files go into <paramref name="folder"/> (created if missing).</summary>
    public HlsOrigin(string folder, IReadOnlyList<HlsRendition> ladder, HlsTiming timing, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        Directory.CreateDirectory(folder);
        _folder = folder;
        _time = time;
        Timing = timing;
        Renditions = [.. ladder.Select(r => new RenditionPlaylist(r, folder, timing))];
    }

    /// <summary>The renditions, top first.</summary>
    public IReadOnlyList<RenditionPlaylist> Renditions { get; }

    /// <summary>The lengths the playlists are built with.</summary>
    public HlsTiming Timing { get; }

    /// <summary>True once <see cref="End"/> ran.</summary>
    public bool Ended { get; private set; }

    /// <summary>
    /// True once a player can start at PART-HOLD-BACK from the live edge: every rendition lists at
    /// least that much (and so the multivariant playlists exist).
    /// </summary>
    public bool IsPlayable => Renditions.All(r => r.TotalDuration >= Timing.PartHoldBack);

    /// <summary>Lists a part of rendition <paramref name="rendition"/> and wakes the requests waiting for it.</summary>
    public void Append(int rendition, HlsFragment fragment)
    {
        // Codecs only change with an initialization section: the multivariant playlists need a look then only.
        if (Renditions[rendition].Append(fragment))
        {
            WriteMultivariant();
        }

        _changed.Pulse();
    }

    /// <summary>
    /// Lists a date range (or the end of one with the same ID) in every rendition's playlists from their
    /// next rendering on. Held requests are not woken: a range alone is no reason to answer them, it
    /// comes with the next part. False once the stream ended.
    /// </summary>
    public bool Mark(DateRange range)
    {
        var listed = false;
        foreach (var rendition in Renditions)
        {
            listed |= rendition.Mark(range);
        }

        return listed;
    }

    /// <summary>Ends every playlist (EXT-X-ENDLIST) and answers every held request.</summary>
    public void End()
    {
        Exception? first = null;
        foreach (var rendition in Renditions)
        {
            try
            {
                rendition.End();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Every rendition ends, even when one cannot write; the first failure is reported.
                first ??= e;
            }
        }

        // Only now: a request that sees Ended renders the ended playlists (and may be cached long).
        Ended = true;
        _changed.Pulse();
        if (first is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first);
        }
    }

    /// <summary>A multivariant playlist, or null until every rendition has its first part.</summary>
    public string? Multivariant(bool live) =>
        Renditions.All(r => r.Codecs is not null)
            ? MultivariantPlaylistWriter.Write([.. Renditions.Select(r => (r.Rendition, r.Codecs!))], live)
            : null;

    /// <summary>The rendition whose DVR or live media playlist is <paramref name="fileName"/>, or null.</summary>
    public (RenditionPlaylist Rendition, bool Live)? FindPlaylist(string fileName)
    {
        foreach (var rendition in Renditions)
        {
            if (fileName == rendition.Rendition.DvrPlaylist)
            {
                return (rendition, false);
            }

            if (fileName == rendition.Rendition.LivePlaylist)
            {
                return (rendition, true);
            }
        }

        return null;
    }

    /// <summary>A media playlist with the other renditions' reports.</summary>
    public string RenderPlaylist(RenditionPlaylist rendition, bool live, bool skip)
    {
        ArgumentNullException.ThrowIfNull(rendition);
        var reports = Renditions.Where(r => r != rendition).Select(r => r.Report(live)).OfType<RenditionReport>().ToList();
        return rendition.Render(live, skip, reports);
    }

    /// <summary>A part, segment or initialization section still in memory, or null.</summary>
    public ReadOnlyMemory<byte>? InMemory(string fileName) =>
        Renditions.Select(r => fileName.StartsWith(r.Rendition.Name + "_", StringComparison.Ordinal) ? r.InMemory(fileName) : null)
            .FirstOrDefault(b => b is not null);

    /// <summary>
    /// Waits until <paramref name="ready"/> holds, the stream ended, or <paramref name="limit"/> passed;
    /// true unless the limit passed first. Asynchronous: no thread is held.
    /// </summary>
    public async Task<bool> WaitUntilAsync(Func<bool> ready, TimeSpan limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ready);
        var started = _time.GetTimestamp();
        while (true)
        {
            var next = _changed.Next;
            if (Ended || ready())
            {
                return true;
            }

            var left = limit - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return false;
            }

            try
            {
                await next.WaitAsync(left, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                return Ended || ready();
            }
        }
    }

    private void WriteMultivariant()
    {
        lock (_writeGate)
        {
            // Written once every rendition has its codecs, and again when a restarted encoder's differ.
            var codecs = string.Join(' ', Renditions.Select(r => r.Codecs));
            if (codecs != _writtenCodecs && Renditions.All(r => r.Codecs is not null))
            {
                AtomicFile.Write(Path.Combine(_folder, DvrPlaylistName), Multivariant(live: false)!);
                AtomicFile.Write(Path.Combine(_folder, LivePlaylistName), Multivariant(live: true)!);
                _writtenCodecs = codecs;
            }
        }
    }
}
