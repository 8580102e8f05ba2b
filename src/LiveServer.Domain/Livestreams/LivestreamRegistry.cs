using System.Collections.Concurrent;

namespace LiveServer.Domain.Livestreams;

/// <summary>Every livestream this server ran or runs, with at most one active per room.</summary>
public sealed class LivestreamRegistry
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, Livestream> _byId = new(StringComparer.Ordinal);
    private readonly List<Livestream> _ordered = [];

    /// <summary>
    /// Adds <paramref name="livestream"/> unless its room has an active one; false on that conflict.
    /// </summary>
    public bool TryAdd(Livestream livestream)
    {
        lock (_gate)
        {
            if (_ordered.Exists(l => l.RoomId == livestream.RoomId && l.IsActive))
            {
                return false;
            }

            _ordered.Add(livestream);
            _byId[livestream.Id] = livestream;
            return true;
        }
    }

    /// <summary>Looks a livestream up by id.</summary>
    public Livestream? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The active livestream of a room, if any.</summary>
    public Livestream? FindActive(string roomId)
    {
        lock (_gate)
        {
            return _ordered.FindLast(l => l.RoomId == roomId && l.IsActive);
        }
    }

    /// <summary>Every active livestream.</summary>
    public IReadOnlyList<Livestream> Active()
    {
        lock (_gate)
        {
            return _ordered.FindAll(l => l.IsActive);
        }
    }

    /// <summary>Newest first, optionally for one room; <paramref name="page"/> counts from 1.</summary>
    public LivestreamPage List(string? roomId, int page, int perPage)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perPage, 1);
        List<Livestream> matching;
        lock (_gate)
        {
            matching = _ordered.FindAll(l => roomId is null || l.RoomId == roomId);
        }

        matching.Reverse();
        var lastPage = Math.Max(1, (matching.Count + perPage - 1) / perPage);
        var items = matching.Skip((page - 1) * perPage).Take(perPage).ToList();
        return new LivestreamPage(items, page, perPage, lastPage, matching.Count);
    }
}
