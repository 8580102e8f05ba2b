namespace LiveServer.Api.Interactive;

/// <summary>One question's live state: its status and who upvoted it. Guarded by its room's lock in <see cref="QuestionService"/>.</summary>
internal sealed class QuestionState(string id, string roomId, string text, string askerId, string askerName, DateTimeOffset askedAt, long order)
{
    public const string Open = "open";

    public const string Answered = "answered";

    public const string Hidden = "hidden";

    public string Id { get; } = id;

    public string RoomId { get; } = roomId;

    public string Text { get; } = text;

    public string AskerId { get; } = askerId;

    public string AskerName { get; } = askerName;

    public DateTimeOffset AskedAt { get; } = askedAt;

    /// <summary>Its place among the room's questions by asking time (breaks ties of equal times).</summary>
    public long Order { get; } = order;

    public string Status { get; set; } = Open;

    public DateTimeOffset? AnsweredAt { get; set; }

    public string? Answer { get; set; }

    /// <summary>True when an upvote arrived since the last <c>questionUpdated</c>.</summary>
    public bool Changed { get; set; }

    public HashSet<string> Upvoters { get; } = new(StringComparer.Ordinal);

    public QuestionView View() => new(Id, RoomId, Text, AskerId, AskerName, Upvoters.Count, Status, AskedAt, AnsweredAt, Answer);
}
