using LiveServer.Domain.Livestreams;
using LiveServer.Media.Decoding;

namespace LiveServer.Media.Compositing;

/// <summary>Where the compositor gets a participant's latest picture (a decoder, or a fake in tests).</summary>
public interface IPictureSource
{
    /// <summary>The latest picture holder, or null before the first keyframe was seen.</summary>
    DecodedPicture? Picture { get; }

    /// <summary>
    /// The box the picture is drawn into now (the compositor says so when the scene changes), so a
    /// source that can deliver pictures at that size does, and the compositor only copies them.
    /// </summary>
    void PreferSize(int width, int height)
    {
    }

    /// <summary>
    /// The box the picture is drawn into and how it fills it: fitted whole (contain), or covering it
    /// with the overflow cropped (cover), for which a source delivers the size that covers the box.
    /// </summary>
    void PreferSize(int width, int height, TileFit fit) => PreferSize(width, height);
}
