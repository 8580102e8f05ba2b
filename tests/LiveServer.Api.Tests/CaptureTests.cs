using System.Net;
using System.Net.Http.Json;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Layout;
using LiveServer.Media.Video;
using SkiaSharp;

namespace LiveServer.Api.Tests;

/// <summary>POST /v2/hls/capture returns what the livestream shows now.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class CaptureTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Theory]
    [InlineData("DARK", "landscape")]
    [InlineData("LIGHT", "portrait")]
    [InlineData("DEFAULT", "landscape")]
    public async Task Capture_TwoColourTiles_EachTileHasItsColourAndTheBackgroundIsTheTheme(string theme, string orientation)
    {
        var roomId = await _client.CreateRoomAsync();
        await _client.AddTestParticipantAsync(roomId, new { name = "R", pattern = "color", color = "#e02020", width = 320, height = 180 });
        await _client.AddTestParticipantAsync(roomId, new { name = "B", pattern = "color", color = "#2040e0", width = 320, height = 180 });
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        await _client.StartHlsAsync(roomId, new { quality = "low", theme, orientation });
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        var (width, height) = orientation == "landscape" ? (640, 360) : (360, 640);
        var config = LivestreamConfigParser.Parse(new(new("GRID"), theme, null, "low", orientation)).Config!;
        var tiles = LayoutEngine.Arrange(config.Layout, width, height, 2);

        // HLS_PLAYABLE comes with the first parts (well under a second of output): a tile shows its
        // placeholder until its decoder has a first picture, so capture until both have one.
        SKBitmap image;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await _client.PostAsJsonAsync("/v2/hls/capture", new { roomId });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
            if ((IsNear(image, Centre(tiles[0]), 0xe0, 0x20, 0x20) && IsNear(image, Centre(tiles[1]), 0x20, 0x40, 0xe0)) || DateTime.UtcNow > deadline)
            {
                break;
            }

            image.Dispose();
            await Task.Delay(200);
        }

        using var captured = image;
        Assert.Equal((width, height), (image.Width, image.Height));
        AssertNear(image, Centre(tiles[0]), 0xe0, 0x20, 0x20, "the first tile");
        AssertNear(image, Centre(tiles[1]), 0x20, 0x40, 0xe0, "the second tile");
        var background = ThemePalette.For(config.Theme).Background;
        var (r, g, b) = ToRgb(background);
        AssertNear(image, (1, 1), r, g, b, "the background");
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    [Fact]
    public async Task Capture_JpegAtWidth_ScaledJpeg()
    {
        var roomId = await _client.CreateRoomAsync();
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        await _client.StartHlsAsync(roomId, new { quality = "low" });
        await states.WaitForAsync("HLS_STARTED", StateTimeout);

        var response = await _client.PostAsJsonAsync("/v2/hls/capture", new { roomId, format = "jpeg", width = 320 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        using var image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((320, 180), (image.Width, image.Height));
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    [Fact]
    public async Task Capture_NoLivestreamAudioOnlyOrBadInput_RefusedNamingTheField()
    {
        var roomId = await _client.CreateRoomAsync();
        var none = await _client.PostAsJsonAsync("/v2/hls/capture", new { roomId });
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("roomId", (await none.ProblemAsync()).ErrorFields());

        var badFormat = await _client.PostAsJsonAsync("/v2/hls/capture", new { roomId, format = "gif" });
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        Assert.Contains("format", (await badFormat.ProblemAsync()).ErrorFields());
        var badWidth = await _client.PostAsJsonAsync("/v2/hls/capture", new { roomId, width = 5000 });
        Assert.Contains("width", (await badWidth.ProblemAsync()).ErrorFields());

        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        await _client.StartHlsAsync(roomId, new { mode = "audio" });
        await states.WaitForAsync("HLS_STARTED", StateTimeout);
        var audio = await _client.PostAsJsonAsync("/v2/hls/capture", new { roomId });
        Assert.Equal(HttpStatusCode.Conflict, audio.StatusCode);
        await _client.PostAsJsonAsync("/v2/hls/end", new { roomId });
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
    }

    private static (int X, int Y) Centre(PixelRect rect) => (rect.X + (rect.Width / 2), rect.Y + (rect.Height / 2));

    /// <summary>The sRGB colour of a limited-range BT.601 Y'CbCr colour.</summary>
    private static (int R, int G, int B) ToRgb(YuvColor c)
    {
        double y = 1.164 * (c.Y - 16), u = c.U - 128, v = c.V - 128;
        static int Clamp(double x) => (int)Math.Clamp(Math.Round(x), 0, 255);
        return (Clamp(y + (1.596 * v)), Clamp(y - (0.392 * u) - (0.813 * v)), Clamp(y + (2.017 * u)));
    }

    private static bool IsNear(SKBitmap image, (int X, int Y) at, int r, int g, int b)
    {
        var pixel = image.GetPixel(at.X, at.Y);
        return Math.Abs(pixel.Red - r) <= 24 && Math.Abs(pixel.Green - g) <= 24 && Math.Abs(pixel.Blue - b) <= 24;
    }

    private static void AssertNear(SKBitmap image, (int X, int Y) at, int r, int g, int b, string what)
    {
        var pixel = image.GetPixel(at.X, at.Y);
        Assert.True(IsNear(image, at, r, g, b), $"{what} at {at} was ({pixel.Red}, {pixel.Green}, {pixel.Blue}), expected about ({r}, {g}, {b})");
    }
}
