namespace LiveServer.Api.Rooms;

/// <summary>Body of <c>POST /v2/rooms</c>.</summary>
/// <param name="CustomRoomId">An id of the caller's choosing (letters, digits, '-', '_'); generated when absent.</param>
public sealed record CreateRoomRequest(string? CustomRoomId = null);
