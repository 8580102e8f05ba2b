using LiveServer.Api.Interactive;
using LiveServer.Hls.Playlists;

namespace LiveServer.Api.Livestreams;

/// <summary>
/// Puts a room's <see cref="TimedMark"/>s into its running livestream: each becomes an
/// <c>#EXT-X-DATERANGE</c> in every rendition's media playlists (DVR and live window), from the next
/// playlist update on, and so in the VOD playlist written at the end. A room with no running
/// livestream, one whose pipeline has not started yet, or one that ended keeps nothing: marks are
/// not replayed into a later livestream. Never throws at the caller.
/// </summary>
public sealed partial class LivestreamMarks(LivestreamService livestreams, ILogger<LivestreamMarks> logger) : ITimedMarks
{
    /// <inheritdoc />
    public void Mark(string roomId, TimedMark mark)
    {
        ArgumentNullException.ThrowIfNull(mark);
        if (livestreams.ActiveRunner(roomId)?.Origin is not { } origin)
        {
            LogNoLivestream(roomId, mark.Id);
            return;
        }

        DateRange range;
        try
        {
            range = DateRange.Create(mark.Id, mark.Class, mark.Start, mark.Attributes, mark.End);
        }
        catch (ArgumentException e)
        {
            LogInvalid(roomId, mark.Id, e.Message);
            return;
        }

        if (!origin.Mark(range))
        {
            LogNoLivestream(roomId, mark.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Mark {MarkId} of room {RoomId} dropped: no livestream is running")]
    private partial void LogNoLivestream(string roomId, string markId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mark {MarkId} of room {RoomId} dropped: {Reason}")]
    private partial void LogInvalid(string roomId, string markId, string reason);
}
