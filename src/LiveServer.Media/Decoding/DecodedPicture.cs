using LiveServer.Domain.Livestreams;
using LiveServer.Media.Video;

namespace LiveServer.Media.Decoding;

/// <summary>
/// The latest decoded picture of one participant, double-buffered: the decoder fills the back buffer
/// and swaps it in; the compositor draws the front buffer under the same short lock. Neither side
/// allocates per frame, and the compositor never waits for a decoder longer than one swap.
/// </summary>
/// <param name="width">Picture width.</param>
/// <param name="height">Picture height.</param>
/// <param name="sourceWidth">Width of the stream it is decoded from (the picture may be scaled down); the picture's own when 0.</param>
/// <param name="sourceHeight">Height of the stream it is decoded from; the picture's own when 0.</param>
public sealed class DecodedPicture(int width, int height, int sourceWidth = 0, int sourceHeight = 0)
{
    private readonly Lock _gate = new();
    private byte[] _front = new byte[I420Image.SizeOf(width, height)];
    private byte[] _back = new byte[I420Image.SizeOf(width, height)];
    private bool _hasPicture;

    /// <summary>Picture width.</summary>
    public int Width { get; } = width;

    /// <summary>Picture height.</summary>
    public int Height { get; } = height;

    /// <summary>Width of the stream the picture is decoded from.</summary>
    public int SourceWidth { get; } = sourceWidth > 0 ? sourceWidth : width;

    /// <summary>Height of the stream the picture is decoded from.</summary>
    public int SourceHeight { get; } = sourceHeight > 0 ? sourceHeight : height;

    /// <summary>Pictures decoded so far.</summary>
    public long Count { get; private set; }

    /// <summary>The buffer the decoder fills next (owned by the decoder until <see cref="Publish"/>).</summary>
    public Memory<byte> BackBuffer => _back;

    /// <summary>Makes the back buffer the current picture.</summary>
    public void Publish()
    {
        lock (_gate)
        {
            (_front, _back) = (_back, _front);
            _hasPicture = true;
            Count++;
        }
    }

    /// <summary>Forgets the current picture (the decoder restarted); the tile shows its placeholder.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _hasPicture = false;
        }
    }

    /// <summary>
    /// Draws the current picture into <paramref name="target"/>: <see cref="TileFit.Contain"/> fitted
    /// whole, centred; <see cref="TileFit.Cover"/> filling it, the picture's centre cropped to the
    /// target's aspect. False when there is no picture.
    /// </summary>
    public bool DrawInto(I420Image canvas, PixelRect target, I420Scaler scaler, TileFit fit = TileFit.Contain)
    {
        lock (_gate)
        {
            if (!_hasPicture)
            {
                return false;
            }

            // A picture decoded at the size its tile asked for (VideoDecoder) lands on exactly the
            // target, so it is copied, not rescaled: contain fits by the source's aspect as the decoder
            // did; cover crops the covering picture to the target's aspect.
            var whole = new PixelRect(0, 0, Width, Height);
            if (fit == TileFit.Cover)
            {
                var even = target.ToEven();
                scaler.Scale(_front, Width, Height, whole.Fit(even.Width, even.Height), canvas, even);
            }
            else
            {
                scaler.Scale(_front, Width, Height, whole, canvas, target.Fit(SourceWidth, SourceHeight));
            }

            return true;
        }
    }
}
