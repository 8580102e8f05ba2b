using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveServer.Api.Participants;

namespace LiveServer.Api.Tests;

/// <summary>The optional <c>speech</c> schedule of test participants: validation naming the field.</summary>
public sealed class TestParticipantSpeechTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Theory]
    [InlineData("""{"talkMs":-1,"silenceMs":1000}""", "speech.talkMs")]
    [InlineData("""{"talkMs":600001,"silenceMs":1000}""", "speech.talkMs")]
    [InlineData("""{"silenceMs":1000}""", "speech.talkMs")]
    [InlineData("""{"talkMs":1000,"silenceMs":-5}""", "speech.silenceMs")]
    [InlineData("""{"talkMs":1000}""", "speech.silenceMs")]
    [InlineData("""{"talkMs":1000,"silenceMs":1000,"offsetMs":-1}""", "speech.offsetMs")]
    [InlineData("""{"talkMs":1000,"silenceMs":1000,"offsetMs":700000}""", "speech.offsetMs")]
    [InlineData("""{"talkMs":0,"silenceMs":0}""", "speech.talkMs")]
    public async Task AddTestParticipant_InvalidSpeech_BadRequestNamingField(string speech, string field)
    {
        var roomId = await _client.CreateRoomAsync();
        var body = $$"""{"name":"S","speech":{{speech}}}""";

        var response = await _client.PostAsync(
            $"/v2/rooms/{roomId}/test-participants", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ProblemAsync()).ErrorFields());
        Assert.Equal(0, (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).GetArrayLength());
    }

    [Theory]
    [InlineData(0, 1000, null)]
    [InlineData(1000, 0, 0)]
    [InlineData(600000, 600000, 600000)]
    public void Validate_SpeechInRange_NoErrors(int talkMs, int silenceMs, int? offsetMs)
    {
        var request = new CreateTestParticipantRequest("S", Speech: new SpeechRequest(talkMs, silenceMs, offsetMs));

        Assert.Empty(TestParticipantFactory.Validate(request));
    }

    [Fact]
    public async Task AddTestParticipant_WithSpeech_CreatedAndPublishesAudio()
    {
        var roomId = await _client.CreateRoomAsync();
        var participantId = await _client.AddTestParticipantAsync(
            roomId, new { name = "Talker", width = 160, height = 90, fps = 10, speech = new { talkMs = 100, silenceMs = 100 } });

        long frames = 0;
        for (var i = 0; i < 50 && frames <= 10; i++)
        {
            await Task.Delay(100);
            frames = (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants"))[0]
                .GetProperty("audio").GetProperty("frames").GetInt64();
        }

        Assert.True(frames > 10, $"{frames} audio frames");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/v2/rooms/{roomId}/participants/{participantId}")).StatusCode);
    }
}
