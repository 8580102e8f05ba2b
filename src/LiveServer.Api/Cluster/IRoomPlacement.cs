namespace LiveServer.Api.Cluster;

/// <summary>
/// Which node a room lives on. One node (no <c>Cluster:Redis</c>): always this one
/// (<see cref="LocalRoomPlacement"/>). In a cluster the owner holds a lease in Redis; a room nobody
/// holds is claimed by the node that asks first (a room being created goes to the node with the most
/// free capacity, <see cref="ChooseNodeForNewRoomAsync"/>).
/// </summary>
public interface IRoomPlacement
{
    /// <summary>True when several nodes share the rooms (<c>Cluster:Redis</c> is set).</summary>
    bool IsClustered { get; }

    /// <summary>This node's id (<c>Cluster:NodeId</c>, or a generated one; "local" on one node).</summary>
    string NodeId { get; }

    /// <summary>
    /// The room's owner; when nobody holds it and <paramref name="claim"/> is true, this node claims
    /// it and is answered. Null when nobody holds it and <paramref name="claim"/> is false.
    /// </summary>
    ValueTask<RoomOwner?> FindOwnerAsync(string roomId, bool claim, CancellationToken cancellationToken);

    /// <summary>The node a new room should be created on (this node on one node; the live, non-draining node with the most free capacity in a cluster).</summary>
    ValueTask<RoomOwner> ChooseNodeForNewRoomAsync(CancellationToken cancellationToken);

    /// <summary>This node gives the room up (deleted, or handed back while draining).</summary>
    ValueTask ReleaseAsync(string roomId, CancellationToken cancellationToken);
}
