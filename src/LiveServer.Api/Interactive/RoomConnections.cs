using System.Collections.Concurrent;
using LiveServer.Api.Auth;
using Microsoft.AspNetCore.SignalR;

namespace LiveServer.Api.Interactive;

/// <summary>
/// The hub connections and the rooms each joined, so <c>Publish</c> can insist on a joined room, a
/// ban can close the banned participant's connections and a stage invite can go to the invited
/// viewer's connections only. <see cref="IHubContext{THub}"/> cannot close a connection, so the
/// connection's own <see cref="HubCallerContext"/> is kept and <see cref="HubCallerContext.Abort"/>
/// called on it. Bans and invites scan every connection: they are rare, joins are not, so joins stay
/// one dictionary write.
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

    /// <summary>The connection is gone; answers the rooms it had joined.</summary>
    public IReadOnlyList<string> Disconnected(string connectionId)
    {
        if (!_members.TryRemove(connectionId, out var member))
        {
            return [];
        }

        lock (member.Rooms)
        {
            return [.. member.Rooms];
        }
    }

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

    /// <summary>
    /// True when a connection of <paramref name="participantId"/> joined <paramref name="roomId"/> (a viewer
    /// in the room, say, for a gift); <paramref name="name"/> is that token's <c>name</c>, if it has one.
    /// Scans every connection, as <see cref="Abort"/> does.
    /// </summary>
    public bool TryFindParticipant(string roomId, string participantId, out string? name)
    {
        foreach (var member in _members.Values)
        {
            if (!string.Equals(member.ParticipantId, participantId, StringComparison.Ordinal))
            {
                continue;
            }

            lock (member.Rooms)
            {
                if (!member.Rooms.Contains(roomId))
                {
                    continue;
                }
            }

            name = member.Context.User?.DisplayName();
            return true;
        }

        name = null;
        return false;
    }

    /// <summary>Closes every connection of <paramref name="participantId"/> that joined <paramref name="roomId"/>; returns how many.</summary>
    public int Abort(string roomId, string participantId)
    {
        var members = MembersOf(roomId, participantId);
        foreach (var member in members)
        {
            member.Context.Abort();
        }

        return members.Count;
    }

    /// <summary>The ids of the connections of <paramref name="participantId"/> (its token's) that joined <paramref name="roomId"/>.</summary>
    public IReadOnlyList<string> ConnectionsOf(string roomId, string participantId) =>
        [.. MembersOf(roomId, participantId).Select(m => m.Context.ConnectionId)];

    private List<Member> MembersOf(string roomId, string participantId)
    {
        var found = new List<Member>();
        foreach (var member in _members.Values)
        {
            if (!string.Equals(member.ParticipantId, participantId, StringComparison.Ordinal))
            {
                continue;
            }

            lock (member.Rooms)
            {
                if (member.Rooms.Contains(roomId))
                {
                    found.Add(member);
                }
            }
        }

        return found;
    }

    private sealed class Member(HubCallerContext context, string? participantId)
    {
        public HubCallerContext Context { get; } = context;

        public string? ParticipantId { get; } = participantId;

        public HashSet<string> Rooms { get; } = new(StringComparer.Ordinal);
    }
}
