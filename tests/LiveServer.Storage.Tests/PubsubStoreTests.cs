using LiveServer.Storage.Sqlite;

namespace LiveServer.Storage.Tests;

/// <summary>Migration 3: persisted pubsub messages come back by topic and seq without the deleted ones; bans come back per room.</summary>
public sealed class PubsubStoreTests : IAsyncLifetime
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
    public async Task PubsubMessages_ByTopicSinceAndLimit_InSeqOrder_WithoutDeleted()
    {
        await _store.WriteAsync(
            [
                .. Enumerable.Range(1, 6).Select(i => new StoreWrite.SavePubsubMessage(Message("room", i % 2 == 0 ? "CHAT" : "QA", $"pm_{i}", i))),
                new StoreWrite.SavePubsubMessage(Message("other", "CHAT", "pm_x", 1)),
                new StoreWrite.DeletePubsubMessage("room", "pm_4", T0.AddMinutes(1)),
            ],
            CancellationToken.None);

        Assert.Equal(["pm_2", "pm_6"], (await _store.LoadPubsubMessagesAsync("room", "CHAT", 0, 10, CancellationToken.None)).Select(m => m.Id));
        Assert.Equal(["pm_3"], (await _store.LoadPubsubMessagesAsync("room", "QA", 1, 1, CancellationToken.None)).Select(m => m.Id));
        var deleted = await _store.FindPubsubMessageAsync("room", "pm_4", CancellationToken.None);
        Assert.Equal(Message("room", "CHAT", "pm_4", 4) with { DeletedAt = T0.AddMinutes(1) }, deleted);
        Assert.Null(await _store.FindPubsubMessageAsync("other", "pm_4", CancellationToken.None));
    }

    [Fact]
    public async Task Bans_PerRoom_ASecondBanKeepsTheFirst()
    {
        var first = new StoredRoomBan("room", "viewer-b", T0, "moderator");
        await _store.WriteAsync(
            [
                new StoreWrite.SaveRoomBan(first),
                new StoreWrite.SaveRoomBan(first with { BannedAt = T0.AddHours(1), BannedBy = "someone" }),
                new StoreWrite.SaveRoomBan(new StoredRoomBan("other", "viewer-c", T0, "moderator")),
            ],
            CancellationToken.None);

        Assert.Equal([first], await _store.LoadRoomBansAsync("room", CancellationToken.None));
        Assert.Empty(await _store.LoadRoomBansAsync("nobody", CancellationToken.None));
    }

    private static StoredPubsubMessage Message(string room, string topic, string id, long seq) =>
        new(room, topic, id, seq, "viewer-a", "Ann", "<b>not markup</b>", T0.AddSeconds(seq), null);
}
