using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.Api.Storage;
using LiveServer.Storage;
using LiveServer.TestKit;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Tests;

/// <summary>
/// Storage:MinFreeBytes: a start is refused with 507 when the livestreams' disk is below it, and a
/// running livestream that finds the disk below it fails cleanly (playlists ended, segments kept)
/// instead of filling it.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class DiskSpaceTests
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Start_BelowMinFreeBytes_507WithTheReason()
    {
        await using var factory = new LiveServerFactory(new() { ["Storage:MinFreeBytes"] = long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var client = factory.CreateClient();
        var roomId = await client.CreateRoomAsync();

        var response = await client.PostAsJsonAsync("/v2/hls/start", new { roomId });

        Assert.Equal(HttpStatusCode.InsufficientStorage, response.StatusCode);
        var detail = (await response.ProblemAsync()).GetProperty("detail").GetString()!;
        Assert.Contains("Storage:MinFreeBytes", detail, StringComparison.Ordinal);
        Assert.Contains("free", detail, StringComparison.Ordinal);
        var listed = await client.GetFromJsonAsync<JsonElement>($"/v2/hls?roomId={roomId}");
        Assert.Equal(0, listed.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Running_DiskFallsBelowMinFreeBytes_FailsCleanlyPlaylistEndedSegmentsKept()
    {
        var disk = new ShrinkingDisk();
        await using var parent = new LiveServerFactory();
        await using var factory = parent.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<DiskSpace>(disk)));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Default);
        var roomId = await client.CreateRoomAsync();
        await client.AddTestParticipantAsync(roomId, new { name = "Ann", width = 320, height = 180 });
        var id = (await client.StartHlsAsync(roomId, new { quality = "low" })).GetProperty("id").GetString()!;
        await WaitForStatusAsync(client, id, "HLS_PLAYABLE");
        await Task.Delay(TimeSpan.FromSeconds(2));

        disk.Free = 10L * 1024 * 1024;
        var failed = await WaitForStatusAsync(client, id, "HLS_FAILED");

        var reason = failed.GetProperty("reason").GetString()!;
        Assert.Contains("disk", reason, StringComparison.Ordinal);
        Assert.Contains("Storage:MinFreeBytes", reason, StringComparison.Ordinal);
        var folder = Path.Combine(parent.StoragePath, id);
        var playlist = await File.ReadAllTextAsync(Path.Combine(folder, "360p.m3u8"));
        Assert.EndsWith("#EXT-X-ENDLIST\n", playlist, StringComparison.Ordinal);
        var segments = PlaylistText.Uris(playlist);
        Assert.NotEmpty(segments);
        Assert.All(segments, s => Assert.True(File.Exists(Path.Combine(folder, s)), $"{s} is listed but not on disk"));
        Assert.True(await FfmpegProcesses.WaitUntilGoneAsync(id, TimeSpan.FromSeconds(10)), "an FFmpeg process of the livestream is still running");

        // Still below the limit: the next start is refused.
        var again = await client.PostAsJsonAsync("/v2/hls/start", new { roomId });
        Assert.Equal(HttpStatusCode.InsufficientStorage, again.StatusCode);
    }

    private static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow + StateTimeout;
        while (true)
        {
            var livestream = await client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");
            var current = livestream.GetProperty("status").GetString();
            if (current == status)
            {
                return livestream;
            }

            Assert.True(DateTime.UtcNow < deadline, $"livestream {id} is {current}, not {status}, after {StateTimeout}");
            Assert.NotEqual("HLS_STOPPED", current);
            await Task.Delay(100);
        }
    }

    /// <summary>A disk with plenty of room until the test says otherwise (Storage:MinFreeBytes 1 GiB).</summary>
    private sealed class ShrinkingDisk() : DiskSpace(Options.Create(new StorageOptions { MinFreeBytes = 1L << 30 }))
    {
        private long _free = 1L << 40;

        public long Free
        {
            get => Interlocked.Read(ref _free);
            set => Interlocked.Exchange(ref _free, value);
        }

        public override long? FreeBytes(string path) => Free;
    }
}
