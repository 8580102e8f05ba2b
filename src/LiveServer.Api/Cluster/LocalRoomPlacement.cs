namespace LiveServer.Api.Cluster;

/// <summary>One node: every room lives here.</summary>
public sealed class LocalRoomPlacement : IRoomPlacement
{
    private static readonly RoomOwner Here = new("local", new Uri("http://localhost/"), IsLocal: true);

    /// <inheritdoc />
    public bool IsClustered => false;

    /// <inheritdoc />
    public string NodeId => Here.NodeId;

    /// <inheritdoc />
    public ValueTask<RoomOwner?> FindOwnerAsync(string roomId, bool claim, CancellationToken cancellationToken) => ValueTask.FromResult<RoomOwner?>(Here);

    /// <inheritdoc />
    public ValueTask<RoomOwner> ChooseNodeForNewRoomAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Here);

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string roomId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
