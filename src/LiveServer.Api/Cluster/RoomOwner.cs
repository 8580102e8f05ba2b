namespace LiveServer.Api.Cluster;

/// <summary>The node a room lives on: its id, the base URL other nodes reach it at, and whether it is this node.</summary>
public sealed record RoomOwner(string NodeId, Uri BaseUrl, bool IsLocal);
