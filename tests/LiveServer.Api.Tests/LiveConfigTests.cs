using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;

namespace LiveServer.Api.Tests;

/// <summary>PATCH /v2/hls/{id}/config changes a running livestream between frames, with no restart.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class LiveConfigTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task Patch_GridToSpotlightAndTheme_NextFramesFollowWithoutDiscontinuity()
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "R", pattern = "color", color = "#e02020", width = 320, height = 180 });
        await _client.AddTestParticipantAsync(roomId, new { name = "G", pattern = "color", color = "#20c020", width = 320, height = 180 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { quality = "low", theme = "DARK" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var changedAt = PlaylistText.DurationSeconds(await _client.GetStringAsync($"/hls/{id}/360p.m3u8"));

        var patched = await _client.PatchAsJsonAsync($"/v2/hls/{id}/config", new { layout = new { type = "spotlight" }, theme = "light" });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await patched.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("SPOTLIGHT", body.GetProperty("config").GetProperty("layout").GetProperty("type").GetString());
        Assert.Equal("LIGHT", body.GetProperty("config").GetProperty("theme").GetString());
        Assert.Equal("low", body.GetProperty("config").GetProperty("quality").GetString());
        await Task.Delay(TimeSpan.FromSeconds(4));
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);

        var playlistPath = Path.Combine(_factory.StoragePath, id, "360p.m3u8");
        Assert.DoesNotContain("DISCONTINUITY", await File.ReadAllTextAsync(playlistPath), StringComparison.Ordinal);
        var before = await Ffprobe.FrameAtAsync(playlistPath, Math.Max(0.5, changedAt - 1), 640, 360);
        Assert.True(before.IsNear(160, 180, 0xe0, 0x20, 0x20), $"left tile before was {before.At(160, 180)}");
        Assert.True(before.IsNear(480, 180, 0x20, 0xc0, 0x20), $"right tile before was {before.At(480, 180)}");
        var after = await Ffprobe.FrameAtAsync(playlistPath, changedAt + 3, 640, 360);
        // Both talk all the time, so the spotlight goes to whichever took the floor first.
        var red = after.IsNear(160, 180, 0xe0, 0x20, 0x20) && after.IsNear(480, 180, 0xe0, 0x20, 0x20);
        var green = after.IsNear(160, 180, 0x20, 0xc0, 0x20) && after.IsNear(480, 180, 0x20, 0xc0, 0x20);
        Assert.True(red || green, $"the spotlight should fill the canvas with one participant: {after.At(160, 180)} {after.At(480, 180)}");
        var (r, g, b) = after.At(1, 1);
        Assert.True(r > 200 && g > 200 && b > 200, $"the light theme's background was {(r, g, b)}");
    }

    [Theory]
    [InlineData("""{"quality":"high"}""", HttpStatusCode.Conflict, "config.quality")]
    [InlineData("""{"orientation":"portrait"}""", HttpStatusCode.Conflict, "config.orientation")]
    [InlineData("""{"mode":"audio"}""", HttpStatusCode.Conflict, "config.mode")]
    [InlineData("""{"layout":{"type":"MOSAIC"}}""", HttpStatusCode.BadRequest, "config.layout.type")]
    [InlineData("""{"layout":{"gridSize":26}}""", HttpStatusCode.BadRequest, "config.layout.gridSize")]
    [InlineData("""{"layout":{"fit":"stretch"}}""", HttpStatusCode.BadRequest, "config.layout.fit")]
    public async Task Patch_FixedOrInvalidField_RefusedNamingItAndNothingChanges(string config, HttpStatusCode status, string field)
    {
        var roomId = await _client.CreateRoomAsync();
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { mode = "video-and-audio", quality = "low" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_STARTED", StateTimeout);

        var response = await _client.PatchAsync($"/v2/hls/{id}/config", new StringContent(config, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal([field], (await response.ProblemAsync()).ErrorFields());
        var stored = await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");
        Assert.Equal("GRID", stored.GetProperty("config").GetProperty("layout").GetProperty("type").GetString());
        Assert.Equal("low", stored.GetProperty("config").GetProperty("quality").GetString());
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    [Fact]
    public async Task StartThenPatch_FitAndGridSize25_EchoedAndChangedLive()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var started = await _client.StartHlsAsync(roomId, new { quality = "low", layout = new { gridSize = 25, fit = "CONTAIN" } });
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal(25, started.GetProperty("config").GetProperty("layout").GetProperty("gridSize").GetInt32());
        Assert.Equal("contain", started.GetProperty("config").GetProperty("layout").GetProperty("fit").GetString());
        await states.WaitForAsync("HLS_STARTED", StateTimeout);

        var patched = await _client.PatchAsJsonAsync($"/v2/hls/{id}/config", new { layout = new { fit = "cover" } });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var layout = (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("config").GetProperty("layout");
        Assert.Equal("cover", layout.GetProperty("fit").GetString());
        Assert.Equal(25, layout.GetProperty("gridSize").GetInt32());
        var stored = await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");
        Assert.Equal("cover", stored.GetProperty("config").GetProperty("layout").GetProperty("fit").GetString());
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    [Fact]
    public async Task Patch_UnknownOrEndedLivestream_NotFoundOrConflict()
    {
        var unknown = await _client.PatchAsJsonAsync("/v2/hls/hls-0000000000000000/config", new { theme = "DARK" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var roomId = await _client.CreateRoomAsync();
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var id = (await _client.StartHlsAsync(roomId, new { mode = "audio" })).GetProperty("id").GetString()!;
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);

        var ended = await _client.PatchAsJsonAsync($"/v2/hls/{id}/config", new { theme = "DARK" });
        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);
        Assert.Contains("id", (await ended.ProblemAsync()).ErrorFields());
    }
}
