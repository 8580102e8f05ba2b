using LiveServer.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace LiveServer.Storage.Tests;

/// <summary>Migration 5: questions with their upvotes and status changes, and gift totals per recipient, come back per room.</summary>
public sealed class AudienceStoreTests : IAsyncLifetime
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
    public async Task Questions_AnsweredOnceHiddenKeepsTheAnswer_UpvotesOncePerVoter_PerRoom()
    {
        await _store.WriteAsync(
            [
                new StoreWrite.SaveQuestion(Question("room", "q_1", 1)),
                new StoreWrite.SaveQuestion(Question("room", "q_2", 2)),
                new StoreWrite.SaveQuestion(Question("other", "q_3", 3)),
                new StoreWrite.SaveQuestionUpvote(new StoredQuestionUpvote("q_1", "viewer-b", T0.AddSeconds(5))),
                new StoreWrite.SaveQuestionUpvote(new StoredQuestionUpvote("q_1", "viewer-b", T0.AddSeconds(6))),
                new StoreWrite.SaveQuestionUpvote(new StoredQuestionUpvote("q_1", "viewer-c", T0.AddSeconds(7))),
                new StoreWrite.SaveQuestionUpvote(new StoredQuestionUpvote("q_3", "viewer-c", T0.AddSeconds(7))),
                new StoreWrite.AnswerQuestion("q_1", T0.AddMinutes(1), "Yes."),
                new StoreWrite.AnswerQuestion("q_1", T0.AddMinutes(2), "Changed my mind."),
                new StoreWrite.HideQuestion("q_1", T0.AddMinutes(3)),
                new StoreWrite.HideQuestion("q_2", T0.AddMinutes(4)),
                new StoreWrite.AnswerQuestion("q_2", T0.AddMinutes(5), null),
            ],
            CancellationToken.None);

        var questions = await _store.LoadQuestionsAsync("room", CancellationToken.None);
        Assert.Equal(
            [
                Question("room", "q_1", 1) with { Status = "hidden", AnsweredAt = T0.AddMinutes(1), Answer = "Yes.", HiddenAt = T0.AddMinutes(3) },
                Question("room", "q_2", 2) with { Status = "hidden", HiddenAt = T0.AddMinutes(4) },
            ],
            questions);
        var upvotes = await _store.LoadQuestionUpvotesAsync("room", CancellationToken.None);
        Assert.Equal([("q_1", "viewer-b", T0.AddSeconds(5)), ("q_1", "viewer-c", T0.AddSeconds(7))], upvotes.OrderBy(u => u.VoterId).Select(u => (u.QuestionId, u.VoterId, u.UpvotedAt)));
        Assert.Empty(await _store.LoadQuestionsAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task GiftTotals_LargestFirst_CountedPerRecipient_WithTheLatestName()
    {
        await _store.WriteAsync(
            [
                new StoreWrite.SaveGift(Gift("room", "gs_1", "host-a", "Ann", 5, 1)),
                new StoreWrite.SaveGift(Gift("room", "gs_2", "viewer-b", null, 10, 2)),
                new StoreWrite.SaveGift(Gift("room", "gs_3", "host-a", "Ann B.", 1, 3)),
                new StoreWrite.SaveGift(Gift("room", "gs_4", "host-a", null, 1, 4)),
                new StoreWrite.SaveGift(Gift("room", "gs_4", "host-a", null, 50, 5)),
                new StoreWrite.SaveGift(Gift("other", "gs_5", "host-a", "Ann", 50, 6)),
            ],
            CancellationToken.None);

        var totals = await _store.LoadGiftTotalsAsync("room", CancellationToken.None);

        Assert.Equal([new StoredGiftTotal("viewer-b", null, 10, 1), new StoredGiftTotal("host-a", "Ann B.", 7, 3)], totals);
        Assert.Empty(await _store.LoadGiftTotalsAsync("nobody", CancellationToken.None));
    }

    [Fact]
    public async Task Version4Database_IsMigrated_KeepingItsPolls()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_db.Folder))
        {
            File.Delete(file);
        }

        await using (var old = SqliteLiveStore.Open(_db.Path, TimeProvider.System, upToVersion: 4))
        {
            await old.WriteAsync([new StoreWrite.SavePoll(new StoredPoll("poll_1", "room", "Q?", "open", T0, null, null, [new("a", "x"), new("b", "y")]))], CancellationToken.None);
        }

        _store = SqliteLiveStore.Open(_db.Path, TimeProvider.System);

        Assert.Equal(SqliteMigrations.Latest, _store.SchemaVersion);
        Assert.Equal("poll_1", Assert.Single(await _store.LoadPollsAsync("room", CancellationToken.None)).Id);
        await _store.WriteAsync([new StoreWrite.SaveQuestion(Question("room", "q_1", 1))], CancellationToken.None);
        Assert.Single(await _store.LoadQuestionsAsync("room", CancellationToken.None));
    }

    private static StoredQuestion Question(string room, string id, int second) =>
        new(id, room, "<img src=x onerror=alert(1)> why?", "viewer-a", "Ann", "open", T0.AddSeconds(second), null, null, null);

    private static StoredGift Gift(string room, string id, string to, string? toName, long value, int second) =>
        new(id, room, "rose", "Rose", value, "viewer-z", "Zed", to, toName, T0.AddSeconds(second));
}
