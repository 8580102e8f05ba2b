using LiveServer.Domain.Livestreams;

namespace LiveServer.Domain.Tests.Livestreams;

public sealed class LivestreamRegistryTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static Livestream NewLivestream(string id, string roomId, int minute = 0) =>
        new(id, roomId, LivestreamConfig.Default, T0.AddMinutes(minute));

    private static void Stop(Livestream livestream)
    {
        Assert.True(livestream.TryMove(LivestreamStatus.Stopping, T0));
        Assert.True(livestream.TryMove(LivestreamStatus.Stopped, T0));
    }

    [Fact]
    public void TryAdd_SecondActiveForSameRoom_ReturnsFalse()
    {
        var registry = new LivestreamRegistry();

        Assert.True(registry.TryAdd(NewLivestream("a", "room")));
        Assert.False(registry.TryAdd(NewLivestream("b", "room")));

        Assert.Null(registry.Find("b"));
        Assert.Equal("a", registry.FindActive("room")!.Id);
    }

    [Fact]
    public void TryAdd_ActiveInAnotherRoom_ReturnsTrue()
    {
        var registry = new LivestreamRegistry();

        Assert.True(registry.TryAdd(NewLivestream("a", "room-1")));
        Assert.True(registry.TryAdd(NewLivestream("b", "room-2")));

        Assert.Equal(2, registry.Active().Count);
    }

    [Fact]
    public void TryAdd_AfterFirstStopped_AddsNewOne()
    {
        var registry = new LivestreamRegistry();
        var first = NewLivestream("a", "room");
        registry.TryAdd(first);
        Stop(first);

        Assert.True(registry.TryAdd(NewLivestream("b", "room")));

        Assert.Equal("b", registry.FindActive("room")!.Id);
        Assert.Same(first, registry.Find("a"));
    }

    [Fact]
    public void TryAdd_AfterFirstFailed_AddsNewOne()
    {
        var registry = new LivestreamRegistry();
        var first = NewLivestream("a", "room");
        registry.TryAdd(first);
        first.TryMove(LivestreamStatus.Failed, T0, "boom");

        Assert.True(registry.TryAdd(NewLivestream("b", "room")));
    }

    [Fact]
    public void TryAdd_FirstOnlyStopping_StillRefused()
    {
        var registry = new LivestreamRegistry();
        var first = NewLivestream("a", "room");
        registry.TryAdd(first);
        first.TryMove(LivestreamStatus.Stopping, T0);

        Assert.False(registry.TryAdd(NewLivestream("b", "room")));
    }

    [Fact]
    public void FindActive_NoneActive_ReturnsNull()
    {
        var registry = new LivestreamRegistry();
        var first = NewLivestream("a", "room");
        registry.TryAdd(first);
        Stop(first);

        Assert.Null(registry.FindActive("room"));
        Assert.Null(registry.FindActive("other-room"));
        Assert.Empty(registry.Active());
    }

    [Fact]
    public void Find_UnknownId_ReturnsNull()
    {
        var registry = new LivestreamRegistry();
        registry.TryAdd(NewLivestream("a", "room"));

        Assert.Null(registry.Find("nope"));
    }

    [Fact]
    public void List_SeveralPages_NewestFirstWithLastPageAndTotal()
    {
        var registry = AddStoppedSeries("room", 5);

        var first = registry.List(null, 1, 2);
        var second = registry.List(null, 2, 2);
        var third = registry.List(null, 3, 2);

        Assert.Equal(["ls-4", "ls-3"], first.Items.Select(l => l.Id));
        Assert.Equal(["ls-2", "ls-1"], second.Items.Select(l => l.Id));
        Assert.Equal(["ls-0"], third.Items.Select(l => l.Id));
        Assert.All(new[] { first, second, third }, page =>
        {
            Assert.Equal(3, page.LastPage);
            Assert.Equal(5, page.Total);
            Assert.Equal(2, page.PerPage);
        });
        Assert.Equal(2, second.CurrentPage);
    }

    [Fact]
    public void List_PageBeyondLast_EmptyItemsSameTotals()
    {
        var registry = AddStoppedSeries("room", 3);

        var page = registry.List(null, 5, 2);

        Assert.Empty(page.Items);
        Assert.Equal(2, page.LastPage);
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public void List_Empty_LastPageIsOne()
    {
        var page = new LivestreamRegistry().List(null, 1, 10);

        Assert.Empty(page.Items);
        Assert.Equal(1, page.LastPage);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public void List_RoomFilter_OnlyThatRoomNewestFirst()
    {
        var registry = new LivestreamRegistry();
        var a1 = NewLivestream("a1", "room-a");
        registry.TryAdd(a1);
        registry.TryAdd(NewLivestream("b1", "room-b"));
        Stop(a1);
        registry.TryAdd(NewLivestream("a2", "room-a"));

        var page = registry.List("room-a", 1, 10);

        Assert.Equal(["a2", "a1"], page.Items.Select(l => l.Id));
        Assert.Equal(2, page.Total);
        Assert.Equal(1, page.LastPage);
        Assert.Equal(3, registry.List(null, 1, 10).Total);
        Assert.Equal(0, registry.List("room-c", 1, 10).Total);
    }

    [Fact]
    public void List_ExactMultipleOfPageSize_LastPageNotRoundedUp()
    {
        var registry = AddStoppedSeries("room", 4);

        Assert.Equal(2, registry.List(null, 1, 2).LastPage);
    }

    private static LivestreamRegistry AddStoppedSeries(string roomId, int count)
    {
        var registry = new LivestreamRegistry();
        for (var i = 0; i < count; i++)
        {
            var livestream = NewLivestream($"ls-{i}", roomId, i);
            Assert.True(registry.TryAdd(livestream));
            Stop(livestream);
        }

        return registry;
    }
}
