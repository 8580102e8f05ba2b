namespace LiveServer.Media.Cmaf;

/// <summary>One track of a fragmented MP4's movie box, with the defaults its fragments lean on.</summary>
/// <param name="TrackId">tkhd track_ID.</param>
/// <param name="IsVideo">True for a 'vide' handler, false for 'soun' (other handlers are not kept).</param>
/// <param name="Timescale">mdhd timescale: units per second of every time in this track.</param>
/// <param name="Codec">The RFC 6381 codecs value: <c>avc1.4d401f</c>, <c>mp4a.40.2</c>.</param>
/// <param name="DefaultSampleDuration">trex default_sample_duration.</param>
/// <param name="DefaultSampleFlags">trex default_sample_flags.</param>
public sealed record CmafTrack(uint TrackId, bool IsVideo, uint Timescale, string Codec, uint DefaultSampleDuration, uint DefaultSampleFlags);
