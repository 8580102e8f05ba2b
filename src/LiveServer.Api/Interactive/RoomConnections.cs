using System.Collections.Concurrent;
using LiveServer.Api.Auth;
using Microsoft.AspNetCore.SignalR;

namespace LiveServer.Api.Interactive;

/// <summary>
/// The hub connections and the rooms each joined, so <c>Publish</c> can insist on a joined room and a
/// ban can close the banned participant's connections. <see cref="IHubContext{THub}"/> cannot close a
/// connection, so the connection's own <see cref="HubCallerContext"/> is kept and
/// <see cref="HubCallerContext.Abort"/> called on it. A ban scans every connection: bans are rare,
/// joins are not, so joins stay one dictionary write.
/// </summary>
public sealed class RoomConnections
{
    private readonly ConcurrentDictionary<string, Member> _members = new(StringComparer.Ordinal);

    /// <summary>Connections that joined at least one room.</summary>
    public int Count => _members.Count;

    /// <summary>The connection of <paramref name="context"/> joined <paramref name="roomId"/>.</summary>
    public void Joined(HubCallerContext context, string roomId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var member = _members.GetOrAdd(context.ConnectionId, _ => new Member(context, context.User?.RestrictedParticipant()));
        lock (member.Rooms)
        {
            member.Rooms.Add(roomId);
        }
    }

    /// <summary>The connection left <paramref name="roomId"/>.</summary>
    public void Left(string connectionId, string roomId)
    {
        if (_members.TryGetValue(connectionId, out var member))
        {
            lock (member.Rooms)
            {
                member.Rooms.Remove(roomId);
            }
        }
    }

    /// <summary>The connection is gone.</summary>
    public void Disconnected(string connectionId) => _members.TryRemove(connectionId, out _);

    /// <summary>True when the connection joined <paramref name="roomId"/> and has not left it.</summary>
    public bool HasJoined(string connectionId, string roomId)
    {
        if (!_members.TryGetValue(connectionId, out var member))
        {
            return false;
        }

        lock (member.Rooms)
        {
            return member.Rooms.Contains(roomId);
        }
    }

    /// <summary>Closes every connection of <paramref name="participantId"/> that joined <paramref name="roomId"/>; returns how many.</summary>
    public int Abort(string roomId, string participantId)
    {
        var closed = 0;
        foreach (var member in _members.Values)
        {
            if (!string.Equals(member.ParticipantId, participantId, StringComparison.Ordinal))
            {
                continue;
            }

            bool inRoom;
            lock (member.Rooms)
            {
                inRoom = member.Rooms.Contains(roomId);
            }

            if (inRoom)
            {
                member.Context.Abort();
                closed++;
            }
        }

        return closed;
    }

    private sealed class Member(HubCallerContext context, string? participantId)
    {
        public HubCallerContext Context { get; } = context;

        public string? ParticipantId { get; } = participantId;

        public HashSet<string> Rooms { get; } = new(StringComparer.Ordinal);
    }
}
