using System.Security.Claims;
using System.Text;
using LiveServer.Api.Auth;
using LiveServer.Api.Hosting;
using LiveServer.Api.Interactive;
using LiveServer.Domain.Rooms;
using LiveServer.WebRtc.Sessions;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Ingest;

/// <summary>
/// WebRTC-HTTP Ingestion Protocol (WHIP, RFC 9725): <c>POST /v2/rooms/{roomId}/whip</c> with an SDP
/// offer creates a session (201, SDP answer, <c>Location</c> of the session, <c>ETag</c>);
/// <c>DELETE</c> on the session URL ends it; <c>OPTIONS</c> answers CORS preflights with
/// <c>Accept-Post</c>; <c>PATCH</c> takes trickle ICE fragments (section 4.3): the server is ICE-lite
/// and needs no remote candidates, so trickle is accepted (204) and an ICE restart, which it does not
/// support, is refused (422). Media then flows on the one UDP port. Section 4.5: the POST needs a
/// bearer token with role <c>rtc</c> and <c>allow_join</c> for the room (a token naming a
/// <c>participantId</c> publishes as that participant); DELETE and PATCH need a token allowed for the
/// session's room and participant.
/// </summary>
public static class WhipApi
{
    private const string SdpType = "application/sdp";
    private const string TrickleType = "application/trickle-ice-sdpfrag";
    private const string ExposedHeaders = "Location, ETag, Link, Accept-Post, Accept-Patch";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapWhipApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/v2/rooms/{roomId}/whip", ["OPTIONS"], Preflight).ExcludeFromDescription();
        app.MapMethods("/v2/whip/sessions/{sessionId}", ["OPTIONS"], Preflight).ExcludeFromDescription();
        app.MapPost("/v2/rooms/{roomId}/whip", CreateSessionAsync).WithTags("Ingest").Produces<string>(201, SdpType)
            .RequireAuthorization(AuthPolicies.Publish).RequireRateLimiting(RequestLimits.WhipPolicy);
        app.MapDelete("/v2/whip/sessions/{sessionId}", DeleteSessionAsync).WithTags("Ingest")
            .RequireAuthorization(AuthPolicies.AnyToken).RequireRateLimiting(RequestLimits.WhipPolicy);
        app.MapPatch("/v2/whip/sessions/{sessionId}", PatchSession).WithTags("Ingest")
            .RequireAuthorization(AuthPolicies.AnyToken).RequireRateLimiting(RequestLimits.WhipPolicy);
        return app;
    }

    private static IResult Preflight(HttpResponse response)
    {
        AddCors(response);
        response.Headers["Accept-Post"] = SdpType;
        response.Headers["Accept-Patch"] = TrickleType;
        response.Headers.AccessControlAllowMethods = "POST, PATCH, DELETE, OPTIONS";
        response.Headers.AccessControlAllowHeaders = "Content-Type, Authorization, If-Match";
        response.Headers.AccessControlMaxAge = "86400";
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateSessionAsync(
        string roomId,
        string? name,
        HttpContext context,
        HttpRequest request,
        HttpResponse response,
        RoomRegistry rooms,
        WebRtcIngest ingest,
        WhipSessionRegistry sessions,
        WebRtcParticipantFactory participants,
        IOptions<WebRtcOptions> options,
        IOptions<LimitsOptions> limitOptions,
        RoomBans bans,
        StageService stage,
        CancellationToken cancellationToken)
    {
        AddCors(response);
        if (!IsContentType(request, SdpType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Content-Type", "A WHIP offer must be sent as application/sdp.");
        }

        if (rooms.Find(roomId) is not { } room)
        {
            return Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");
        }

        var displayName = string.IsNullOrWhiteSpace(name) ? "Guest" : name.Trim();
        if (displayName.Length > 64 || displayName.Any(char.IsControl))
        {
            return Problems.Invalid(new Dictionary<string, string[]> { ["name"] = ["name must be 1 to 64 printable characters."] });
        }

        if (ingest.Endpoint is not { } endpoint)
        {
            return Problems.Unavailable(ingest.BindError ?? "WebRTC ingest is not running.");
        }

        var limits = limitOptions.Value;
        var offer = await ReadBodyAsync(request, limits.MaxRequestBodySize, cancellationToken).ConfigureAwait(false);
        if (offer is null)
        {
            return Problem(
                StatusCodes.Status413PayloadTooLarge, "body", $"The SDP offer is larger than {limits.MaxRequestBodySize} bytes (Limits:MaxRequestBodySize).");
        }

        // Checked last before joining, so a ban that lands while the offer is read is still seen.
        if (await bans.RefusesAsync(roomId, context.User, cancellationToken).ConfigureAwait(false))
        {
            return Problem(StatusCodes.Status403Forbidden, "token", $"This participant is banned from room '{roomId}'.");
        }

        if (stage.RefusesPublishing(roomId, context.User))
        {
            return Problem(
                StatusCodes.Status403Forbidden, "token", $"This participant was removed from the stage of room '{roomId}'; it needs a token issued since, or a new invite.");
        }

        var client = RequestLimits.ClientOf(context);
        var participantId = context.User.RestrictedParticipant();
        PeerSession refused;
        lock (sessions)
        {
            if (LimitReached(room, participantId, client, sessions, limits) is { } refusal)
            {
                return refusal;
            }

            var accepted = endpoint.Accept(offer);
            if (accepted.Session is not { } peer || accepted.AnswerSdp is not { } answer)
            {
                return Problem(StatusCodes.Status400BadRequest, "body", $"The SDP offer was refused: {accepted.Error}");
            }

            var etag = $"\"{Guid.NewGuid():N}\"";
            var participant = participants.Join(room, peer, displayName, limits.MaxParticipantsPerRoom, () => sessions.Remove(peer.Id), participantId);
            if (participant is not null)
            {
                sessions.Add(new WhipSession(peer.Id, room.Id, participant.Id, peer, etag, client));
                response.Headers.Location = $"/v2/whip/sessions/{peer.Id}";
                response.Headers.ETag = etag;
                foreach (var server in options.Value.IceServers)
                {
                    response.Headers.Append("Link", IceServerLink(server));
                }

                return Results.Text(answer, SdpType, Encoding.UTF8, StatusCodes.Status201Created);
            }

            // A test participant took the last place (or the id) since the check above.
            refused = peer;
        }

        await refused.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        return LimitReached(room, participantId, client, sessions, limits) ?? RoomFull(room, limits);
    }

    private static IResult? LimitReached(Room room, string? participantId, string client, WhipSessionRegistry sessions, LimitsOptions limits)
    {
        if (participantId is not null && room.FindParticipant(participantId) is not null)
        {
            return Problem(StatusCodes.Status409Conflict, "participantId", $"Participant '{participantId}' is already in room '{room.Id}'.");
        }

        if (room.Participants.Count >= limits.MaxParticipantsPerRoom)
        {
            return RoomFull(room, limits);
        }

        if (sessions.CountFrom(client) >= limits.MaxWhipSessionsPerClient)
        {
            return Problem(
                StatusCodes.Status429TooManyRequests,
                "Limits:MaxWhipSessionsPerClient",
                $"This client already has {limits.MaxWhipSessionsPerClient} open WHIP sessions (Limits:MaxWhipSessionsPerClient).");
        }

        return null;
    }

    private static IResult RoomFull(Room room, LimitsOptions limits) =>
        Problem(
            StatusCodes.Status409Conflict,
            "Limits:MaxParticipantsPerRoom",
            $"Room '{room.Id}' is full: it holds {limits.MaxParticipantsPerRoom} participants (Limits:MaxParticipantsPerRoom).");

    /// <summary>403 unless the caller's token is allowed for the session's room and participant.</summary>
    private static IResult? Unless(ClaimsPrincipal user, WhipSession session) =>
        user.AllowsRoom(session.RoomId) && user.AllowsParticipant(session.ParticipantId) ? null : TypedResults.Forbid();

    private static async Task<IResult> DeleteSessionAsync(string sessionId, ClaimsPrincipal user, HttpResponse response, WhipSessionRegistry sessions)
    {
        AddCors(response);
        if (sessions.Find(sessionId) is not { } session)
        {
            return Problems.NotFound("sessionId", "No such WHIP session.");
        }

        if (Unless(user, session) is { } forbidden)
        {
            return forbidden;
        }

        sessions.Remove(sessionId);
        await session.Peer.CloseAsync().ConfigureAwait(false);
        return TypedResults.Ok();
    }

    private static IResult PatchSession(string sessionId, ClaimsPrincipal user, HttpRequest request, HttpResponse response, WhipSessionRegistry sessions)
    {
        AddCors(response);
        if (sessions.Find(sessionId) is not { } session)
        {
            return Problems.NotFound("sessionId", "No such WHIP session.");
        }

        if (Unless(user, session) is { } forbidden)
        {
            return forbidden;
        }

        if (!IsContentType(request, TrickleType))
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "Content-Type", $"A WHIP PATCH must be sent as {TrickleType}.");
        }

        var ifMatch = request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != session.ETag)
        {
            return Problem(StatusCodes.Status412PreconditionFailed, "If-Match", "The entity tag does not match the ICE session.");
        }

        // RFC 9725 section 4.3.2: an ICE restart is a PATCH with If-Match "*" and new credentials.
        if (ifMatch == "*")
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "body", "ICE restarts are not supported; start a new WHIP session.");
        }

        // ICE-lite: the server answers the client's checks and needs none of its candidates.
        return TypedResults.NoContent();
    }

    private static bool IsContentType(HttpRequest request, string type) =>
        request.ContentType?.Split(';')[0].Trim().Equals(type, StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<string?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[limit + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return read > limit ? null : new string(buffer, 0, read);
    }

    private static void AddCors(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = ExposedHeaders;
    }

    private static string IceServerLink(IceServerOptions server)
    {
        var link = $"<{server.Url}>; rel=\"ice-server\"";
        if (server.Username is not null)
        {
            link += $"; username=\"{server.Username}\"; credential=\"{server.Credential}\"; credential-type=\"password\"";
        }

        return link;
    }

    private static IResult Problem(int status, string field, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: "The WHIP request was refused.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });
}
