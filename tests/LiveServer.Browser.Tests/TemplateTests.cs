using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveServer.TestKit;

namespace LiveServer.Browser.Tests;

/// <summary>
/// Custom templates end to end: the server opens a page of another origin in its own headless
/// Chromium, the page loads the SDK, reports its slots and calls ready(), and the decoded HLS output
/// shows the page's pixels over the participants' video in those slots. Also: what the SDK gives the
/// page reaches the picture, a CSS animation is motion in the stream, a page that fails fails the
/// livestream with its console errors, a crashing Chromium is restarted and then given up for the
/// built-in layout, and PATCH switches between template and layout.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TemplateTests(ServerFixture server, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);
    private const int Width = 1280;
    private const int Height = 720;

    // Page colours (opaque), as RGB.
    private static readonly (int R, int G, int B) Header = (32, 192, 32);
    private static readonly (int R, int G, int B) Red = (224, 16, 16);
    private static readonly (int R, int G, int B) Blue = (16, 48, 224);

    private const string SlotStyle = """
        #hdr { position: absolute; left: 0; top: 0; width: 1280px; height: 80px; background: rgb(32, 192, 32); }
        .slot { position: absolute; top: 120px; }
        #s0 { left: 40px; width: 560px; height: 315px; }
        #s1 { left: 660px; width: 200px; height: 356px; object-fit: cover; }
        #s2 { left: 920px; width: 200px; height: 356px; object-fit: contain; }
        #plate { position: absolute; left: 40px; top: 395px; width: 160px; height: 40px; display: none; }
        #poll { position: absolute; left: 1180px; top: 600px; width: 60px; height: 60px; background: rgb(224, 32, 224); display: none; }
        """;

    private const string SlotBody = """
        <div id="hdr"></div>
        <div class="slot" id="s0" data-liveserver-slot="0"></div>
        <div class="slot" id="s1" data-liveserver-slot="1"></div>
        <div class="slot" id="s2" data-liveserver-slot="2"></div>
        <div id="plate"></div><div id="poll"></div>
        """;

    // The plate under slot 0 is black for "Red", white for anyone else; the square shows once a poll has a vote.
    private const string SlotScript = """
        const t = LiveServer.template;
        t.on('state', state => {
          const first = state.slots.find(s => s.slot === 0);
          const plate = document.getElementById('plate');
          plate.style.display = first ? 'block' : 'none';
          plate.style.background = first && first.name === 'Red' ? 'black' : 'white';
          document.getElementById('poll').style.display = state.polls.some(p => p.status === 'open' && p.total > 0) ? 'block' : 'none';
        });
        t.ready();
        """;

    private readonly TemplateSite _site = new();

    [Fact(Timeout = 180_000)]
    public async Task Template_DrawsThePageOverEachParticipantsVideoInItsSlots()
    {
        var roomId = await server.CreateRoomAsync();
        await server.AddTestParticipantAsync(roomId, new { name = "Red", pattern = "color", color = "#e01010", width = 640, height = 360 });
        await server.AddTestParticipantAsync(roomId, new { name = "Blue", pattern = "color", color = "#1030e0", width = 640, height = 360 });
        var url = _site.Add("slots.html", SlotStyle, SlotBody, SlotScript);

        var clock = Stopwatch.StartNew();
        var id = await StartAsync(roomId, url);
        await WaitUntilAsync(async () => (await LivestreamAsync(id)).GetProperty("status").GetString() == "HLS_PLAYABLE");
        output.WriteLine($"start → HLS_PLAYABLE with a template: {clock.ElapsedMilliseconds} ms");
        try
        {
            var livestream = await LivestreamAsync(id);
            Assert.Equal(url, livestream.GetProperty("templateUrl").GetString());

            // Decoded from the HLS output by FFmpeg, a little before its newest segment ends.
            var playlist = $"{server.Server.BaseAddress}hls/{id}/720p.m3u8";
            await WaitUntilAsync(async () => PlaylistText.SegmentCount(await server.Client.GetStringAsync(playlist)) >= 2);
            var seconds = PlaylistText.DurationSeconds(await server.Client.GetStringAsync(playlist)) - 0.5;
            var frame = await Ffprobe.FrameAtAsync(playlist, seconds, Width, Height);
            Assert.True(Near(frame, 640, 40, Header), $"header {frame.At(640, 40)}");
            var first = frame.At(60, 140);
            var second = frame.At(680, 300);
            Assert.True(IsOneOf(first, Red, Blue) && IsOneOf(second, Red, Blue) && !IsSame(first, second), $"slots {first} {second}");

            // Cover fills the 9:16 slot from its top edge; slot 2 is empty (two participants), the page's transparent area.
            Assert.True(IsSame(frame.At(760, 126), second), $"cover top {frame.At(760, 126)} vs {second}");

            // The page's plate (the SDK's slot assignment) names whoever the server put in slot 0.
            var plate = frame.At(120, 415);
            var redFirst = IsSame(first, Red);
            Assert.True(redFirst ? plate.R < 40 && plate.G < 40 : plate.R > 200 && plate.G > 200, $"plate {plate}, slot 0 {first}");

            // A poll with a vote reaches the page through the hub, and the page's change reaches the picture.
            var poll = await (await server.Client.PostAsJsonAsync($"/v2/rooms/{roomId}/polls", new { question = "Q?", options = new[] { "a", "b" } }))
                .Content.ReadFromJsonAsync<JsonElement>();
            var option = poll.GetProperty("options")[0].GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.OK, (await server.Client.PostAsJsonAsync($"/v2/rooms/{roomId}/polls/{poll.GetProperty("pollId").GetString()}/votes", new { optionId = option })).StatusCode);
            await WaitUntilAsync(async () =>
            {
                var now = await LatestFrameAsync(id);
                output.WriteLine($"poll square {now.At(1210, 630)}");
                return Near(now, 1210, 630, (224, 32, 224));
            });
        }
        finally
        {
            await server.EndLivestreamAsync(roomId);
        }

        await WaitUntilAsync(async () => (await LivestreamAsync(id)).GetProperty("status").GetString() == "HLS_STOPPED");
        await WaitUntilAsync(() => Task.FromResult(ChromiumFor(id).Count == 0));
    }

    /// <remarks>
    /// That the page is captured as it moves, not how fast: the rate (≥ 15 fps asked) is a figure of
    /// the machine, measured by the <c>template</c> scenario (scripts/scenarios.sh template).
    /// </remarks>
    [Fact(Timeout = 180_000)]
    public async Task Template_CssAnimation_IsMotionInTheStream()
    {
        var roomId = await server.CreateRoomAsync();
        var url = _site.Add(
            "motion.html",
            "#box { position: absolute; left: 0; top: 300px; width: 40px; height: 120px; background: white; animation: run 2s linear infinite; } @keyframes run { from { transform: translateX(0); } to { transform: translateX(1200px); } }",
            "<div id=\"box\"></div>",
            "LiveServer.template.ready();");
        var id = await StartAsync(roomId, url);
        try
        {
            await WaitUntilAsync(async () => (await LivestreamAsync(id)).GetProperty("status").GetString() == "HLS_PLAYABLE");
            await WaitUntilAsync(async () => PlaylistText.SegmentCount(await server.Client.GetStringAsync($"/hls/{id}/720p.m3u8")) >= 3);
            // The last three listed seconds: the stream starts before the page has drawn (background only).
            var playlist = $"{server.Server.BaseAddress}hls/{id}/720p.m3u8";
            var frames = await FramesAsync(playlist, PlaylistText.DurationSeconds(await server.Client.GetStringAsync(playlist)) - 3.2, 90);
            var positions = frames.Select(BoxLeft).ToList();
            var moves = positions.Zip(positions.Skip(1)).Count(p => p.First >= 0 && p.Second >= 0 && p.First != p.Second);
            output.WriteLine($"the box moved in {moves} of {frames.Count - 1} frame steps ({moves * 30.0 / (frames.Count - 1):0.#} fps of page motion), at {positions.Where(p => p >= 0).Distinct().Count()} places");

            // Seen in three seconds of output at many places, left to right: the page is captured as it changes.
            Assert.True(positions.Where(p => p >= 0).Distinct().Count() >= 10, string.Join(",", positions));
            Assert.True(positions.Count(p => p >= 0) >= frames.Count * 9 / 10, "the box is in most frames: " + string.Join(",", positions));
        }
        finally
        {
            await server.EndLivestreamAsync(roomId);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Template_NeverReady_FailsNamingTheTemplateAndItsConsoleErrors()
    {
        var roomId = await server.CreateRoomAsync();
        var url = _site.Add("silent.html", string.Empty, "<p>never ready</p>", "console.error('template-boom-42');");

        var id = await StartAsync(roomId, url);

        await WaitUntilAsync(async () => (await LivestreamAsync(id)).GetProperty("status").GetString() == "HLS_FAILED");
        var reason = (await LivestreamAsync(id)).GetProperty("reason").GetString()!;
        output.WriteLine(reason);
        Assert.Contains("silent.html", reason, StringComparison.Ordinal);
        Assert.Contains("template-boom-42", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", reason, StringComparison.Ordinal);
        await WaitUntilAsync(() => Task.FromResult(ChromiumFor(id).Count == 0));
    }

    [Fact(Timeout = 120_000)]
    public async Task Template_AnswersNotFound_FailsNamingTheStatus()
    {
        var roomId = await server.CreateRoomAsync();
        var url = _site.Add("gone.html", string.Empty, "gone", string.Empty, status: 404);

        var id = await StartAsync(roomId, url);

        await WaitUntilAsync(async () => (await LivestreamAsync(id)).GetProperty("status").GetString() == "HLS_FAILED");
        var reason = (await LivestreamAsync(id)).GetProperty("reason").GetString()!;
        output.WriteLine(reason);
        Assert.Contains("404", reason, StringComparison.Ordinal);
    }

    [Fact(Timeout = 180_000)]
    public async Task Template_ChromiumKilled_IsRestartedThenGivenUpForTheBuiltInLayout()
    {
        var roomId = await server.CreateRoomAsync();
        await server.AddTestParticipantAsync(roomId, new { name = "Red", pattern = "color", color = "#e01010", width = 640, height = 360 });
        var url = _site.Add("crash.html", SlotStyle, SlotBody, SlotScript);
        var id = await StartAsync(roomId, url);
        try
        {
            await WaitUntilAsync(async () => (await LivestreamAsync(id)).GetProperty("status").GetString() == "HLS_PLAYABLE");
            await WaitUntilAsync(async () => Near(await LatestFrameAsync(id), 640, 40, Header));

            // First crash: restarted (the fixture allows one); the page stays on screen and the livestream playable.
            Kill(ChromiumFor(id));
            await WaitUntilAsync(async () => (await LivestreamAsync(id)).GetProperty("stats").GetProperty("templateRestarts").GetInt32() == 1);
            Assert.Equal("HLS_PLAYABLE", (await LivestreamAsync(id)).GetProperty("status").GetString());
            await WaitUntilAsync(() => Task.FromResult(ChromiumFor(id).Count > 0));
            Assert.True(Near(await LatestFrameAsync(id), 640, 40, Header));

            // Second crash: over the limit; the built-in layout takes over and says so.
            await Task.Delay(1000);
            Kill(ChromiumFor(id));
            await WaitUntilAsync(async () => (await LivestreamAsync(id)).GetProperty("stats").TryGetProperty("templateFailure", out var f) && f.ValueKind == JsonValueKind.String);
            var livestream = await LivestreamAsync(id);
            Assert.Equal("HLS_PLAYABLE", livestream.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, livestream.GetProperty("templateUrl").ValueKind);
            var events = await server.Client.GetFromJsonAsync<JsonElement>($"/v2/rooms/{roomId}/events?since=0");
            Assert.Contains(Items(events), e => e.GetProperty("type").GetString() == "templateFailed");
            await WaitUntilAsync(async () => !Near(await LatestFrameAsync(id), 640, 40, Header));
        }
        finally
        {
            await server.EndLivestreamAsync(roomId);
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task Patch_SwitchesBetweenTemplateAndBuiltInLayoutWhileLive()
    {
        var roomId = await server.CreateRoomAsync();
        await server.AddTestParticipantAsync(roomId, new { name = "Red", pattern = "color", color = "#e01010", width = 640, height = 360 });
        var url = _site.Add("switch.html", SlotStyle, SlotBody, SlotScript);
        var started = await server.Client.PostAsJsonAsync("/v2/hls/start", new { roomId });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        try
        {
            await WaitUntilAsync(async () => (await LivestreamAsync(id)).GetProperty("status").GetString() == "HLS_PLAYABLE");

            var toTemplate = await server.Client.PatchAsJsonAsync($"/v2/hls/{id}/config", new { templateUrl = url });
            Assert.Equal(HttpStatusCode.OK, toTemplate.StatusCode);
            Assert.Equal(url, (await toTemplate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("templateUrl").GetString());
            await WaitUntilAsync(async () => Near(await LatestFrameAsync(id), 640, 40, Header));

            var toLayout = await server.Client.PatchAsJsonAsync($"/v2/hls/{id}/config", new { templateUrl = string.Empty, layout = new { type = "SPOTLIGHT" } });
            Assert.Equal(HttpStatusCode.OK, toLayout.StatusCode);
            Assert.Equal(JsonValueKind.Null, (await toLayout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("templateUrl").ValueKind);
            await WaitUntilAsync(async () => !Near(await LatestFrameAsync(id), 640, 40, Header) && IsSame((await LatestFrameAsync(id)).At(640, 100), Red));
            await WaitUntilAsync(() => Task.FromResult(ChromiumFor(id).Count == 0));
        }
        finally
        {
            await server.EndLivestreamAsync(roomId);
        }
    }

    public void Dispose() => _site.Dispose();

    private async Task<string> StartAsync(string roomId, string templateUrl)
    {
        var started = await server.Client.PostAsJsonAsync("/v2/hls/start", new { roomId, templateUrl });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> LivestreamAsync(string id) => await server.Client.GetFromJsonAsync<JsonElement>($"/v2/hls/{id}");

    /// <summary>What the livestream shows now: the compositor's current frame (<c>POST /v2/hls/capture</c>), decoded.</summary>
    private async Task<RgbFrame> LatestFrameAsync(string id)
    {
        var capture = await server.Client.PostAsJsonAsync("/v2/hls/capture", new { roomId = (await LivestreamAsync(id)).GetProperty("roomId").GetString(), format = "png" });
        Assert.Equal(HttpStatusCode.OK, capture.StatusCode);
        var png = Path.Combine(Path.GetTempPath(), $"capture-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(png, await capture.Content.ReadAsByteArrayAsync());
        try
        {
            return await Ffprobe.FrameAtAsync(png, 0, Width, Height);
        }
        finally
        {
            File.Delete(png);
        }
    }

    /// <summary><paramref name="count"/> frames of the rendition from <paramref name="fromSeconds"/>, decoded by FFmpeg.</summary>
    private static async Task<List<RgbFrame>> FramesAsync(string url, double fromSeconds, int count)
    {
        var path = Path.Combine(Path.GetTempPath(), $"frames-{Guid.NewGuid():N}.rgb");
        try
        {
            await ToolProcess.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", "-i", url, "-ss", fromSeconds.ToString(CultureInfo.InvariantCulture), "-frames:v", count.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "rgb24", "-y", path], CancellationToken.None);
            var bytes = await File.ReadAllBytesAsync(path);
            var size = Width * Height * 3;
            return [.. Enumerable.Range(0, bytes.Length / size).Select(i => new RgbFrame(bytes[(i * size)..((i + 1) * size)], Width, Height))];
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The left edge of the white box on row 360, or -1 when it is not seen.</summary>
    private static int BoxLeft(RgbFrame frame)
    {
        for (var x = 0; x < Width; x++)
        {
            if (frame.IsNear(x, 360, 255, 255, 255, 50))
            {
                return x;
            }
        }

        return -1;
    }

    /// <summary>The Chromium processes a livestream's template runs in (their profile folder names the livestream).</summary>
    private static List<int> ChromiumFor(string livestreamId) => [.. FfmpegProcesses.WithArgument("chromium", livestreamId)];

    private static void Kill(List<int> pids)
    {
        Assert.NotEmpty(pids);
        foreach (var pid in pids)
        {
            try
            {
                Process.GetProcessById(pid).Kill();
            }
            catch (ArgumentException)
            {
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement page) =>
        page.ValueKind == JsonValueKind.Array ? page.EnumerateArray() : page.GetProperty("data").EnumerateArray();

    private static bool Near(RgbFrame frame, int x, int y, (int R, int G, int B) colour) => frame.IsNear(x, y, colour.R, colour.G, colour.B);

    private static bool IsSame((int R, int G, int B) a, (int R, int G, int B) b) =>
        Math.Abs(a.R - b.R) <= 40 && Math.Abs(a.G - b.G) <= 40 && Math.Abs(a.B - b.B) <= 40;

    private static bool IsOneOf((int R, int G, int B) colour, params (int R, int G, int B)[] choices) => choices.Any(c => IsSame(colour, c));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not so within {Patience}");
            await Task.Delay(250);
        }
    }
}
