namespace LiveServer.Api.Interactive;

/// <summary>
/// One poll's live state: its counts and who voted. Guarded by its room's lock in <see cref="PollService"/>.
/// </summary>
internal sealed class PollState(
    string id, string roomId, string question, IReadOnlyList<PollOption> options, DateTimeOffset createdAt, DateTimeOffset? closesAt)
{
    public string Id { get; } = id;

    public string RoomId { get; } = roomId;

    public string Question { get; } = question;

    public IReadOnlyList<PollOption> Options { get; } = options;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset? ClosesAt { get; } = closesAt;

    public DateTimeOffset? ClosedAt { get; set; }

    public bool IsOpen => ClosedAt is null;

    /// <summary>True when a vote arrived since the last <c>pollUpdated</c>.</summary>
    public bool Changed { get; set; }

    /// <summary>The timer that ends it when its duration is over.</summary>
    public ITimer? Timer { get; set; }

    public Dictionary<string, long> Counts { get; } = options.ToDictionary(o => o.Id, _ => 0L, StringComparer.Ordinal);

    public HashSet<string> Voters { get; } = new(StringComparer.Ordinal);

    public long Total => Voters.Count;

    public Dictionary<string, long> CountsCopy() => new(Counts, StringComparer.Ordinal);

    public PollView View() => new(
        Id, RoomId, Question, Options, IsOpen ? "open" : "closed", CountsCopy(), Total, CreatedAt, ClosesAt, ClosedAt);
}
