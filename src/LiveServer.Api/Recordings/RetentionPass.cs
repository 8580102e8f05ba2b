namespace LiveServer.Api.Recordings;

/// <summary>What one retention pass removed.</summary>
/// <param name="At">When it ran.</param>
/// <param name="EndedBefore">What ended before this was removed (<c>At − Storage:Retention</c>).</param>
/// <param name="Recordings">Recordings deleted (files and rows).</param>
/// <param name="LivestreamFolders">Livestream folders deleted.</param>
/// <param name="Bytes">Bytes freed.</param>
public sealed record RetentionPass(DateTimeOffset At, DateTimeOffset EndedBefore, int Recordings, int LivestreamFolders, long Bytes);
