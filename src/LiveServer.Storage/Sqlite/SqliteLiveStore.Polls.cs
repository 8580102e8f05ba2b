namespace LiveServer.Storage.Sqlite;

/// <summary>The store's reads of polls.</summary>
public sealed partial class SqliteLiveStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredPoll>> LoadPollsAsync(string roomId, CancellationToken cancellationToken)
    {
        var options = await QueryAsync(
            """
            SELECT o.poll_id, o.option_id, o.text FROM poll_options o JOIN polls p ON p.id = o.poll_id
            WHERE p.room_id = $room ORDER BY o.poll_id, o.position;
            """,
            c => c.Add("$room", roomId),
            r => (PollId: r.GetString(0), Option: new StoredPollOption(r.GetString(1), r.GetString(2))),
            cancellationToken).ConfigureAwait(false);
        var byPoll = options.ToLookup(o => o.PollId, o => o.Option, StringComparer.Ordinal);
        return await QueryAsync(
            "SELECT id, room_id, question, status, created_at, closes_at, closed_at FROM polls WHERE room_id = $room ORDER BY created_at, id;",
            c => c.Add("$room", roomId),
            r => new StoredPoll(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.ReadTime(4), r.ReadOptionalTime(5), r.ReadOptionalTime(6),
                [.. byPoll[r.GetString(0)]]),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredPollVote>> LoadPollVotesAsync(string roomId, CancellationToken cancellationToken) =>
        await QueryAsync(
            """
            SELECT v.poll_id, v.voter_id, v.option_id, v.voted_at FROM poll_votes v JOIN polls p ON p.id = v.poll_id
            WHERE p.room_id = $room;
            """,
            c => c.Add("$room", roomId),
            r => new StoredPollVote(r.GetString(0), r.GetString(1), r.GetString(2), r.ReadTime(3)),
            cancellationToken).ConfigureAwait(false);
}
