namespace LiveServer.Media.Compositing;

/// <summary>
/// A poll as the overlay shows it at one moment: immutable, made by the audience side for every
/// change (opened, counts pushed, closed) and handed over whole through <see cref="OverlayState"/>.
/// </summary>
/// <param name="PollId">The poll.</param>
/// <param name="Question">Its question.</param>
/// <param name="Options">Its options' texts, in order.</param>
/// <param name="Votes">Votes per option, in the order of <paramref name="Options"/>.</param>
/// <param name="Total">All votes.</param>
/// <param name="OpenedAt">When it opened: of two open polls the newer is shown.</param>
/// <param name="ClosedAt">When it closed; the final result stays up for <see cref="OverlayLayer.PollLinger"/> after.</param>
public sealed record PollSnapshot(
    string PollId,
    string Question,
    IReadOnlyList<string> Options,
    IReadOnlyList<long> Votes,
    long Total,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt)
{
    /// <summary>True once the poll closed.</summary>
    public bool IsClosed => ClosedAt is not null;
}
