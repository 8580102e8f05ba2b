using LiveServer.Storage.Sqlite;

namespace LiveServer.Storage.Tests;

/// <summary>What is written comes back as written; the outbox hands out one delivery per target and room at a time, in seq order.</summary>
public sealed class StoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new();
    private SqliteLiveStore _store = null!;

    public Task InitializeAsync()
    {
        _store = SqliteLiveStore.Open(_db.Path, TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _db.Dispose();
    }

    [Fact]
    public async Task Livestream_RoundTrips_AndUpsertKeepsOneRow()
    {
        var started = new StoredLivestream("hls-1", "room", "{\"q\":1}", "HLS_STARTING", T0, null, null, null, "https://example.com/hook", "http://base", true, false);
        var ended = started with { Status = "HLS_FAILED", EndedAt = T0.AddMinutes(1), FailureReason = "why", StatsJson = "{}" };
        await _store.WriteAsync(
            [
                new StoreWrite.SaveLivestream(started),
                new StoreWrite.AddStatusChange(new StoredStatusChange("hls-1", "HLS_STARTING", T0, null)),
                new StoreWrite.SaveLivestream(ended),
                new StoreWrite.AddStatusChange(new StoredStatusChange("hls-1", "HLS_FAILED", T0.AddMinutes(1), "why")),
            ],
            CancellationToken.None);

        Assert.Equal(ended, Assert.Single(await _store.LoadLivestreamsAsync(CancellationToken.None)));
        Assert.Equal(["HLS_STARTING", "HLS_FAILED"], (await _store.LoadStatusChangesAsync("hls-1", CancellationToken.None)).Select(c => c.Status));
    }

    [Fact]
    public async Task Events_SinceAndLimit_InOrder_AndTheRoomKeepsItsLastSeq()
    {
        await _store.WriteAsync([new StoreWrite.SaveRoom(new StoredRoom("room", T0, 0))], CancellationToken.None);
        await _store.WriteAsync(
            [.. Enumerable.Range(1, 10).Select(i => new StoreWrite.AppendEvent(new StoredRoomEvent("room", i, "e", T0.AddSeconds(i), $"{{\"i\":{i}}}"), []))],
            CancellationToken.None);

        var events = await _store.LoadEventsAsync("room", 4, 3, CancellationToken.None);

        Assert.Equal([5L, 6L, 7L], events.Select(e => e.Seq));
        Assert.Equal("{\"i\":5}", events[0].DataJson);
        Assert.Equal(T0.AddSeconds(5), events[0].At);
        Assert.Equal(10, Assert.Single(await _store.LoadRoomsAsync(CancellationToken.None)).LastSeq);
        Assert.Empty(await _store.LoadEventsAsync("other", 0, 10, CancellationToken.None));
    }

    [Fact]
    public async Task OpenStays_AreClosed()
    {
        await _store.WriteAsync(
            [
                new StoreWrite.SessionStarted(new StoredParticipantSession("s1", "room", "p1", "Ann", "test", T0, null)),
                new StoreWrite.SessionStarted(new StoredParticipantSession("s2", "room", "p2", "Bob", "webrtc", T0.AddSeconds(1), null)),
                new StoreWrite.SessionEnded("s1", T0.AddSeconds(5)),
            ],
            CancellationToken.None);

        Assert.Equal(1, await _store.EndOpenSessionsAsync(T0.AddMinutes(1), CancellationToken.None));

        var stays = await _store.LoadSessionsAsync("room", CancellationToken.None);
        Assert.Equal([("s2", T0.AddMinutes(1)), ("s1", T0.AddSeconds(5))], stays.Select(s => (s.Id, s.LeftAt!.Value)));
    }

    [Fact]
    public async Task DueDeliveries_OnePerTargetAndRoom_OldestSeqFirst()
    {
        await _store.WriteAsync(
            [
                Event("room-a", 1, "http://one", "http://two"),
                Event("room-a", 2, "http://one", "http://two"),
                Event("room-b", 1, "http://one"),
            ],
            CancellationToken.None);

        var due = await _store.DueDeliveriesAsync(T0.AddSeconds(10), 100, CancellationToken.None);
        Assert.Equal(
            [("http://one", "room-a", 1L), ("http://one", "room-b", 1L), ("http://two", "room-a", 1L)],
            due.Select(d => (d.Url, d.RoomId, d.Seq)).Order());

        // room-a seq 1 to http://one is delivered: its seq 2 is next there; http://two still waits for its seq 1.
        var first = due.Single(d => d is { Url: "http://one", RoomId: "room-a" });
        await _store.WriteAsync([new StoreWrite.UpdateDelivery(first with { Status = "delivered", Attempts = 1, DeliveredAt = T0 })], CancellationToken.None);
        due = await _store.DueDeliveriesAsync(T0.AddSeconds(10), 100, CancellationToken.None);
        Assert.Contains(due, d => d is { Url: "http://one", RoomId: "room-a", Seq: 2 });
        Assert.Contains(due, d => d is { Url: "http://two", RoomId: "room-a", Seq: 1 });

        // Not due before its time.
        Assert.Empty(await _store.DueDeliveriesAsync(T0.AddSeconds(-1), 100, CancellationToken.None));
        Assert.Equal(T0, await _store.NextDeliveryDueAsync(CancellationToken.None));

        var pending = await _store.ListDeliveriesAsync("pending", 1, 2, CancellationToken.None);
        Assert.Equal((4, 2, 2), (pending.Total, pending.Items.Count, pending.LastPage));
        Assert.Equal("delivered", (await _store.FindDeliveryAsync(first.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Recordings_PageNewestFirst_ByRoom_AndDelete()
    {
        await _store.WriteAsync(
            [.. Enumerable.Range(0, 5).Select(i => new StoreWrite.SaveRecording(new StoredRecording(
                $"rec-{i}", $"hls-{i}", i % 2 == 0 ? "even" : "odd", "available", T0.AddMinutes(i), T0.AddMinutes(i + 1), 60, 1000, null)))],
            CancellationToken.None);

        var even = await _store.ListRecordingsAsync("even", 1, 2, CancellationToken.None);
        Assert.Equal((3, 2), (even.Total, even.LastPage));
        Assert.Equal(["rec-4", "rec-2"], even.Items.Select(r => r.Id));
        Assert.Equal(["rec-0", "rec-1"], (await _store.RecordingsEndedBeforeAsync(T0.AddMinutes(2.5), CancellationToken.None)).Select(r => r.Id));

        await _store.WriteAsync([new StoreWrite.DeleteRecording("rec-4")], CancellationToken.None);
        Assert.Null(await _store.FindRecordingAsync("rec-4", CancellationToken.None));
        Assert.Equal(4, (await _store.ListRecordingsAsync(null, 1, 10, CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Writer_BatchesWhatIsPosted_AndABadWriteLosesOnlyItself()
    {
        await using var writer = new StoreWriter(_store);
        var failed = new List<StoreWrite>();
        writer.Failed += (write, _) => failed.Add(write);
        for (var i = 1; i <= 300; i++)
        {
            writer.Post(new StoreWrite.AppendEvent(new StoredRoomEvent("room", i, "e", T0, "{}"), []));
        }

        // The same seq again breaks its batch (primary key); the batch is retried write by write.
        var duplicate = new StoreWrite.AppendEvent(new StoredRoomEvent("room", 7, "e", T0, "{}"), []);
        writer.Post(duplicate);
        writer.Post(new StoreWrite.AppendEvent(new StoredRoomEvent("room", 301, "e", T0, "{}"), []));
        await writer.FlushAsync();

        Assert.Equal(301, (await _store.LoadEventsAsync("room", 0, 1000, CancellationToken.None)).Count);
        Assert.Same(duplicate, Assert.Single(failed));
        Assert.Equal(1, writer.Lost);
        await Assert.ThrowsAnyAsync<Exception>(() => writer.WriteAsync(duplicate));
    }

    private static StoreWrite.AppendEvent Event(string room, long seq, params string[] urls) => new(
        new StoredRoomEvent(room, seq, "hlsStateChanged", T0, "{}"),
        [.. urls.Select(url => new StoredWebhookDelivery(
            $"d-{room}-{seq}-{url[7..]}", $"w-{room}-{seq}", "hls-started", url, room, seq, "{}", "pending", 0, T0, T0, T0.AddDays(1), null, null, null))]);
}
