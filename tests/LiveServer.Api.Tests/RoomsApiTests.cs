using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LiveServer.Api.Tests;

public sealed class RoomsApiTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task CreateRoom_NoBody_GeneratesId()
    {
        var response = await _client.PostAsync("/v2/rooms", JsonContent.Create(new { }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var room = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^[a-z]{4}-[a-z]{4}-[a-z]{4}$", room.GetProperty("roomId").GetString());
        Assert.True(room.TryGetProperty("createdAt", out _));
        Assert.Equal($"/v2/rooms/{room.GetProperty("roomId").GetString()}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CreateRoom_CustomIdTwice_SecondIsConflict()
    {
        var id = "room-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(id, await _client.CreateRoomAsync(id));

        var second = await _client.PostAsJsonAsync("/v2/rooms", new { customRoomId = id });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("customRoomId", (await second.ProblemAsync()).ErrorFields());
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("has space")]
    [InlineData("")]
    public async Task CreateRoom_InvalidCustomId_BadRequestNamingField(string id)
    {
        var response = await _client.PostAsJsonAsync("/v2/rooms", new { customRoomId = id });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("customRoomId", (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task GetRoom_Unknown_NotFoundNamingRoomId()
    {
        var response = await _client.GetAsync("/v2/rooms/nope-nope-nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("roomId", (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Participants_NewRoom_Empty()
    {
        var roomId = await _client.CreateRoomAsync();

        var participants = await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants");

        Assert.Equal(0, participants.GetArrayLength());
    }

    [Theory]
    [InlineData("""{"pattern":"testsrc"}""", "name")]
    [InlineData("""{"name":"A","pattern":"plaid"}""", "pattern")]
    [InlineData("""{"name":"A","pattern":"color"}""", "color")]
    [InlineData("""{"name":"A","color":"red"}""", "color")]
    [InlineData("""{"name":"A","toneHz":20}""", "toneHz")]
    [InlineData("""{"name":"A","width":641}""", "width")]
    [InlineData("""{"name":"A","height":4000}""", "height")]
    [InlineData("""{"name":"A","fps":0}""", "fps")]
    public async Task AddTestParticipant_Invalid_BadRequestNamingField(string body, string field)
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await _client.PostAsync(
            $"/v2/rooms/{roomId}/test-participants", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await response.ProblemAsync()).ErrorFields());
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).GetArrayLength());
    }

    [Fact]
    public async Task AddTestParticipant_UnknownRoom_NotFound()
    {
        var response = await _client.PostAsJsonAsync("/v2/rooms/nope-nope-nope/test-participants", new { name = "A" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TestParticipant_AddThenDelete_ListedPublishesThenGone()
    {
        var roomId = await _client.CreateRoomAsync();
        var name = "Tess-" + Guid.NewGuid().ToString("N")[..6];
        var participantId = await _client.AddTestParticipantAsync(roomId, new { name, width = 320, height = 180, fps = 15 });

        // Frames flow through the participant track.
        JsonElement participant = default;
        for (var i = 0; i < 50; i++)
        {
            participant = (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants"))[0];
            if (participant.GetProperty("video").GetProperty("frames").GetInt64() > 5 && participant.GetProperty("audio").GetProperty("frames").GetInt64() > 5)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(participantId, participant.GetProperty("participantId").GetString());
        Assert.Equal(name, participant.GetProperty("name").GetString());
        Assert.Equal("vp8", participant.GetProperty("video").GetProperty("codec").GetString());
        Assert.Equal("opus", participant.GetProperty("audio").GetProperty("codec").GetString());
        Assert.True(participant.GetProperty("video").GetProperty("frames").GetInt64() > 5);
        Assert.True(participant.GetProperty("audio").GetProperty("frames").GetInt64() > 5);

        var deleted = await _client.DeleteAsync($"/v2/rooms/{roomId}/participants/{participantId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/v2/rooms/{roomId}/participants/{participantId}")).StatusCode);
    }

    [Fact]
    public async Task Pin_UnknownParticipant_NotFound()
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await _client.PostAsync($"/v2/rooms/{roomId}/participants/p-none/pin", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("participantId", (await response.ProblemAsync()).ErrorFields());
    }

    [Fact]
    public async Task Health_FfmpegInstalled_Healthy()
    {
        var response = await _client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_Document_ListsTheApi()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/swagger/v2/swagger.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/v2/rooms", paths);
        Assert.Contains("/v2/hls/start", paths);
        Assert.Contains("/v2/hls/end", paths);
    }
}
