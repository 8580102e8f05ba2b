using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LiveServer.Api.Storage;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Compositing;
using LiveServer.Media.Video;
using LiveServer.TestKit;
using SkiaSharp;

namespace LiveServer.Api.Tests;

/// <summary>
/// <c>config.overlays</c>: the running poll's card and the audience's reactions drawn into the
/// composed picture (read back with <c>POST /v2/hls/capture</c>), switched on and off live by PATCH,
/// validated as an object of booleans, and shown by GET as it was set.
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class OverlaysTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private const int Width = 640;
    private const int Height = 360;
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private static readonly OverlayAreas Areas = OverlayAreas.For(Width, Height);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task PollOverlay_CardShowsThePollAndItsVotes_PatchTurnsItOffAndOnLive()
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "R", pattern = "color", color = "#e02020", width = 320, height = 180 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var started = await _client.StartHlsAsync(roomId, new { quality = "low", theme = "DARK", overlays = new { poll = true } });
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal((false, true), Overlays(started));
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);

        // The tile's picture first (its placeholder shows until the decoder has one), with no poll yet.
        using var before = await CaptureWhenAsync(roomId, image => IsRed(image.GetPixel(Width / 2, Height / 2)));
        Assert.True(IsRed(before.GetPixel(Width / 2, Height / 2)), "the participant's picture never showed");

        var created = await _client.PostAsJsonAsync($"/v2/rooms/{roomId}/polls", new { question = "Which one?", options = new[] { "left", "right" } });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var pollId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("pollId").GetString()!;
        using var opened = await CaptureWhenAsync(roomId, image => Changed(before, image, CardBottom) > CardBottom.Width * CardBottom.Height / 2);
        Assert.True(Changed(before, opened, CardBottom) > CardBottom.Width * CardBottom.Height / 2, "the poll card never appeared");
        Assert.True(Changed(before, opened, Untouched) < Untouched.Width * Untouched.Height / 50, "the picture changed outside the overlay areas");

        var viewer = _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, "voter"));
        Assert.Equal(HttpStatusCode.OK, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{pollId}/votes", new { optionId = "a" })).StatusCode);

        // A full bar and "100%" for the first option: a few hundred pixels of the card change.
        using var voted = await CaptureWhenAsync(roomId, image => Changed(opened, image, Areas.Poll) > 300);
        Assert.True(Changed(opened, voted, Areas.Poll) > 300, "the vote never showed on the card");

        var off = await PatchAsync(id, """{"overlays":{"poll":false}}""");
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        Assert.Equal((false, false), Overlays(await off.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Equal((false, false), Overlays(await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}")));
        using var hidden = await CaptureWhenAsync(roomId, image => Changed(before, image, Areas.Poll) < Areas.Poll.Width * Areas.Poll.Height / 50);
        Assert.True(Changed(before, hidden, Areas.Poll) < Areas.Poll.Width * Areas.Poll.Height / 50, "the card stayed after PATCH turned it off");

        var on = await PatchAsync(id, """{"overlays":{"poll":true,"reactions":true}}""");
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);
        Assert.Equal((true, true), Overlays(await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}")));
        using var back = await CaptureWhenAsync(roomId, image => Changed(before, image, CardBottom) > CardBottom.Width * CardBottom.Height / 2);
        Assert.True(Changed(before, back, CardBottom) > CardBottom.Width * CardBottom.Height / 2, "the card did not come back after PATCH turned it on");

        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
        Assert.Equal((true, true), Overlays(await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}")));
    }

    [Fact]
    public async Task ReactionsOverlay_ReactionsRiseInTheReactionAreaOnly()
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "B", pattern = "color", color = "#2040e0", width = 320, height = 180 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        await _client.StartHlsAsync(roomId, new { quality = "low", overlays = new { reactions = true } });
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        using var before = await CaptureWhenAsync(roomId, image => image.GetPixel(Width / 2, Height / 2).Blue > 180);

        var sent = 0;
        using var during = await CaptureWhenAsync(
            roomId,
            image => Changed(before, image, Areas.Reactions) > 100,
            async () =>
            {
                var viewer = _factory.CreateClientWith("Bearer " + TestTokens.Issue(["viewer"], roomId, $"fan-{sent++}"));
                Assert.Equal(HttpStatusCode.Accepted, (await viewer.PostAsJsonAsync($"/v2/rooms/{roomId}/reactions", new { type = "heart" })).StatusCode);
            });

        Assert.True(Changed(before, during, Areas.Reactions) > 100, $"no reaction showed after {sent} were sent");
        Assert.True(Changed(before, during, Untouched) < Untouched.Width * Untouched.Height / 50, "the picture changed outside the overlay areas");
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    [Theory]
    [InlineData("""{"overlays":{"poll":"yes"}}""", "config.overlays.poll")]
    [InlineData("""{"overlays":true}""", "config.overlays")]
    [InlineData("""{"overlays":{"poll":true,"sparkles":true}}""", "config.overlays.sparkles")]
    public async Task Start_OverlaysNotAnObjectOfBooleans_400NamingTheField(string config, string field)
    {
        var roomId = await _client.CreateRoomAsync();

        var response = await _client.PostAsync(
            "/v2/hls/start", new StringContent($$"""{"roomId":"{{roomId}}","config":{{config}}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ProblemAsync()).ErrorFields());
        var active = await _client.GetAsync($"/v2/hls/{roomId}/active");
        Assert.Equal(HttpStatusCode.NotFound, active.StatusCode);
    }

    [Fact]
    public async Task Defaults_BothOff_AndPatchWithAnUnknownOverlayIsRefused()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        var started = await _client.StartHlsAsync(roomId, new { quality = "low" });
        var id = started.GetProperty("id").GetString()!;
        Assert.Equal((false, false), Overlays(started));
        await states.WaitForAsync("HLS_STARTED", StateTimeout);

        var unknown = await PatchAsync(id, """{"overlays":{"confetti":true}}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(["config.overlays.confetti"], (await unknown.ProblemAsync()).ErrorFields());
        Assert.Equal((false, false), Overlays(await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}")));

        var reactions = await PatchAsync(id, """{"overlays":{"reactions":true}}""");
        Assert.Equal(HttpStatusCode.OK, reactions.StatusCode);
        Assert.Equal((true, false), Overlays(await _client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}")));
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    [Fact]
    public void StoredConfig_KeepsOverlays_AndARowFromBeforeOverlaysReadsAsNone()
    {
        var config = LivestreamConfig.Default with { Overlays = new OverlayConfig(Reactions: true, Poll: false) };
        var livestream = new Livestream("hls-overlays", "room", config, DateTimeOffset.UnixEpoch);

        var stored = LivestreamRecords.ToStored(livestream);
        var older = stored with { ConfigJson = stored.ConfigJson.Replace("\"overlays\"", "\"unused\"", StringComparison.Ordinal) };

        Assert.Equal(config.Overlays, LivestreamRecords.FromStored(stored).Config.Overlays);
        Assert.Equal(OverlayConfig.None, LivestreamRecords.FromStored(older).Config.Overlays);
    }

    /// <summary>The bottom 40 rows of the poll area: inside the card of any poll (landscape cards sit at the bottom).</summary>
    private static PixelRect CardBottom => new(Areas.Poll.X + 8, Areas.Poll.Y + Areas.Poll.Height - 40, Areas.Poll.Width - 16, 32);

    /// <summary>Part of the picture no overlay draws on (top middle, between the areas).</summary>
    private static PixelRect Untouched => new(Width / 2 - 100, 10, 200, 60);

    private static (bool Reactions, bool Poll) Overlays(JsonElement livestream)
    {
        var overlays = livestream.GetProperty("config").GetProperty("overlays");
        return (overlays.GetProperty("reactions").GetBoolean(), overlays.GetProperty("poll").GetBoolean());
    }

    private Task<HttpResponseMessage> PatchAsync(string id, string json) =>
        _client.PatchAsync($"/v2/hls/{id}/config", new StringContent(json, Encoding.UTF8, "application/json"));

    /// <summary>
    /// Captures the composed picture until <paramref name="condition"/> holds (every 50 ms, up to 200
    /// times, doing <paramref name="between"/> before each), and returns the last capture.
    /// </summary>
    private async Task<SKBitmap> CaptureWhenAsync(string roomId, Func<SKBitmap, bool> condition, Func<Task>? between = null)
    {
        SKBitmap? image = null;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (between is not null)
            {
                await between();
            }

            image?.Dispose();
            var response = await _client.PostAsJsonAsync("/v2/hls/capture", new { roomId });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
            Assert.Equal((Width, Height), (image.Width, image.Height));
            if (condition(image))
            {
                break;
            }

            await Task.Delay(50);
        }

        return image!;
    }

    /// <summary>Pixels of <paramref name="area"/> whose colour moved by more than 40 in any channel.</summary>
    private static int Changed(SKBitmap a, SKBitmap b, PixelRect area)
    {
        var changed = 0;
        for (var y = area.Y; y < area.Y + area.Height; y++)
        {
            for (var x = area.X; x < area.X + area.Width; x++)
            {
                SKColor p = a.GetPixel(x, y), q = b.GetPixel(x, y);
                if (Math.Abs(p.Red - q.Red) > 40 || Math.Abs(p.Green - q.Green) > 40 || Math.Abs(p.Blue - q.Blue) > 40)
                {
                    changed++;
                }
            }
        }

        return changed;
    }

    private static bool IsRed(SKColor pixel) => pixel.Red > 180 && pixel.Green < 80 && pixel.Blue < 80;
}
