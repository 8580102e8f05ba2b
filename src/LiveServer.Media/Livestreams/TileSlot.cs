namespace LiveServer.Media.Livestreams;

/// <summary>One tile of the layout: whose picture, and whether it is their screen share or their camera.</summary>
/// <param name="ParticipantId">The participant shown.</param>
/// <param name="IsScreenShare">True for the participant's screen share, false for their camera.</param>
public readonly record struct TileSlot(string ParticipantId, bool IsScreenShare);
