namespace LiveServer.Api.Livestreams;

/// <summary>Body of <c>POST /v2/hls/end</c>.</summary>
/// <param name="RoomId">The room whose livestream ends.</param>
public sealed record EndHlsRequest(string? RoomId);
