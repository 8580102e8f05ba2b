namespace LiveServer.Storage.Sqlite;

/// <summary>The store's reads of gifts.</summary>
public sealed partial class SqliteLiveStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredGiftTotal>> LoadGiftTotalsAsync(string roomId, CancellationToken cancellationToken) =>
        await QueryAsync(
            """
            SELECT g.to_id, SUM(g.value) AS total, COUNT(*),
                   (SELECT n.to_name FROM gifts n WHERE n.room_id = g.room_id AND n.to_id = g.to_id AND n.to_name IS NOT NULL
                    ORDER BY n.at DESC LIMIT 1)
            FROM gifts g WHERE g.room_id = $room GROUP BY g.to_id ORDER BY total DESC, g.to_id;
            """,
            c => c.Add("$room", roomId),
            r => new StoredGiftTotal(r.GetString(0), r.ReadOptionalString(3), r.GetInt64(1), r.GetInt64(2)),
            cancellationToken).ConfigureAwait(false);
}
