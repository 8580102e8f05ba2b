namespace LiveServer.Api.Interactive;

/// <summary>The options of the hub's <c>Publish</c>.</summary>
/// <param name="Persist">True: the message is kept and <c>GET /v2/rooms/{roomId}/pubsub/{topic}</c> lists it.</param>
public sealed record PublishOptions(bool Persist = false);
