using LiveServer.Media.Compositing;
using LiveServer.Media.Decoding;
using LiveServer.Media.Video;

namespace LiveServer.Media.Tests.TestKit;

/// <summary>A picture source that always shows one picture (or none).</summary>
/// <param name="picture">What it shows.</param>
internal sealed class StillPicture(DecodedPicture? picture) : IPictureSource
{
    /// <inheritdoc />
    public DecodedPicture? Picture { get; } = picture;

    /// <summary>A source showing a published picture of one colour.</summary>
    public static StillPicture Solid(int width, int height, YuvColor color)
    {
        var picture = new DecodedPicture(width, height);
        Pictures.Solid(width, height, color).Buffer.CopyTo(picture.BackBuffer.Span);
        picture.Publish();
        return new StillPicture(picture);
    }
}
