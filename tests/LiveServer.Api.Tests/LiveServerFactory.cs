using LiveServer.TestKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>
/// The real host in memory (WebApplicationFactory) with its segments in a temporary folder and
/// 1-second segments, so livestream tests run quickly. FFmpeg is the real one.
/// </summary>
public sealed class LiveServerFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public LiveServerFactory(Dictionary<string, string?>? settings = null)
    {
        StoragePath = Path.Combine(Path.GetTempPath(), "liveserver-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Hls:StoragePath"] = StoragePath,
            ["Hls:SegmentDuration"] = "00:00:01",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["WebRtc:UdpPort"] = "0",
            ["WebRtc:BindAddress"] = "127.0.0.1",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public string StoragePath { get; }

    /// <summary>A SignalR recorder joined to <paramref name="roomId"/>, over the in-memory server.</summary>
    public Task<HlsStateRecorder> RecordHlsStatesAsync(string roomId)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "/hubs/rooms"), o =>
            {
                o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        return HlsStateRecorder.ConnectAsync(connection, roomId, CancellationToken.None);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(StoragePath, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
