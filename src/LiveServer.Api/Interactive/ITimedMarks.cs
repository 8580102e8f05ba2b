namespace LiveServer.Api.Interactive;

/// <summary>
/// A moment of a room's life that belongs in its livestream's timeline: written into the running
/// livestream's media playlists as an <c>#EXT-X-DATERANGE</c> (RFC 8216bis §4.4.5.1), so DVR playback
/// and players with timed-metadata support show it where it happened in the picture.
/// </summary>
/// <param name="Id">The DATERANGE <c>ID</c>; a later mark with the same id adds to it (its end).</param>
/// <param name="Class">The DATERANGE <c>CLASS</c>, such as <c>com.liveserver.poll</c>.</param>
/// <param name="Start">When it happened (<c>START-DATE</c>), on the clock PROGRAM-DATE-TIME uses.</param>
/// <param name="Attributes">Client attributes, each name starting with <c>X-</c>, values as text.</param>
/// <param name="End">When it ended (<c>END-DATE</c>), when it has.</param>
public sealed record TimedMark(
    string Id,
    string Class,
    DateTimeOffset Start,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset? End = null);

/// <summary>Takes the marks of a room; a room with no running livestream keeps none.</summary>
public interface ITimedMarks
{
    /// <summary>Adds <paramref name="mark"/> to the room's running livestream, if there is one.</summary>
    void Mark(string roomId, TimedMark mark);
}
