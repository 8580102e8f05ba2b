using LiveServer.Domain.Livestreams;

namespace LiveServer.Media.Encoding;

/// <summary>What one encoder process makes.</summary>
/// <param name="FfmpegPath">The ffmpeg binary.</param>
/// <param name="Ladder">The renditions, the compositor's canvas first.</param>
/// <param name="SegmentDuration">Segment length: the keyframe interval.</param>
/// <param name="PartDuration">Requested LL-HLS part length.</param>
/// <param name="Preset">The x264 preset.</param>
/// <param name="Label">Names the encoder in its arguments (the livestream id), for the process list.</param>
public sealed record EncoderSettings(string FfmpegPath, IReadOnlyList<Rendition> Ladder, TimeSpan SegmentDuration, TimeSpan PartDuration, string Preset, string? Label = null);
