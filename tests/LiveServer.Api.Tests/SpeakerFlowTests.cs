using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LiveServer.TestKit;

namespace LiveServer.Api.Tests;

/// <summary>
/// Active speaker detection through the in-memory host with real FFmpeg: test participants talk on a
/// schedule, <c>speakerChanged</c> arrives over SignalR, and the SPOTLIGHT in the HLS follows the
/// speaker within the hysteresis, unless a pin overrides it.
/// </summary>
/// <remarks>
/// Times are mapped between a participant's schedule and the HLS timeline through a stopwatch: a
/// schedule starts when its participant is created, the HLS timeline when the livestream starts
/// (the compositor clock). Both are known to a few hundred milliseconds, so frames are taken well
/// inside a talk period: about 2.5 s after it starts (the hand-over takes about 1.2 s) and 1.5 s
/// before the next speaker could take over.
/// </remarks>
[Collection(FfmpegCollection.Name)]
public sealed class SpeakerFlowTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private const int Width = 640;
    private const int Height = 360;
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);
    private static readonly (int R, int G, int B) Red = (0xe0, 0x20, 0x20);
    private static readonly (int R, int G, int B) Blue = (0x20, 0x40, 0xe0);
    private readonly LiveServerFactory _factory = fixture.Factory;
    private readonly HttpClient _client = fixture.Factory.CreateClient();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private Task<string> AddColourAsync(string roomId, string name, (int R, int G, int B) colour, object? speech) =>
        _client.AddTestParticipantAsync(roomId, new
        {
            name,
            pattern = "color",
            color = $"#{colour.R:x2}{colour.G:x2}{colour.B:x2}",
            width = 320,
            height = 180,
            speech,
        });

    private async Task<string> EndAndReadPlaylistAsync(string roomId, string id, HlsStateRecorder states)
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsJsonAsync("/v2/hls/end", new { roomId })).StatusCode);
        await states.WaitForAsync("HLS_STOPPED", StateTimeout);
        return Path.Combine(_factory.StoragePath, id, "360p.m3u8");
    }

    private static async Task AssertCentreAsync(string playlist, double seconds, (int R, int G, int B) colour, string what)
    {
        var frame = await Ffprobe.FrameAtAsync(playlist, seconds, Width, Height);
        Assert.True(
            frame.IsNear(Width / 2, Height / 2, colour.R, colour.G, colour.B),
            $"{what}: the centre at {seconds:0.0} s was {frame.At(Width / 2, Height / 2)}");
    }

    private async Task WaitUntilAsync(TimeSpan at)
    {
        var left = at - _clock.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }
    }

    [Fact]
    public async Task Spotlight_TwoParticipantsTakeTurns_EventsAndSpotlightFollowTheSpeaker()
    {
        var roomId = await _client.CreateRoomAsync();
        var red = await AddColourAsync(roomId, "Red", Red, new { talkMs = 4000, silenceMs = 4000, offsetMs = 0 });
        var redEpoch = _clock.Elapsed;
        var blue = await AddColourAsync(roomId, "Blue", Blue, new { talkMs = 4000, silenceMs = 4000, offsetMs = 4000 });
        var blueEpoch = _clock.Elapsed;
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        await using var speakers = await SpeakerChangeRecorder.ConnectAsync(_factory, roomId, () => _clock.Elapsed);

        var id = (await _client.StartHlsAsync(roomId, new { quality = "low", layout = new { type = "SPOTLIGHT" } }))
            .GetProperty("id").GetString()!;
        var hlsEpoch = _clock.Elapsed;

        // Talk periods on the HLS timeline: red from -lead, blue 4 s after its own creation, red again 8 s after its creation.
        double Hls(TimeSpan epoch, double scheduleSeconds) => (epoch - hlsEpoch).TotalSeconds + scheduleSeconds;
        var redFirst = Math.Max(Hls(redEpoch, 0), 0);
        var blueTalk = Hls(blueEpoch, 4);
        var redAgain = Hls(redEpoch, 8);
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        var changes = await speakers.WaitForCountAsync(3, StateTimeout);
        await WaitUntilAsync(hlsEpoch + TimeSpan.FromSeconds(redAgain + 3.5));
        var playlist = await EndAndReadPlaylistAsync(roomId, id, states);

        Assert.Equal(["Red", "Blue", "Red"], changes.Take(3).Select(c => c.Name));
        Assert.Equal([red, blue, red], changes.Take(3).Select(c => c.ParticipantId));
        Assert.All(changes, c => Assert.Equal((roomId, id), (c.RoomId, c.LivestreamId)));
        Assert.Equal(3, speakers.Seen.Count);

        await AssertCentreAsync(playlist, redFirst + 2.5, Red, "red talking");
        await AssertCentreAsync(playlist, blueTalk + 2.5, Blue, "blue talking");
        await AssertCentreAsync(playlist, redAgain + 2.5, Red, "red talking again");
    }

    [Fact]
    public async Task SpotlightPinPriority_SilentParticipantPinned_StaysInSpotlightWhileOtherTalks()
    {
        var roomId = await _client.CreateRoomAsync();
        // Blue joins first and never talks; red talks all the time. Without the pin red would have the
        // spotlight once it is the speaker; without speaker priority blue would keep it after the unpin.
        var blue = await AddColourAsync(roomId, "Blue", Blue, new { talkMs = 0, silenceMs = 1000 });
        var red = await AddColourAsync(roomId, "Red", Red, speech: null);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsync($"/v2/rooms/{roomId}/participants/{blue}/pin", null)).StatusCode);
        await using var states = await _factory.RecordHlsStatesAsync(roomId);
        await using var speakers = await SpeakerChangeRecorder.ConnectAsync(_factory, roomId, () => _clock.Elapsed);

        var id = (await _client.StartHlsAsync(roomId, new { quality = "low", layout = new { type = "SPOTLIGHT", priority = "PIN" } }))
            .GetProperty("id").GetString()!;
        var hlsEpoch = _clock.Elapsed;
        var redSpeaks = Assert.Single(await speakers.WaitForCountAsync(1, StateTimeout));
        await states.WaitForAsync("HLS_PLAYABLE", StateTimeout);
        await WaitUntilAsync(redSpeaks.Received + TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/v2/rooms/{roomId}/participants/{blue}/pin")).StatusCode);
        var unpinned = (_clock.Elapsed - hlsEpoch).TotalSeconds;
        await WaitUntilAsync(_clock.Elapsed + TimeSpan.FromSeconds(2.5));
        var playlist = await EndAndReadPlaylistAsync(roomId, id, states);

        Assert.Equal((red, "Red"), (redSpeaks.ParticipantId, redSpeaks.Name));
        Assert.Single(speakers.Seen);
        await AssertCentreAsync(playlist, (redSpeaks.Received - hlsEpoch).TotalSeconds + 1, Blue, "blue pinned while red speaks");
        await AssertCentreAsync(playlist, unpinned + 1.5, Red, "red speaking after the unpin");
    }
}
