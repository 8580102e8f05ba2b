namespace LiveServer.Api.Livestreams;

/// <summary>One status change of a livestream (<c>GET /v2/hls/{id}/status-changes</c>).</summary>
/// <param name="Status">The status it moved to, e.g. <c>HLS_PLAYABLE</c>.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why it failed, with HLS_FAILED.</param>
public sealed record StatusChangeResponse(string Status, DateTimeOffset At, string? Reason);
