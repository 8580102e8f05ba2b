using System.Threading.Channels;
using LiveServer.Api.Auth;
using LiveServer.Api.Recordings;
using LiveServer.Api.Rooms;
using LiveServer.Api.Storage;
using LiveServer.Api.Webhooks;
using LiveServer.Domain.Livestreams;
using LiveServer.Hls;
using LiveServer.Storage;
using LiveServer.Storage.Sqlite;
using LiveServer.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LiveServer.Api.Tests;

/// <summary>
/// <see cref="RetentionService"/> on a fake clock, a real SQLite store and real files: what ended
/// before now − Storage:Retention goes, what is recent, running or still being recorded stays.
/// </summary>
public sealed class RetentionTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private static readonly TimeSpan PassTimeout = TimeSpan.FromSeconds(10);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "liveserver-tests", "retention-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Now);
    private readonly Channel<RetentionPass> _passes = Channel.CreateUnbounded<RetentionPass>();
    private ServiceProvider? _services;

    private string HlsPath => Path.Combine(_root, "hls");

    private string RecordingsPath => Path.Combine(_root, "recordings");

    [Fact]
    public async Task Passes_OnTheClock_OldGoRecentRunningAndProcessingStay()
    {
        var (service, store, registry) = Build(Retention);
        var old = await AddLivestreamAsync(registry, "hls-000000000000001d", LivestreamStatus.Stopped, Now - TimeSpan.FromDays(2));
        var recent = await AddLivestreamAsync(registry, "hls-000000000000001h", LivestreamStatus.Failed, Now - TimeSpan.FromHours(1));
        var running = await AddLivestreamAsync(registry, "hls-000000000000000r", LivestreamStatus.Playable, Now - TimeSpan.FromDays(3));
        var recording = await AddLivestreamAsync(registry, "hls-000000000000000p", LivestreamStatus.Stopped, Now - TimeSpan.FromDays(2));
        await AddRecordingAsync("rec-00000000000000d1", old, RecordingStatus.Available);
        await AddRecordingAsync("rec-00000000000000d2", old, RecordingStatus.Failed, files: false);
        await AddRecordingAsync("rec-00000000000000a1", recent, RecordingStatus.Available);
        await AddRecordingAsync("rec-00000000000000b1", recording, RecordingStatus.Processing);

        await service.StartAsync(CancellationToken.None);
        var first = await NextPassAsync();

        Assert.Equal((Now, Now - Retention, 2, 1), (first.At, first.EndedBefore, first.Recordings, first.LivestreamFolders));
        Assert.True(first.Bytes > 0);
        AssertRecordingGone("rec-00000000000000d1");
        Assert.Null(await store.FindRecordingAsync("rec-00000000000000d2", CancellationToken.None));
        Assert.Null(await store.FindRecordingAsync("rec-00000000000000d1", CancellationToken.None));
        Assert.False(Directory.Exists(Folder(old)), "the old livestream's folder is still there");
        Assert.True(old.FilesDeleted);
        Assert.True((await store.LoadLivestreamsAsync(CancellationToken.None)).Single(l => l.Id == old.Id).FilesDeleted);
        AssertRecordingKept("rec-00000000000000a1");
        Assert.True(Directory.Exists(Folder(recent)));
        Assert.True(Directory.Exists(Folder(running)));
        Assert.True(Directory.Exists(Folder(recording)), "the folder a recording is being made from was deleted");
        Assert.Equal(RecordingStatus.Processing, (await store.FindRecordingAsync("rec-00000000000000b1", CancellationToken.None))!.Status);

        // An interval later nothing else is old enough.
        _time.Advance(Interval);
        var second = await PassesUntilAsync(Now + Interval);
        Assert.Equal((0, 0), (second.Sum(p => p.Recordings), second.Sum(p => p.LivestreamFolders)));

        // A day later the recent one is old too; the running livestream still keeps its files. (The
        // fake clock steps through every hourly tick on the way, so several passes may run.)
        _time.Advance(Retention);
        var third = await PassesUntilAsync(Now + Interval + Retention);
        Assert.Equal((1, 1), (third.Sum(p => p.Recordings), third.Sum(p => p.LivestreamFolders)));
        AssertRecordingGone("rec-00000000000000a1");
        Assert.False(Directory.Exists(Folder(recent)));
        Assert.True(recent.FilesDeleted);
        Assert.True(Directory.Exists(Folder(running)), "a running livestream's folder was deleted");
        Assert.False(running.FilesDeleted);
        Assert.True(File.Exists(Path.Combine(Folder(running), "360p_00000.m4s")));
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RetentionNotSet_KeepsEverything()
    {
        var (service, store, registry) = Build(retention: null);
        var old = await AddLivestreamAsync(registry, "hls-000000000000002d", LivestreamStatus.Stopped, Now - TimeSpan.FromDays(400));
        await AddRecordingAsync("rec-00000000000000e1", old, RecordingStatus.Available);

        await service.StartAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(30));
        await service.ExecuteTask!.WaitAsync(PassTimeout);

        Assert.False(_passes.Reader.TryRead(out _));
        AssertRecordingKept("rec-00000000000000e1");
        Assert.NotNull(await store.FindRecordingAsync("rec-00000000000000e1", CancellationToken.None));
        Assert.True(Directory.Exists(Folder(old)));
        Assert.False(old.FilesDeleted);
        await service.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("00:00:10")]
    [InlineData("-1.00:00:00")]
    public async Task Start_RetentionUnderAMinute_FailsNamingTheKey(string retention)
    {
        await using var factory = new LiveServerFactory(new() { ["Storage:Retention"] = retention });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Storage:Retention", error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private (RetentionService Service, ILiveStore Store, LivestreamRegistry Registry) Build(TimeSpan? retention)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton<ILiveStore>(_ => SqliteLiveStore.Open(Path.Combine(_root, "liveserver.db"), _time))
            .AddSingleton(sp => new StoreWriter(sp.GetRequiredService<ILiveStore>()))
            .AddSingleton<LivestreamRegistry>()
            .AddSingleton<RoomSequences>()
            .AddSingleton<WebhookOutbox>()
            .AddSingleton<HlsUrlSigner>()
            .AddSingleton<RoomNotifier>()
            .AddSingleton<LivestreamJournal>()
            .AddSingleton<RecordingFiles>()
            .AddSingleton<RetentionService>()
            .Configure<StorageOptions>(o =>
            {
                o.RecordingsPath = RecordingsPath;
                o.Retention = retention;
                o.RetentionInterval = Interval;
            })
            .Configure<HlsOptions>(o => o.StoragePath = HlsPath)
            .Configure<AuthOptions>(o => o.Secret = TestTokens.Secret);
        services.AddSignalR();
        services.AddSingleton<IRoomFanout, RoomFanout>();
        _services = services.BuildServiceProvider();
        var service = _services.GetRequiredService<RetentionService>();
        service.Passed += pass => _passes.Writer.TryWrite(pass);
        return (service, _services.GetRequiredService<ILiveStore>(), _services.GetRequiredService<LivestreamRegistry>());
    }

    /// <summary>A livestream in the registry and the store, with a folder of segments; <paramref name="endedOrStarted"/> is its end, or its start while it runs.</summary>
    private async Task<Livestream> AddLivestreamAsync(LivestreamRegistry registry, string id, LivestreamStatus status, DateTimeOffset endedOrStarted)
    {
        var final = LivestreamStateMachine.IsFinal(status);
        var start = final ? endedOrStarted - TimeSpan.FromMinutes(30) : endedOrStarted;
        var livestream = Livestream.Restore(
            id, "room-" + id, LivestreamConfig.Default with { Quality = Quality.Low }, start, status, final ? endedOrStarted : null,
            status == LivestreamStatus.Failed ? "encoder failed" : null, LivestreamStats.None, null, "http://localhost", filesDeleted: false);
        Assert.True(registry.TryAdd(livestream));
        await _services!.GetRequiredService<StoreWriter>().WriteAsync(new StoreWrite.SaveLivestream(LivestreamRecords.ToStored(livestream)));
        Directory.CreateDirectory(Folder(livestream));
        await File.WriteAllTextAsync(Path.Combine(Folder(livestream), "360p.m3u8"), "#EXTM3U\n#EXTINF:1.000,\n360p_00000.m4s\n#EXT-X-ENDLIST\n");
        await File.WriteAllBytesAsync(Path.Combine(Folder(livestream), "360p_00000.m4s"), new byte[2048]);
        return livestream;
    }

    private async Task AddRecordingAsync(string id, Livestream livestream, string status, bool files = true)
    {
        var available = status == RecordingStatus.Available;
        await _services!.GetRequiredService<StoreWriter>().WriteAsync(new StoreWrite.SaveRecording(new StoredRecording(
            id, livestream.Id, livestream.RoomId, status, livestream.Start, livestream.End,
            available ? 1 : null, available ? 1024 : null, status == RecordingStatus.Failed ? "no segments" : null)));
        if (files)
        {
            Directory.CreateDirectory(RecordingsPath);
            await File.WriteAllBytesAsync(Path.Combine(RecordingsPath, id + ".mp4"), new byte[1024]);
            await File.WriteAllBytesAsync(Path.Combine(RecordingsPath, id + ".jpg"), new byte[64]);
        }
    }

    private async Task<RetentionPass> NextPassAsync()
    {
        using var timeout = new CancellationTokenSource(PassTimeout);
        return await _passes.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>The passes that ran until one ran at <paramref name="at"/>.</summary>
    private async Task<List<RetentionPass>> PassesUntilAsync(DateTimeOffset at)
    {
        var passes = new List<RetentionPass>();
        do
        {
            passes.Add(await NextPassAsync());
        }
        while (passes[^1].At < at);

        Assert.Equal(at, passes[^1].At);
        return passes;
    }

    private string Folder(Livestream livestream) => Path.Combine(HlsPath, livestream.Id);

    private void AssertRecordingGone(string id)
    {
        Assert.False(File.Exists(Path.Combine(RecordingsPath, id + ".mp4")), $"{id}.mp4 is still there");
        Assert.False(File.Exists(Path.Combine(RecordingsPath, id + ".jpg")), $"{id}.jpg is still there");
    }

    private void AssertRecordingKept(string id)
    {
        Assert.True(File.Exists(Path.Combine(RecordingsPath, id + ".mp4")), $"{id}.mp4 was deleted");
        Assert.True(File.Exists(Path.Combine(RecordingsPath, id + ".jpg")), $"{id}.jpg was deleted");
    }
}
