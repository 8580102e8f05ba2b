using LiveServer.Api.Livestreams;
using LiveServer.Api.Rooms;
using LiveServer.Domain.Livestreams;
using LiveServer.Domain.Rooms;
using LiveServer.Hls;
using LiveServer.Storage;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Storage;

/// <summary>
/// Runs first at startup: opens the database (a file that is not a readable database stops the
/// server with <see cref="StoreUnavailableException"/>), puts the stored rooms and livestreams back,
/// and closes what the previous process left open. A livestream that was running when the server
/// stopped unexpectedly gets its segments listed and its playlists ended
/// (<see cref="PlaylistRecovery"/>) and moves to HLS_FAILED, "server stopped unexpectedly", which is
/// announced and sent as webhooks like any failure; stays still open are closed.
/// </summary>
public sealed class StoreStartup(
    ILiveStore store,
    StoreWriter writer,
    RoomRegistry rooms,
    RoomSequences sequences,
    RoomNotifier notifier,
    LivestreamRegistry livestreams,
    LivestreamJournal journal,
    IOptions<HlsOptions> hlsOptions,
    IOptions<StorageOptions> storageOptions,
    TimeProvider time,
    ILogger<StoreStartup> logger) : IHostedService
{
    /// <summary>The failure reason of a livestream that was running when its server stopped unexpectedly.</summary>
    public const string CrashReason = "server stopped unexpectedly";

    /// <summary>Livestreams that were closed at startup because the previous process stopped unexpectedly (recordings are made from them).</summary>
    public IReadOnlyList<Livestream> Recovered { get; private set; } = [];

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await store.LoadRoomsAsync(cancellationToken).ConfigureAwait(false))
        {
            rooms.Restore(stored.Id, stored.CreatedAt);
            sequences.Restore(stored.Id, stored.LastSeq);
            notifier.Watch(rooms.Find(stored.Id)!);
        }

        var crashed = new List<Livestream>();
        foreach (var stored in await store.LoadLivestreamsAsync(cancellationToken).ConfigureAwait(false))
        {
            var livestream = LivestreamRecords.FromStored(stored);
            if (!livestreams.TryAdd(livestream))
            {
                logger.LogWarning("Livestream {LivestreamId} is stored as running beside another of room {RoomId}; closing it", livestream.Id, livestream.RoomId);
                livestream.TryMove(LivestreamStatus.Failed, time.GetUtcNow(), CrashReason);
                livestreams.TryAdd(livestream);
            }

            if (livestream.IsActive)
            {
                crashed.Add(livestream);
            }
        }

        var closedStays = await store.EndOpenSessionsAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        foreach (var livestream in crashed)
        {
            Recover(livestream);
            livestream.TryMove(LivestreamStatus.Failed, time.GetUtcNow(), CrashReason);
            await journal.StatusChangedAsync(livestream, cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync().ConfigureAwait(false);
        Recovered = crashed;
        logger.LogInformation(
            "Store {Database}: {Rooms} rooms, {Livestreams} livestreams; {Crashed} livestreams and {Stays} participant stays closed after an unexpected stop",
            Path.GetFullPath(storageOptions.Value.Database), rooms.Rooms.Count, livestreams.List(null, 1, 1).Total, crashed.Count, closedStays);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => writer.FlushAsync().WaitAsync(cancellationToken);

    private void Recover(Livestream livestream)
    {
        var folder = Path.Combine(hlsOptions.Value.StoragePath, livestream.Id);
        try
        {
            var names = Rendition.LadderFor(livestream.Config).Select(r => r.Name);
            foreach (var result in PlaylistRecovery.Recover(folder, names))
            {
                logger.LogInformation(
                    "Livestream {LivestreamId}, rendition {Rendition}: {Listed} segments were listed, {Recovered} recovered from disk; playlist ended",
                    livestream.Id, result.Rendition, result.Listed, result.Recovered);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            logger.LogError(e, "Could not recover the playlists of livestream {LivestreamId}", livestream.Id);
        }
    }
}
