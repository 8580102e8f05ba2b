namespace LiveServer.HubLoad;

/// <summary>What the senders sent and how the server answered.</summary>
/// <param name="Seconds">How long the senders sent.</param>
/// <param name="ReactionsSent">React calls made.</param>
/// <param name="ReactionsSkipped">Reactions not sent because this process was more than 100 ms behind its schedule (no core).</param>
/// <param name="ReactionsAccepted">Of those, answered without error: counted by the server.</param>
/// <param name="ReactionsRefused">Refused with a HubException (rate limit, …).</param>
/// <param name="ReactionsFailed">Failed otherwise (connection, timeout) or unanswered.</param>
/// <param name="ChatSent">Publish calls made (message numbers 0 … ChatSent − 1).</param>
/// <param name="ChatSkipped">Chat messages not sent for the same reason.</param>
/// <param name="ChatAccepted">Of those, answered with the published message.</param>
/// <param name="ChatOk">Per message number: accepted.</param>
/// <param name="ChatSentTicks">Per message number: the sender's stamp.</param>
/// <param name="ChatAtTicks">Per message number: the server's <c>at</c>, from the answer to Publish (0: none).</param>
/// <param name="Refusals">The first distinct refusals or failures.</param>
internal sealed record SendOutcome(
    double Seconds,
    long ReactionsSent,
    long ReactionsSkipped,
    long ReactionsAccepted,
    long ReactionsRefused,
    long ReactionsFailed,
    int ChatSent,
    long ChatSkipped,
    int ChatAccepted,
    IReadOnlyList<bool> ChatOk,
    IReadOnlyList<long> ChatSentTicks,
    IReadOnlyList<long> ChatAtTicks,
    IReadOnlyList<string> Refusals)
{
    public long ReactionsUnanswered => ReactionsSent - ReactionsAccepted - ReactionsRefused - ReactionsFailed;
}
