namespace LiveServer.Api.Rooms;

/// <summary>A room.</summary>
/// <param name="RoomId">The room's id.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Participants">How many participants are in it.</param>
public sealed record RoomResponse(string RoomId, DateTimeOffset CreatedAt, int Participants);
