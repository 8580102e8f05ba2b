namespace LiveServer.Api.Interactive;

/// <summary>One option of a poll.</summary>
/// <param name="Id">The option: <c>a</c>, <c>b</c>, … in order.</param>
/// <param name="Text">Its text.</param>
public sealed record PollOption(string Id, string Text);
