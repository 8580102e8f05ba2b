using LiveServer.Media.Decoding;

namespace LiveServer.Media.Compositing;

/// <summary>Where the compositor gets a participant's latest picture (a decoder, or a fake in tests).</summary>
public interface IPictureSource
{
    /// <summary>The latest picture holder, or null before the first keyframe was seen.</summary>
    DecodedPicture? Picture { get; }
}
