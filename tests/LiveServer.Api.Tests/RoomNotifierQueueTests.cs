using LiveServer.Api.Auth;
using LiveServer.Api.Rooms;
using LiveServer.Api.Webhooks;
using LiveServer.Storage;
using LiveServer.Storage.Sqlite;
using LiveServer.Domain.Livestreams;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Tests;

/// <summary>A held-up sender holds up nobody: events queue (bounded), the oldest drop and are counted, the rest go out in order.</summary>
public sealed class RoomNotifierQueueTests
{
    private static readonly HlsUrlSigner UnsignedUrls =
        new(Options.Create(new AuthOptions()), Options.Create(new SignedHlsOptions()), TimeProvider.System);

    [Fact]
    public async Task StuckClient_CallersNeverWait_QueueStaysBounded_EventsResumeInOrder()
    {
        var hub = new GatedFanout();
        var folder = Path.Combine(Path.GetTempPath(), "liveserver-tests", Guid.NewGuid().ToString("N"));
        await using var store = SqliteLiveStore.Open(Path.Combine(folder, "test.db"), TimeProvider.System);
        await using var writer = new StoreWriter(store);
        var outbox = new WebhookOutbox(Options.Create(new WebhookOptions()));
        await using var notifier = new RoomNotifier(
            hub, UnsignedUrls, writer, new RoomSequences(), outbox, new LivestreamRegistry(), TimeProvider.System, NullLogger<RoomNotifier>.Instance);
        var livestream = new Livestream("hls-queue", "room", LivestreamConfigParser.Parse(null).Config!, DateTimeOffset.UtcNow);
        const int events = RoomNotifier.QueueCapacity + 500;

        for (var i = 0; i < events; i++)
        {
            var sent = notifier.HlsStateChangedAsync(livestream, "http://x", CancellationToken.None);
            Assert.True(sent.IsCompletedSuccessfully, $"event {i} waited for the stuck client");
        }

        // The sender took its first batch (up to MaxBatch events) before it stuck; the rest waits, bounded.
        Assert.InRange(notifier.Queued, RoomNotifier.QueueCapacity - 1, RoomNotifier.QueueCapacity);
        Assert.InRange(notifier.DroppedEvents, events - RoomNotifier.QueueCapacity - RoomNotifier.MaxBatch, events - RoomNotifier.QueueCapacity);

        hub.Open();
        for (var i = 0; i < 100 && notifier.Queued > 0; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(0, notifier.Queued);
        Assert.Equal(events - notifier.DroppedEvents, hub.Sent);
        Assert.Equal(0, notifier.FailedSends);

        // What SignalR dropped is still in the room's event log, numbered without gaps.
        await writer.FlushAsync();
        var logged = await store.LoadEventsAsync("room", 0, events + 1, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, events).Select(i => (long)i), logged.Select(e => e.Seq));
    }

    /// <summary>A fan-out that cannot hand anything on until opened (a sender held up, say by a starved machine).</summary>
    private sealed class GatedFanout : IRoomFanout
    {
        private readonly ManualResetEventSlim _open = new();
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        public void Open() => _open.Set();

        public void Send(string roomId, IReadOnlyList<(string Method, object Message)> events)
        {
            _open.Wait();
            Interlocked.Add(ref _sent, events.Count);
        }
    }
}
