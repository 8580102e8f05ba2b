using System.Collections.Concurrent;
using System.Threading.Channels;
using LiveServer.Media.Compositing;
using Microsoft.Extensions.Options;

namespace LiveServer.Api.Interactive;

/// <summary>
/// Each room's <see cref="OverlayState"/>, the hand-over from its audience to its livestream's
/// compositor: made when a poll of the room changes or a livestream of it starts, and kept (a room's
/// state is its latest poll and a few counters), so a livestream started while a poll is open shows it.
/// Depends on nothing but options, so the livestream side and the audience side can both hold it.
/// </summary>
public sealed class OverlayStates(IOptions<ReactionOptions> reactions)
{
    private readonly ConcurrentDictionary<string, OverlayState> _rooms = new(StringComparer.Ordinal);
    private readonly Channel<string> _created = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Rooms whose state was just made and has no poll yet: <see cref="OverlayFeed"/> looks up their open poll.</summary>
    internal ChannelReader<string> Created => _created.Reader;

    /// <summary>The room's state, made now if it has none.</summary>
    public OverlayState For(string roomId)
    {
        ArgumentNullException.ThrowIfNull(roomId);
        if (_rooms.TryGetValue(roomId, out var state))
        {
            return state;
        }

        var made = new OverlayState(reactions.Value.AllowedTypes);
        if (_rooms.TryAdd(roomId, made))
        {
            _created.Writer.TryWrite(roomId);
            return made;
        }

        return _rooms[roomId];
    }

    /// <summary>The room's state if it has one (reactions to a room that never streamed are not kept).</summary>
    public OverlayState? Find(string roomId) => _rooms.GetValueOrDefault(roomId);

    /// <summary>The room's state, made now without looking up its open poll (the caller brings one).</summary>
    internal OverlayState ForPoll(string roomId) => _rooms.GetOrAdd(roomId, _ => new OverlayState(reactions.Value.AllowedTypes));
}
