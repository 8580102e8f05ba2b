using LiveServer.Domain.Participants;

namespace LiveServer.Domain.Rooms;

/// <summary>
/// A room: the participants publishing into it and their pins. Thread-safe; membership changes are
/// announced through <see cref="ParticipantJoined"/> and <see cref="ParticipantLeft"/>.
/// </summary>
public sealed class Room(string id, DateTimeOffset createdAt)
{
    private readonly Lock _gate = new();
    private readonly List<Participant> _participants = [];
    private readonly List<string> _pins = [];

    /// <summary>The room's id, generated or chosen by the caller.</summary>
    public string Id { get; } = id;

    /// <summary>When the room was created.</summary>
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>Raised after a participant joined.</summary>
    public event Action<Room, Participant>? ParticipantJoined;

    /// <summary>Raised after a participant left.</summary>
    public event Action<Room, Participant>? ParticipantLeft;

    /// <summary>Raised after the pins changed.</summary>
    public event Action<Room>? PinsChanged;

    /// <summary>The participants in join order.</summary>
    public IReadOnlyList<Participant> Participants
    {
        get
        {
            lock (_gate)
            {
                return [.. _participants];
            }
        }
    }

    /// <summary>Pinned participant ids, first pinned first.</summary>
    public IReadOnlyList<string> Pins
    {
        get
        {
            lock (_gate)
            {
                return [.. _pins];
            }
        }
    }

    /// <summary>Looks a participant up by id.</summary>
    public Participant? FindParticipant(string participantId)
    {
        lock (_gate)
        {
            return _participants.Find(p => p.Id == participantId);
        }
    }

    /// <summary>Adds a participant and announces it; throws when one with its id is here already.</summary>
    public void Add(Participant participant)
    {
        if (!TryAdd(participant, int.MaxValue))
        {
            throw new InvalidOperationException($"Participant '{participant.Id}' is already in room '{Id}'.");
        }
    }

    /// <summary>
    /// Adds a participant and announces it, unless the room holds <paramref name="capacity"/>
    /// participants or one with the same id already: false then, and nothing changed. The check and
    /// the add are one step, so concurrent joins never take a room past its capacity.
    /// </summary>
    public bool TryAdd(Participant participant, int capacity)
    {
        ArgumentNullException.ThrowIfNull(participant);
        lock (_gate)
        {
            if (_participants.Count >= capacity || _participants.Exists(p => p.Id == participant.Id))
            {
                return false;
            }

            _participants.Add(participant);
        }

        ParticipantJoined?.Invoke(this, participant);
        return true;
    }

    /// <summary>Removes a participant (and its pin) and announces it; null when it was not here.</summary>
    public Participant? Remove(string participantId)
    {
        Participant? removed;
        lock (_gate)
        {
            removed = _participants.Find(p => p.Id == participantId);
            if (removed is null)
            {
                return null;
            }

            _participants.Remove(removed);
            _pins.Remove(participantId);
        }

        ParticipantLeft?.Invoke(this, removed);
        return removed;
    }

    /// <summary>Pins a participant; false when it is not in the room.</summary>
    public bool Pin(string participantId)
    {
        lock (_gate)
        {
            if (_participants.Find(p => p.Id == participantId) is null)
            {
                return false;
            }

            if (_pins.Contains(participantId))
            {
                return true;
            }

            _pins.Add(participantId);
        }

        PinsChanged?.Invoke(this);
        return true;
    }

    /// <summary>Unpins a participant; false when it was not pinned.</summary>
    public bool Unpin(string participantId)
    {
        lock (_gate)
        {
            if (!_pins.Remove(participantId))
            {
                return false;
            }
        }

        PinsChanged?.Invoke(this);
        return true;
    }
}
