using LiveServer.Api.Auth;
using LiveServer.Api.Rooms;
using LiveServer.Api.Webhooks;
using LiveServer.Storage;
using LiveServer.Storage.Sqlite;
using LiveServer.Domain.Livestreams;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Tests;

/// <summary>A stuck SignalR client holds up nobody: events queue (bounded), the oldest drop and are counted, the rest go out in order.</summary>
public sealed class RoomNotifierQueueTests
{
    private static readonly HlsUrlSigner UnsignedUrls =
        new(Options.Create(new AuthOptions()), Options.Create(new SignedHlsOptions()), TimeProvider.System);

    [Fact]
    public async Task StuckClient_CallersNeverWait_QueueStaysBounded_EventsResumeInOrder()
    {
        var hub = new GatedHubContext();
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

        Assert.InRange(notifier.Queued, RoomNotifier.QueueCapacity - 1, RoomNotifier.QueueCapacity);
        Assert.InRange(notifier.DroppedEvents, events - RoomNotifier.QueueCapacity - 1, events - RoomNotifier.QueueCapacity);

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

    /// <summary>A hub whose one client reads nothing until opened (a stuck connection).</summary>
    private sealed class GatedHubContext : IHubContext<RoomsHub>, IHubClients, IClientProxy
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _sent;

        public int Sent => Volatile.Read(ref _sent);

        IHubClients IHubContext<RoomsHub>.Clients => this;

        IGroupManager IHubContext<RoomsHub>.Groups => throw new NotSupportedException();

        public IClientProxy All => this;

        public void Open() => _open.TrySetResult();

        public async Task SendCoreAsync(string method, object?[] args, CancellationToken cancellationToken = default)
        {
            await _open.Task;
            Interlocked.Increment(ref _sent);
        }

        public IClientProxy AllExcept(IReadOnlyList<string> excludedConnectionIds) => this;

        public IClientProxy Client(string connectionId) => this;

        IClientProxy IHubClients<IClientProxy>.Clients(IReadOnlyList<string> connectionIds) => this;

        public IClientProxy Group(string groupName) => this;

        public IClientProxy GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => this;

        IClientProxy IHubClients<IClientProxy>.Groups(IReadOnlyList<string> groupNames) => this;

        public IClientProxy User(string userId) => this;

        public IClientProxy Users(IReadOnlyList<string> userIds) => this;
    }
}
