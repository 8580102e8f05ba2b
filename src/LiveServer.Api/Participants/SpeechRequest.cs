namespace LiveServer.Api.Participants;

/// <summary>
/// The <c>speech</c> part of a test participant request: the tone plays for <c>talkMs</c>, then
/// encoded silence for <c>silenceMs</c>, repeating; the first talk period starts <c>offsetMs</c> after
/// the participant was created.
/// </summary>
/// <param name="TalkMs">Length of a talk period, 0–600000 ms (required).</param>
/// <param name="SilenceMs">Length of a silent period, 0–600000 ms (required); the two together more than 0.</param>
/// <param name="OffsetMs">Start of the first talk period, 0–600000 ms (default 0).</param>
public sealed record SpeechRequest(int? TalkMs, int? SilenceMs, int? OffsetMs = null);
