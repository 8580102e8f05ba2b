using LiveServer.Api.Hosting;
using LiveServer.Api.Interactive;
using LiveServer.Api.Participants;
using LiveServer.Domain.Rooms;
using LiveServer.Media.Ffmpeg;
using LiveServer.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Rooms;

/// <summary>Rooms, participants and pins under <c>/v2/rooms</c>.</summary>
public static class RoomsApi
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapRoomsApi(this IEndpointRouteBuilder app)
    {
        var rooms = app.MapGroup("/v2/rooms").WithTags("Rooms");
        rooms.MapPost("/", CreateRoomAsync);
        rooms.MapGet("/{roomId}", GetRoom);
        rooms.MapGet("/{roomId}/participants", GetParticipants);
        rooms.MapPost("/{roomId}/test-participants", AddTestParticipant);
        rooms.MapDelete("/{roomId}/participants/{participantId}", RemoveParticipant);
        rooms.MapPost("/{roomId}/participants/{participantId}/pin", Pin);
        rooms.MapDelete("/{roomId}/participants/{participantId}/pin", Unpin);
        return app;
    }

    /// <summary>Creates a room, unless the server already holds <c>Limits:MaxRooms</c>.</summary>
    public static async Task<Results<Created<RoomResponse>, ValidationProblem, ProblemHttpResult>> CreateRoomAsync(
        CreateRoomRequest? request, RoomRegistry rooms, RoomNotifier notifier, StoreWriter writer, IOptions<LimitsOptions> limits)
    {
        RoomCreation creation;
        lock (rooms)
        {
            var max = limits.Value.MaxRooms;
            if (rooms.Rooms.Count >= max)
            {
                return Problems.Conflict("Limits:MaxRooms", $"The server already holds its maximum of {max} rooms (Limits:MaxRooms).");
            }

            creation = rooms.Create(request?.CustomRoomId);
        }

        if (creation.Room is not { } room)
        {
            return creation.IsConflict
                ? Problems.Conflict("customRoomId", creation.Error!)
                : Problems.Invalid(new Dictionary<string, string[]> { ["customRoomId"] = [creation.Error!] });
        }

        notifier.Watch(room);
        await writer.WriteAsync(new StoreWrite.SaveRoom(new StoredRoom(room.Id, room.CreatedAt, 0))).ConfigureAwait(false);
        return TypedResults.Created($"/v2/rooms/{room.Id}", new RoomResponse(room.Id, room.CreatedAt, 0, 0));
    }

    /// <summary>Describes a room.</summary>
    public static Results<Ok<RoomResponse>, ProblemHttpResult> GetRoom(string roomId, RoomRegistry rooms, ViewerCounter viewers) =>
        rooms.Find(roomId) is { } room
            ? TypedResults.Ok(new RoomResponse(room.Id, room.CreatedAt, room.Participants.Count, viewers.Count(room.Id).Count))
            : UnknownRoom(roomId);

    /// <summary>Lists a room's participants with their tracks' counters.</summary>
    public static Results<Ok<ParticipantResponse[]>, ProblemHttpResult> GetParticipants(string roomId, RoomRegistry rooms)
    {
        if (rooms.Find(roomId) is not { } room)
        {
            return UnknownRoom(roomId);
        }

        var pins = room.Pins;
        return TypedResults.Ok(room.Participants.Select(p => ParticipantResponse.From(p, pins.Contains(p.Id))).ToArray());
    }

    /// <summary>Adds a synthetic host (test picture and tone), unless the room holds <c>Limits:MaxParticipantsPerRoom</c>.</summary>
    public static async Task<Results<Created<ParticipantResponse>, ValidationProblem, ProblemHttpResult>> AddTestParticipant(
        string roomId,
        CreateTestParticipantRequest request,
        RoomRegistry rooms,
        TestParticipantFactory factory,
        FfmpegInstallation ffmpeg,
        IOptions<LimitsOptions> limits)
    {
        if (rooms.Find(roomId) is not { } room)
        {
            return UnknownRoom(roomId);
        }

        var errors = TestParticipantFactory.Validate(request);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (!ffmpeg.IsAvailable)
        {
            return Problems.Unavailable(FfmpegInstallation.MissingMessage);
        }

        // Checked before a source is started (a full room costs no FFmpeg), and again as the participant is added.
        var max = limits.Value.MaxParticipantsPerRoom;
        if (room.Participants.Count >= max)
        {
            return RoomFull(room, max);
        }

        var participant = factory.Create(request);
        if (!room.TryAdd(participant, max))
        {
            await participant.DisposeAsync().ConfigureAwait(false);
            return RoomFull(room, max);
        }

        return TypedResults.Created(
            $"/v2/rooms/{room.Id}/participants/{participant.Id}", ParticipantResponse.From(participant, pinned: false));
    }

    /// <summary>Removes a participant and stops its source.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveParticipant(string roomId, string participantId, RoomRegistry rooms)
    {
        if (rooms.Find(roomId) is not { } room)
        {
            return UnknownRoom(roomId);
        }

        if (room.Remove(participantId) is not { } participant)
        {
            return UnknownParticipant(participantId);
        }

        await participant.DisposeAsync().ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    /// <summary>Pins a participant (PIN priority shows pinned participants first).</summary>
    public static Results<NoContent, ProblemHttpResult> Pin(string roomId, string participantId, RoomRegistry rooms) =>
        rooms.Find(roomId) is not { } room ? UnknownRoom(roomId)
        : room.Pin(participantId) ? TypedResults.NoContent()
        : UnknownParticipant(participantId);

    /// <summary>Unpins a participant.</summary>
    public static Results<NoContent, ProblemHttpResult> Unpin(string roomId, string participantId, RoomRegistry rooms) =>
        rooms.Find(roomId) is not { } room ? UnknownRoom(roomId)
        : room.Unpin(participantId) ? TypedResults.NoContent()
        : Problems.NotFound("participantId", $"Participant '{participantId}' is not pinned in room '{roomId}'.");

    private static ProblemHttpResult RoomFull(Room room, int max) =>
        Problems.Conflict("Limits:MaxParticipantsPerRoom", $"Room '{room.Id}' is full: it holds {max} participants (Limits:MaxParticipantsPerRoom).");

    private static ProblemHttpResult UnknownRoom(string roomId) => Problems.NotFound("roomId", $"Room '{roomId}' does not exist.");

    private static ProblemHttpResult UnknownParticipant(string participantId) =>
        Problems.NotFound("participantId", $"Participant '{participantId}' is not in this room.");
}
