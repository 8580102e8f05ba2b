using LiveServer.Api.Livestreams;
using LiveServer.Domain.Rooms;

namespace LiveServer.Api.Hosting;

/// <summary>
/// On Ctrl-C or SIGTERM: ends every running livestream the normal way (the playlists get ENDLIST),
/// then stops every participant's source, so no FFmpeg child outlives the server.
/// </summary>
public sealed class ShutdownService(LivestreamService livestreams, RoomRegistry rooms, ILogger<ShutdownService> logger) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await livestreams.EndAllAsync(cancellationToken).ConfigureAwait(false);
        var participants = rooms.Rooms.SelectMany(r => r.Participants.Select(p => (Room: r, Participant: p))).ToList();
        foreach (var (room, participant) in participants)
        {
            room.Remove(participant.Id);
            await participant.DisposeAsync().ConfigureAwait(false);
        }

        logger.LogInformation("Shut down: livestreams ended, {Count} participants stopped", participants.Count);
    }
}
