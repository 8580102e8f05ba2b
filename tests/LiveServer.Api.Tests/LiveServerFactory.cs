using LiveServer.TestKit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Api.Tests;

/// <summary>
/// The real host in memory (WebApplicationFactory) with its segments in a temporary folder and
/// 1-second segments, so livestream tests run quickly. FFmpeg is the real one. It runs with
/// <see cref="TestTokens.Secret"/>; clients and SignalR recorders carry <see cref="TestTokens.Default"/>
/// unless created with another token.
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
            ["Storage:Database"] = Path.Combine(StoragePath, "liveserver.db"),
            ["Storage:RecordingsPath"] = Path.Combine(StoragePath, "recordings"),
            ["Storage:MinFreeBytes"] = "0",
            ["Hls:SegmentDuration"] = "00:00:01",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["WebRtc:UdpPort"] = "0",
            ["WebRtc:BindAddress"] = "127.0.0.1",
            ["Auth:Secret"] = TestTokens.Secret,

            // Every in-memory server of a test run shares this one process, so the CPU its admission
            // control measures is the whole run's, not one server's: on a busy machine it would refuse
            // starts that have nothing to do with load. AdmissionTests set admission up themselves.
            ["Admission:CpuBudgetCores"] = "1024",
            ["Admission:LateTickShare"] = "1",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
    }

    public string StoragePath { get; }

    /// <summary>A SignalR recorder joined to <paramref name="roomId"/>, over the in-memory server.</summary>
    public Task<HlsStateRecorder> RecordHlsStatesAsync(string roomId) =>
        HlsStateRecorder.ConnectAsync(CreateHubConnection(), roomId, CancellationToken.None);

    /// <summary>A connection to the hub (long polling over the in-memory server) carrying <paramref name="token"/>, by default <see cref="TestTokens.Default"/>.</summary>
    public HubConnection CreateHubConnection(string? token = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Server.BaseAddress, "/hubs/rooms"), o =>
            {
                o.HttpMessageHandlerFactory = _ => Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token ?? TestTokens.Default);
            })
            .Build();

    /// <summary>A client that sends <c>Authorization: <paramref name="authorization"/></c> as given (null: no header).</summary>
    public HttpClient CreateClientWith(string? authorization)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("Authorization");
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Default);
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
