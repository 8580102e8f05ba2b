using LiveServer.Hls.Origin;

namespace LiveServer.Hls.Tests.TestKit;

/// <summary>A 720p <see cref="RenditionPlaylist"/> in a temporary folder, fed by <see cref="Fragments"/>.</summary>
internal sealed class TestRendition : TempFolder
{
    public static readonly HlsRendition Video = new("720p", 1280, 720, 30, AverageBandwidth: 2_500_000, PeakBandwidth: 3_000_000);

    public TestRendition() => Playlist = new RenditionPlaylist(Video, Folder, Fragments.Timing);

    public RenditionPlaylist Playlist { get; }

    public Fragments Source { get; } = new();

    /// <summary>The low-latency live window, as served.</summary>
    public string Live => Playlist.Render(live: true, skip: false, []);

    /// <summary>The DVR playlist, as served.</summary>
    public string Dvr => Playlist.Render(live: false, skip: false, []);

    /// <summary>Appends the next <paramref name="parts"/> parts of the stream.</summary>
    public void Append(int parts) => Source.AppendTo(Playlist, parts);

    /// <summary>Appends the next part, of another length or keyframe flag than usual.</summary>
    public void AppendNext(TimeSpan? duration = null, bool? independent = null) => Playlist.Append(Source.Next(duration, independent));

    /// <summary>Appends the first part of a restarted encoder.</summary>
    public void Restart(bool sameInit = false) => Playlist.Append(Source.Restart(sameInit));
}
