using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveServer.Scenarios;

/// <summary>
/// The built server as its own process (<see cref="ServerProcess"/>: 127.0.0.1, free ports, segments
/// in a temporary folder) and the runner's only way to talk to it. <see cref="CreateHttpClient"/> and
/// <see cref="CreateHub"/> are the one place where requests and the SignalR connection are built, both
/// carrying the test kit's token (the server process runs with the test kit's secret).
/// </summary>
public sealed class ServerConnection : IAsyncDisposable
{
    private readonly ServerProcess _server;

    private ServerConnection(ServerProcess server)
    {
        _server = server;
        Http = CreateHttpClient(server.BaseAddress);
    }

    /// <summary>The client for the REST API and the HLS files.</summary>
    public HttpClient Http { get; }

    /// <summary>The server's process id (the root of the measured process tree).</summary>
    public int ProcessId => _server.ProcessId;

    /// <summary>Starts the server with the test clip cache in <paramref name="clipCache"/>.</summary>
    public static async Task<ServerConnection> StartAsync(string clipCache) =>
        new(await ServerProcess.StartAsync(
            ("Media__TestSourceCache", clipCache),

            // The capacity scenario measures the machine, so the server's own admission estimate must not refuse first.
            ("Admission__CpuBudgetCores", "1000"),
            ("Serilog__MinimumLevel__Default", "Warning")));

    /// <summary>Connects to <c>/hubs/rooms</c> and records the livestream states of <paramref name="roomId"/>.</summary>
    public Task<HlsStateRecorder> RecordHlsStatesAsync(string roomId, CancellationToken cancellationToken) =>
        HlsStateRecorder.ConnectAsync(CreateHub(), roomId, cancellationToken);

    /// <summary>Creates a room; returns its id.</summary>
    public async Task<string> CreateRoomAsync(CancellationToken cancellationToken)
    {
        var response = await Http.PostAsJsonAsync("/v2/rooms", new { }, cancellationToken);
        return (await ReadAsync(response, cancellationToken)).GetProperty("roomId").GetString()!;
    }

    /// <summary>Adds a test participant; returns its id and the start of its replay clock.</summary>
    public async Task<(string Id, DateTimeOffset JoinedAt)> AddTestParticipantAsync(string roomId, object request, CancellationToken cancellationToken)
    {
        var response = await Http.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", request, cancellationToken);
        var body = await ReadAsync(response, cancellationToken);
        return (body.GetProperty("participantId").GetString()!, body.GetProperty("joinedAt").GetDateTimeOffset());
    }

    /// <summary>Removes a participant.</summary>
    public async Task RemoveParticipantAsync(string roomId, string participantId, CancellationToken cancellationToken) =>
        (await Http.DeleteAsync($"/v2/rooms/{roomId}/participants/{participantId}", cancellationToken)).EnsureSuccessStatusCode();

    /// <summary>Starts a livestream of <paramref name="roomId"/> with <paramref name="config"/>; returns its JSON.</summary>
    public async Task<JsonElement> StartHlsAsync(string roomId, object config, CancellationToken cancellationToken, string? templateUrl = null) =>
        await ReadAsync(await Http.PostAsJsonAsync("/v2/hls/start", new { roomId, config, templateUrl }, cancellationToken), cancellationToken);

    /// <summary>Ends the livestream of <paramref name="roomId"/>.</summary>
    public async Task EndHlsAsync(string roomId, CancellationToken cancellationToken) =>
        (await Http.PostAsJsonAsync("/v2/hls/end", new { roomId }, cancellationToken)).EnsureSuccessStatusCode();

    /// <summary><c>GET /v2/hls/{id}</c>.</summary>
    public async Task<JsonElement> GetHlsAsync(string id, CancellationToken cancellationToken) =>
        await ReadAsync(await Http.GetAsync($"/v2/hls/{id}", cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync();
    }

    private static HttpClient CreateHttpClient(Uri baseAddress)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Default);
        return client;
    }

    private HubConnection CreateHub() =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_server.BaseAddress, "/hubs/rooms"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(TestTokens.Default))
            .Build();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
