namespace LiveServer.Storage.Sqlite;

/// <summary>The store's reads of the Q&amp;A.</summary>
public sealed partial class SqliteLiveStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredQuestion>> LoadQuestionsAsync(string roomId, CancellationToken cancellationToken) =>
        await QueryAsync(
            """
            SELECT id, room_id, text, asker_id, asker_name, status, asked_at, answered_at, answer, hidden_at
            FROM questions WHERE room_id = $room ORDER BY asked_at, id;
            """,
            c => c.Add("$room", roomId),
            r => new StoredQuestion(
                r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.ReadTime(6),
                r.ReadOptionalTime(7), r.ReadOptionalString(8), r.ReadOptionalTime(9)),
            cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredQuestionUpvote>> LoadQuestionUpvotesAsync(string roomId, CancellationToken cancellationToken) =>
        await QueryAsync(
            """
            SELECT u.question_id, u.voter_id, u.upvoted_at FROM question_upvotes u JOIN questions q ON q.id = u.question_id
            WHERE q.room_id = $room;
            """,
            c => c.Add("$room", roomId),
            r => new StoredQuestionUpvote(r.GetString(0), r.GetString(1), r.ReadTime(2)),
            cancellationToken).ConfigureAwait(false);
}
