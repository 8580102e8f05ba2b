namespace LiveServer.Api.Livestreams;

/// <summary>Body of <c>POST /v2/hls/capture</c>.</summary>
/// <param name="RoomId">The room whose running livestream is captured.</param>
/// <param name="Format"><c>png</c> (default) or <c>jpeg</c>.</param>
/// <param name="Width">Image width, 16–3840; with only one of width and height the other keeps the aspect ratio.</param>
/// <param name="Height">Image height, 16–3840.</param>
public sealed record CaptureRequest(string? RoomId, string? Format = null, int? Width = null, int? Height = null);
