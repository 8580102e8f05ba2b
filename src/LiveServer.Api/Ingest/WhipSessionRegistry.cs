using System.Collections.Concurrent;

namespace LiveServer.Api.Ingest;

/// <summary>Open WHIP sessions by their unguessable id (the last part of the session URL).</summary>
public sealed class WhipSessionRegistry
{
    private readonly ConcurrentDictionary<string, WhipSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Open sessions.</summary>
    public int Count => _sessions.Count;

    /// <summary>Open sessions opened by <paramref name="client"/>.</summary>
    public int CountFrom(string client) => _sessions.Values.Count(s => s.Client == client);

    /// <summary>Registers a session.</summary>
    public void Add(WhipSession session) => _sessions[session.Id] = session;

    /// <summary>Looks a session up.</summary>
    public WhipSession? Find(string id) => _sessions.GetValueOrDefault(id);

    /// <summary>Forgets a session; false when it was not there.</summary>
    public bool Remove(string id) => _sessions.TryRemove(id, out _);
}
