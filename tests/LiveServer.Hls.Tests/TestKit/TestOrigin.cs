using LiveServer.Hls.Origin;
using Microsoft.Extensions.Time.Testing;

namespace LiveServer.Hls.Tests.TestKit;

/// <summary>An <see cref="HlsOrigin"/> of a 720p and an audio rendition in a temporary folder, on a fake clock.</summary>
internal sealed class TestOrigin : TempFolder
{
    public static readonly HlsRendition Audio = new("audio", 0, 0, 0, AverageBandwidth: 128_000, PeakBandwidth: 160_000);

    private readonly Fragments[] _sources = [new(Fragments.VideoCodecs), new(Fragments.AudioCodecs)];

    public TestOrigin() => Origin = new HlsOrigin(Folder, [TestRendition.Video, Audio], Fragments.Timing, Time);

    public FakeTimeProvider Time { get; } = new();

    public HlsOrigin Origin { get; }

    public RenditionPlaylist Video => Origin.Renditions[0];

    public RenditionPlaylist AudioOnly => Origin.Renditions[1];

    /// <summary>Appends the next <paramref name="parts"/> parts to rendition <paramref name="rendition"/> (0 video, 1 audio).</summary>
    public void Append(int rendition, int parts)
    {
        for (var i = 0; i < parts; i++)
        {
            Origin.Append(rendition, _sources[rendition].Next());
        }
    }

    /// <summary>Appends the next <paramref name="parts"/> parts to both renditions, in turn.</summary>
    public void AppendBoth(int parts)
    {
        for (var i = 0; i < parts; i++)
        {
            Append(0, 1);
            Append(1, 1);
        }
    }
}
