using LiveServer.Domain.Livestreams;
using LiveServer.Media.Decoding;

namespace LiveServer.Media.Compositing;

/// <summary>
/// A picture source as one tile sees it: the box the compositor names for the tile is passed on with
/// the tile's fit, so a decoder sizes its pictures for cover or contain. The compositor asks for sizes
/// without a fit (<see cref="Compositor.SetScene"/>), and this is where the fit is added.
/// </summary>
/// <param name="source">The participant's decoder.</param>
/// <param name="fit">How the tile is filled.</param>
public sealed class FittedPictureSource(IPictureSource source, TileFit fit) : IPictureSource
{
    /// <summary>The source this one passes on to.</summary>
    public IPictureSource Source => source;

    /// <summary>How the tile is filled.</summary>
    public TileFit Fit => fit;

    /// <inheritdoc />
    public DecodedPicture? Picture => source.Picture;

    /// <inheritdoc />
    public void PreferSize(int width, int height) => source.PreferSize(width, height, fit);

    /// <inheritdoc />
    public void PreferSize(int width, int height, TileFit fit) => source.PreferSize(width, height, fit);
}
