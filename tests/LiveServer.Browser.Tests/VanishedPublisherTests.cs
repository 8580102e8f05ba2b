using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;
using static Microsoft.Playwright.Assertions;

namespace LiveServer.Browser.Tests;

/// <summary>
/// A publishing tab that dies without a DELETE (its DELETE blocked, then the renderer crashed) is
/// removed when ICE consent runs out (WebRtc:ConsentTimeout, short here), and the livestream of its
/// room goes on with the other participant, still HLS_PLAYABLE.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VanishedPublisherTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string PreviewPlays =
        "() => { const v = document.getElementById('preview'); return v.readyState >= 2 && v.videoWidth > 0; }";

    [Fact(Timeout = 180_000)]
    public async Task PublisherTabCrashes_RemovedAfterConsentTimeout_LivestreamGoesOn()
    {
        await using var server = await ServerProcess.StartAsync(
            ("WebRtc__PublicAddresses__0", "127.0.0.1"), ("WebRtc__ConsentTimeout", "00:00:05"));
        var client = server.Client;
        var roomId = (await (await client.PostAsJsonAsync("/v2/rooms", new { })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("roomId").GetString()!;
        var bot = await client.PostAsJsonAsync($"/v2/rooms/{roomId}/test-participants", new { name = "Bot", width = 320, height = 180 });
        Assert.True(bot.IsSuccessStatusCode, await bot.Content.ReadAsStringAsync());
        var publish = await browser.NewPageAsync(server.BaseAddress, output);
        await using (publish)
        {
            await publish.Page.GotoAsync($"/publish.html?room={roomId}&name=Cam&token={TestTokens.Default}");
            await publish.WaitUntilAsync(PreviewPlays, TimeSpan.FromSeconds(15), "the camera preview plays");
            await publish.Page.Locator("#go-live").ClickAsync();
            await Expect(publish.Page.Locator("#state")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
            Assert.Equal(2, (await ParticipantsAsync(client, roomId)).Length);

            await using var states = await server.RecordHlsStatesAsync(roomId);
            var start = await client.PostAsJsonAsync("/v2/hls/start", new { roomId, config = new { quality = "low", mode = "video-and-audio" } });
            Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
            var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            var playable = await states.WaitForAsync("HLS_PLAYABLE", TimeSpan.FromSeconds(40));

            // The tab dies: no DELETE gets out (blocked), and the renderer crashes (no pagehide, no ICE).
            await publish.Page.RouteAsync("**/v2/whip/sessions/**", route =>
                route.Request.Method == "DELETE" ? route.AbortAsync() : route.ContinueAsync());
            var cdp = await publish.Page.Context.NewCDPSessionAsync(publish.Page);
            _ = cdp.SendAsync("Page.crash");
            Assert.Contains(await ParticipantsAsync(client, roomId), p => p.GetProperty("name").GetString() == "Cam");

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
            JsonElement[] left;
            while ((left = await ParticipantsAsync(client, roomId)).Length > 1 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }

            Assert.Equal("Bot", Assert.Single(left).GetProperty("name").GetString());
            Assert.Contains("consent", server.Output, StringComparison.OrdinalIgnoreCase);

            var media = await PlaylistText.TopRenditionUrlAsync(client, playable.PlaybackHlsUrl!);
            var before = PlaylistText.SegmentCount(await client.GetStringAsync(media));
            var grown = false;
            for (var i = 0; i < 100 && !grown; i++)
            {
                await Task.Delay(200);
                grown = PlaylistText.SegmentCount(await client.GetStringAsync(media)) > before + 1;
            }

            Assert.True(grown, "the playlist stopped growing after the publisher vanished");
            var livestream = await client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");
            Assert.Equal("HLS_PLAYABLE", livestream.GetProperty("status").GetString());
            Assert.DoesNotContain(states.Seen, s => s.Status is "HLS_FAILED" or "HLS_STOPPING");
            await client.PostAsJsonAsync("/v2/hls/end", new { roomId });
            await states.WaitForAsync("HLS_STOPPED", TimeSpan.FromSeconds(40));
        }
    }

    private static async Task<JsonElement[]> ParticipantsAsync(HttpClient client, string roomId) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/participants")).EnumerateArray()];
}
