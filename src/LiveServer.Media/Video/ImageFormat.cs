namespace LiveServer.Media.Video;

/// <summary>The file format of a still image (a thumbnail of the livestream).</summary>
public enum ImageFormat
{
    /// <summary>PNG: lossless.</summary>
    Png,

    /// <summary>JPEG: lossy, smaller.</summary>
    Jpeg,
}
