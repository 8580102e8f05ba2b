using LiveServer.WebRtc.Sessions;

namespace LiveServer.Api.Ingest;

/// <summary>A WHIP session: the WebRTC peer and the room participant it feeds.</summary>
/// <param name="Id">The session URL's id.</param>
/// <param name="RoomId">The room published into.</param>
/// <param name="ParticipantId">The participant it created.</param>
/// <param name="Peer">The WebRTC session.</param>
/// <param name="ETag">The entity tag of the ICE session (RFC 9725 section 4.3).</param>
/// <param name="Client">The address of the client that opened it (for <c>Limits:MaxWhipSessionsPerClient</c>).</param>
public sealed record WhipSession(string Id, string RoomId, string ParticipantId, PeerSession Peer, string ETag, string Client);
