using System.Net.Http.Json;
using System.Text.Json;

namespace LiveServer.Api.Tests;

/// <summary>Test participants replay a cached clip: every pattern publishes, and two identical participants at once both do.</summary>
public sealed class TestParticipantClipTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task AddTestParticipant_Counter_PublishesVp8Video()
    {
        var roomId = await _client.CreateRoomAsync();

        await _client.AddTestParticipantAsync(roomId, new { name = "Counter-" + Guid.NewGuid().ToString("N")[..6], pattern = "counter", width = 320, height = 180 });

        var video = await WaitForVideoFramesAsync(roomId, 0, 20);
        Assert.Equal("vp8", video.GetProperty("codec").GetString());
    }

    [Fact]
    public async Task AddTestParticipant_SameNewSettingsTwiceAtOnce_BothPublish()
    {
        var roomId = await _client.CreateRoomAsync();
        var name = "Twin-" + Guid.NewGuid().ToString("N")[..6];

        await Task.WhenAll(
            _client.AddTestParticipantAsync(roomId, new { name, width = 320, height = 180 }),
            _client.AddTestParticipantAsync(roomId, new { name, width = 320, height = 180 }));

        await WaitForVideoFramesAsync(roomId, 0, 20);
        await WaitForVideoFramesAsync(roomId, 1, 20);
    }

    private async Task<JsonElement> WaitForVideoFramesAsync(string roomId, int index, long frames)
    {
        JsonElement video = default;
        for (var i = 0; i < 100; i++)
        {
            video = (await _client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants"))[index].GetProperty("video");
            if (video.GetProperty("frames").GetInt64() >= frames)
            {
                return video;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Participant {index} published {video.GetProperty("frames").GetInt64()} video frames, not {frames}.");
        return video;
    }
}
