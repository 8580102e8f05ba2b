using LiveServer.Domain.Participants;
using LiveServer.Domain.Rooms;

namespace LiveServer.Domain.Tests.Rooms;

public sealed class RoomTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Participant NewParticipant(string id) =>
        new(id, "Name " + id, ParticipantKind.Test, Now, null, null, () => ValueTask.CompletedTask);

    [Fact]
    public void Add_Participant_ListedAndJoinedRaisedOnce()
    {
        var room = new Room("room", Now);
        var joined = new List<(Room, Participant)>();
        room.ParticipantJoined += (r, p) => joined.Add((r, p));
        var participant = NewParticipant("p1");

        room.Add(participant);

        Assert.Equal([(room, participant)], joined);
        Assert.Same(participant, Assert.Single(room.Participants));
        Assert.Same(participant, room.FindParticipant("p1"));
    }

    [Fact]
    public void Add_Several_KeepsJoinOrder()
    {
        var room = new Room("room", Now);

        room.Add(NewParticipant("p1"));
        room.Add(NewParticipant("p2"));
        room.Add(NewParticipant("p3"));

        Assert.Equal(["p1", "p2", "p3"], room.Participants.Select(p => p.Id));
    }

    [Fact]
    public void Add_SameIdTwice_Throws_FirstKept()
    {
        var room = new Room("room", Now);
        var first = NewParticipant("p1");
        room.Add(first);

        Assert.Throws<InvalidOperationException>(() => room.Add(NewParticipant("p1")));
        Assert.Same(first, Assert.Single(room.Participants));
    }

    [Fact]
    public void TryAdd_Full_RefusedAndNothingAnnounced()
    {
        var room = new Room("room", Now);
        Assert.True(room.TryAdd(NewParticipant("p1"), capacity: 2));
        Assert.True(room.TryAdd(NewParticipant("p2"), capacity: 2));
        var joined = 0;
        room.ParticipantJoined += (_, _) => joined++;

        Assert.False(room.TryAdd(NewParticipant("p3"), capacity: 2));

        Assert.Equal(0, joined);
        Assert.Equal(["p1", "p2"], room.Participants.Select(p => p.Id));
    }

    [Fact]
    public void TryAdd_IdHereAlready_Refused()
    {
        var room = new Room("room", Now);
        room.Add(NewParticipant("p1"));

        Assert.False(room.TryAdd(NewParticipant("p1"), capacity: 10));
        Assert.Single(room.Participants);
    }

    [Fact]
    public void TryAdd_ManyAtOnce_NeverPastCapacity()
    {
        var room = new Room("room", Now);
        var joined = 0;
        room.ParticipantJoined += (_, _) => Interlocked.Increment(ref joined);
        using var start = new Barrier(8);

        var added = Enumerable.Range(0, 8)
            .Select(thread => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    return Enumerable.Range(0, 50).Count(i => room.TryAdd(NewParticipant($"t{thread}-{i}"), capacity: 37));
                },
                TaskCreationOptions.LongRunning))
            .ToArray()
            .Sum(task => task.Result);

        Assert.Equal(37, added);
        Assert.Equal(37, joined);
        Assert.Equal(37, room.Participants.Count);
    }

    [Fact]
    public void Remove_Known_ReturnsItAndLeftRaisedOnce()
    {
        var room = new Room("room", Now);
        var participant = NewParticipant("p1");
        room.Add(participant);
        var left = new List<(Room, Participant)>();
        room.ParticipantLeft += (r, p) => left.Add((r, p));

        var removed = room.Remove("p1");

        Assert.Same(participant, removed);
        Assert.Equal([(room, participant)], left);
        Assert.Empty(room.Participants);
        Assert.Null(room.FindParticipant("p1"));
    }

    [Fact]
    public void Remove_Twice_SecondReturnsNullAndRaisesNothing()
    {
        var room = new Room("room", Now);
        room.Add(NewParticipant("p1"));
        var left = 0;
        room.ParticipantLeft += (_, _) => left++;

        room.Remove("p1");
        var second = room.Remove("p1");

        Assert.Null(second);
        Assert.Equal(1, left);
    }

    [Fact]
    public void Remove_Unknown_ReturnsNullAndRaisesNothing()
    {
        var room = new Room("room", Now);
        room.Add(NewParticipant("p1"));
        var events = 0;
        room.ParticipantLeft += (_, _) => events++;
        room.PinsChanged += _ => events++;

        var removed = room.Remove("nope");

        Assert.Null(removed);
        Assert.Equal(0, events);
        Assert.Single(room.Participants);
    }

    [Fact]
    public void Pin_UnknownParticipant_ReturnsFalseAndRaisesNothing()
    {
        var room = new Room("room", Now);
        var changes = 0;
        room.PinsChanged += _ => changes++;

        Assert.False(room.Pin("nope"));

        Assert.Empty(room.Pins);
        Assert.Equal(0, changes);
    }

    [Fact]
    public void Pin_Several_KeepsPinOrderAndRaisesEachTime()
    {
        var room = new Room("room", Now);
        room.Add(NewParticipant("p1"));
        room.Add(NewParticipant("p2"));
        room.Add(NewParticipant("p3"));
        var changes = new List<Room>();
        room.PinsChanged += changes.Add;

        Assert.True(room.Pin("p3"));
        Assert.True(room.Pin("p1"));

        Assert.Equal(["p3", "p1"], room.Pins);
        Assert.Equal([room, room], changes);
    }

    [Fact]
    public void Pin_AlreadyPinned_ListedOnce()
    {
        var room = new Room("room", Now);
        room.Add(NewParticipant("p1"));

        room.Pin("p1");
        Assert.True(room.Pin("p1"));

        Assert.Equal(["p1"], room.Pins);
    }

    [Fact]
    public void Unpin_Pinned_RemovesItAndRaisesPinsChanged()
    {
        var room = new Room("room", Now);
        room.Add(NewParticipant("p1"));
        room.Add(NewParticipant("p2"));
        room.Pin("p1");
        room.Pin("p2");
        var changes = 0;
        room.PinsChanged += _ => changes++;

        Assert.True(room.Unpin("p1"));

        Assert.Equal(["p2"], room.Pins);
        Assert.Equal(1, changes);
    }

    [Fact]
    public void Unpin_NotPinned_ReturnsFalseAndRaisesNothing()
    {
        var room = new Room("room", Now);
        room.Add(NewParticipant("p1"));
        var changes = 0;
        room.PinsChanged += _ => changes++;

        Assert.False(room.Unpin("p1"));
        Assert.False(room.Unpin("nope"));

        Assert.Equal(0, changes);
    }

    [Fact]
    public void Remove_PinnedParticipant_DropsItsPinOnly()
    {
        var room = new Room("room", Now);
        room.Add(NewParticipant("p1"));
        room.Add(NewParticipant("p2"));
        room.Pin("p1");
        room.Pin("p2");

        room.Remove("p1");

        Assert.Equal(["p2"], room.Pins);
        Assert.False(room.Unpin("p1"));
    }

    [Fact]
    public void Participants_Snapshot_NotChangedByLaterJoins()
    {
        var room = new Room("room", Now);
        room.Add(NewParticipant("p1"));
        var snapshot = room.Participants;

        room.Add(NewParticipant("p2"));

        Assert.Single(snapshot);
    }
}
