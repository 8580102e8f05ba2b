using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;

namespace LiveServer.Browser.Tests;

/// <summary>
/// One server process for the browser tests, on a free loopback port, announcing 127.0.0.1 as its media
/// address so that WebRTC stays on loopback. Each test works in a room of its own. Its gift catalogue
/// has, after the default gifts, <see cref="MarkupGiftId"/>, whose name is markup (for the pages' text-only rendering).
/// Template pages may come from 127.0.0.1 (<see cref="TemplateSite"/>), must be ready within 5 s, and
/// survive one Chromium crash.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    /// <summary>The id of the gift whose name is <see cref="MarkupGiftName"/>.</summary>
    public const string MarkupGiftId = "markup";

    /// <summary>A gift name that a page rendering it as HTML would run as a script.</summary>
    public const string MarkupGiftName = "<img src=x onerror=\"window.__xss=1\">";

    private ServerProcess? _server;

    /// <summary>The running server.</summary>
    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>Its REST client.</summary>
    public HttpClient Client => Server.Client;

    /// <inheritdoc />
    public async Task InitializeAsync() =>
        _server = await ServerProcess.StartAsync(
            ("WebRtc__PublicAddresses__0", "127.0.0.1"),
            ("Interactive__Gifts__20__Id", MarkupGiftId),
            ("Interactive__Gifts__20__Name", MarkupGiftName),
            ("Interactive__Gifts__20__Value", "3"),
            ("Templates__AllowedHosts__0", "127.0.0.1"),
            ("Templates__ReadyTimeout", "00:00:05"),
            ("Templates__RestartLimit", "1"));

    /// <summary>Creates a room with a random id.</summary>
    public async Task<string> CreateRoomAsync()
    {
        var response = await Client.PostAsJsonAsync("/v2/rooms", new { });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roomId").GetString()!;
    }

    /// <summary>Adds a synthetic host; returns its participant id.</summary>
    public async Task<string> AddTestParticipantAsync(string roomId, object request)
    {
        var response = await Client.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participantId").GetString()!;
    }

    /// <summary>The room's participants as the API lists them.</summary>
    public async Task<JsonElement[]> ParticipantsAsync(string roomId) =>
        [.. (await Client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).EnumerateArray()];

    /// <summary>Ends the room's livestream if one runs (cleanup; a 404 is fine).</summary>
    public async Task EndLivestreamAsync(string roomId) => await Client.PostAsJsonAsync("/v2/hls/end", new { roomId });

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
