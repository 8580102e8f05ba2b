using System.Globalization;

namespace LiveServer.Hls.Origin;

/// <summary>What the multivariant playlist says of one rendition, and the names of its files.</summary>
/// <param name="Name">File name prefix: <c>720p</c>, <c>audio</c> (lower-case letters and digits).</param>
/// <param name="Width">Picture width; 0 for audio only.</param>
/// <param name="Height">Picture height; 0 for audio only.</param>
/// <param name="FrameRate">Frames per second; 0 for audio only.</param>
/// <param name="AverageBandwidth">Target bits per second of video and audio (AVERAGE-BANDWIDTH).</param>
/// <param name="PeakBandwidth">The most bits per second a segment may carry (BANDWIDTH).</param>
public sealed record HlsRendition(string Name, int Width, int Height, int FrameRate, long AverageBandwidth, long PeakBandwidth)
{
    /// <summary>True for an audio-only rendition.</summary>
    public bool AudioOnly => Width == 0;

    /// <summary>The DVR media playlist (EVENT, then VOD).</summary>
    public string DvrPlaylist => $"{Name}.m3u8";

    /// <summary>The live media playlist (sliding window).</summary>
    public string LivePlaylist => $"{Name}_live.m3u8";

    /// <summary>The initialization section of encoder number <paramref name="generation"/> (0, then one more per restart).</summary>
    public string InitFile(int generation) => string.Create(CultureInfo.InvariantCulture, $"{Name}_init{generation}.mp4");

    /// <summary>The file of segment <paramref name="sequence"/>.</summary>
    public string SegmentFile(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{Name}_{sequence:D5}.m4s");

    /// <summary>The file of part <paramref name="part"/> of segment <paramref name="sequence"/> (served from memory only).</summary>
    public string PartFile(long sequence, int part) => string.Create(CultureInfo.InvariantCulture, $"{Name}_{sequence:D5}_{part}.m4s");

    /// <summary>Reads a part file name of this rendition (<see cref="PartFile"/>); false for any other name.</summary>
    public bool TryParsePart(string fileName, out long sequence, out int part)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        sequence = 0;
        part = 0;
        var rest = fileName.AsSpan();
        if (!rest.StartsWith(Name + "_", StringComparison.Ordinal) || !rest.EndsWith(".m4s", StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[(Name.Length + 1)..^4];
        var split = rest.IndexOf('_');
        return split > 0
            && long.TryParse(rest[..split], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            && int.TryParse(rest[(split + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out part)
            && fileName == PartFile(sequence, part);
    }
}
