using System.Diagnostics;
using System.Globalization;
using LiveServer.Media.TestSources;
using LiveServer.TestKit;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveServer.Scenarios;

/// <summary>What every scenario shares: the server, the run's length (quick or full), the clip cache and the results.</summary>
public sealed class ScenarioContext(ServerConnection server, bool quick, string clipCache)
{
    /// <summary>Test participants' picture in the video scenarios (issue 5: 1280x720 at 30 fps).</summary>
    public const int Width = 1280;

    /// <summary>Picture height.</summary>
    public const int Height = 720;

    /// <summary>Frames per second.</summary>
    public const int Fps = 30;

    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>The server under test.</summary>
    public ServerConnection Server { get; set; } = server;

    /// <summary>True for <c>--quick</c>: shorter holds, fewer repetitions.</summary>
    public bool Quick => quick;

    /// <summary>The test clip cache shared by the server and the FFmpeg baseline.</summary>
    public string ClipCache => clipCache;

    /// <summary>Results so far, in order.</summary>
    public List<ScenarioResult> Results { get; } = [];

    /// <summary>Writes a progress line with the time since the run started.</summary>
    public void Log(string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0}s] {message}"));

    /// <summary>The cache file the server writes for a moving test participant called <paramref name="name"/>.</summary>
    public string ClipPath(string name, TestPattern pattern = TestPattern.Moving, int width = Width, int height = Height) =>
        new TestClipStore(clipCache, "ffmpeg", NullLogger.Instance)
            .PathOf(new TestParticipantSettings(name, null, 440, width, height, Fps, Pattern: pattern));

    /// <summary>Creates a room with test participants named <paramref name="names"/> and waits until their clips are cached.</summary>
    public async Task<(string RoomId, List<(string Id, DateTimeOffset JoinedAt)> Participants)> CreateRoomAsync(
        IReadOnlyList<string> names, TestPattern pattern, int width, int height, CancellationToken cancellationToken)
    {
        var roomId = await Server.CreateRoomAsync(cancellationToken);
        var participants = new List<(string, DateTimeOffset)>();
        var patternName = pattern == TestPattern.Counter ? "counter" : "testsrc";
        foreach (var name in names)
        {
            participants.Add(await Server.AddTestParticipantAsync(roomId, new { name, pattern = patternName, width, height, fps = Fps }, cancellationToken));
        }

        foreach (var name in names)
        {
            await WaitForFileAsync(ClipPath(name, pattern, width, height), cancellationToken);
        }

        return (roomId, participants);
    }

    /// <summary>Starts a livestream and waits for HLS_PLAYABLE; returns its id and playlist URLs.</summary>
    /// <remarks>Live and Playback are the top rendition's media playlists (live window, DVR).</remarks>
    public async Task<(string Id, Uri Live, Uri Playback)> StartPlayableAsync(
        string roomId, object config, CancellationToken cancellationToken, string? templateUrl = null)
    {
        await using var states = await Server.RecordHlsStatesAsync(roomId, cancellationToken);
        var started = await Server.StartHlsAsync(roomId, config, cancellationToken, templateUrl);
        await states.WaitForAsync("HLS_PLAYABLE", TimeSpan.FromSeconds(60));
        return (started.GetProperty("id").GetString()!,
            await TopRenditionAsync(started.GetProperty("livestreamUrl").GetString()!, cancellationToken),
            await TopRenditionAsync(started.GetProperty("playbackHlsUrl").GetString()!, cancellationToken));
    }

    /// <summary>The top rendition's media playlist of a multivariant playlist.</summary>
    private async Task<Uri> TopRenditionAsync(string multivariant, CancellationToken cancellationToken)
    {
        var url = new Uri(Server.Http.BaseAddress!, multivariant);
        return new Uri(url, PlaylistText.Uris(await Server.Http.GetStringAsync(url, cancellationToken))[0]);
    }

    /// <summary>Ends the livestream of <paramref name="roomId"/> and waits for HLS_STOPPED.</summary>
    public async Task EndAsync(string roomId, CancellationToken cancellationToken)
    {
        await using var states = await Server.RecordHlsStatesAsync(roomId, cancellationToken);
        await Server.EndHlsAsync(roomId, cancellationToken);
        await states.WaitForAsync("HLS_STOPPED", TimeSpan.FromSeconds(60));
    }

    /// <summary>Removes every participant of a room.</summary>
    public async Task EmptyRoomAsync(string roomId, IEnumerable<string> participantIds, CancellationToken cancellationToken)
    {
        foreach (var id in participantIds)
        {
            await Server.RemoveParticipantAsync(roomId, id, cancellationToken);
        }
    }

    /// <summary>The (URI, duration) of each segment in a media playlist, in order.</summary>
    public static List<(string Uri, double Seconds)> Segments(string playlist)
    {
        var segments = new List<(string, double)>();
        var lines = playlist.Split('\n', StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length - 1; i++)
        {
            if (lines[i].StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                segments.Add((lines[i + 1], double.Parse(lines[i][8..].TrimEnd(','), CultureInfo.InvariantCulture)));
            }
        }

        return segments;
    }

    /// <summary>The sum of the EXTINF durations of a playlist.</summary>
    public static double ListedSeconds(string playlist) => PlaylistText.DurationSeconds(playlist);

    private static async Task WaitForFileAsync(string path, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 600 && !File.Exists(path); i++)
        {
            await Task.Delay(100, cancellationToken);
        }

        if (!File.Exists(path))
        {
            throw new TimeoutException("The test clip was not cached within 60 s: " + path);
        }
    }
}
