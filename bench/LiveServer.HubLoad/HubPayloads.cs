namespace LiveServer.HubLoad;

// The parts of the server's hub events the bench reads (the server's records have more; the JSON
// protocol skips what a type does not name). Kept small: every viewer deserializes every event.

/// <summary><c>pubsubMessage</c>: the text (carrying <see cref="ChatStamp"/>) and the server's stamp.</summary>
internal sealed record ChatPayload(string? Topic, string? Message, DateTimeOffset At);

/// <summary><c>reactions</c>: counts by type since the last push, and when the server counted them.</summary>
internal sealed record ReactionsPayload(Dictionary<string, long>? Counts, DateTimeOffset At);

/// <summary><c>pollUpdated</c>: the poll, its total and when the server counted it.</summary>
internal sealed record PollUpdatedPayload(string? PollId, long Total, DateTimeOffset At);
