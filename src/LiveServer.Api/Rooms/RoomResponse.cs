namespace LiveServer.Api.Rooms;

/// <summary>A room.</summary>
/// <param name="RoomId">The room's id.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Participants">How many participants are in it.</param>
/// <param name="ViewerCount">Distinct clients watching: on the hub, or playing its HLS (last 10 s).</param>
public sealed record RoomResponse(string RoomId, DateTimeOffset CreatedAt, int Participants, int ViewerCount);
