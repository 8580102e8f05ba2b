namespace LiveServer.Hls.Playlists;

/// <summary>EXT-X-RENDITION-REPORT: where a sibling rendition's playlist stands.</summary>
/// <param name="Uri">The sibling's media playlist of the same kind.</param>
/// <param name="LastSequence">LAST-MSN: its last segment (the open one, once it has a part).</param>
/// <param name="LastPart">LAST-PART: the last part of that segment.</param>
public sealed record RenditionReport(string Uri, long LastSequence, int LastPart);
