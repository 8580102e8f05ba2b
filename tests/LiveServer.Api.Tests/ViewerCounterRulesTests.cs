using LiveServer.Api.Interactive;
using Microsoft.Extensions.Time.Testing;

namespace LiveServer.Api.Tests;

/// <summary>The counting rules of <see cref="ViewerCounter.Count"/> on a fake clock: one client once, however many connections and players it has.</summary>
public sealed class ViewerCounterRulesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));

    // Count never pushes, so the counter is made without a notifier.
    private ViewerCounter Counter() => new(null!, _time);

    [Fact]
    public void OneClient_TwoConnections_CountsOnce_UntilItsLastConnectionLeaves()
    {
        var counter = Counter();
        counter.HubJoined("r", "c1", "10.0.0.1 ua");
        counter.HubJoined("r", "c2", "10.0.0.1 ua");
        counter.HubJoined("r", "c3", "10.0.0.2 ua");
        Assert.Equal(new ViewerCount(2, 3, 0), counter.Count("r"));

        counter.HubLeft("r", "c1");
        Assert.Equal(new ViewerCount(2, 2, 0), counter.Count("r"));
        counter.HubDisconnected("c2");
        Assert.Equal(new ViewerCount(1, 1, 0), counter.Count("r"));
        counter.HubLeft("r", "c2");
        counter.HubDisconnected("c3");
        Assert.Equal(new ViewerCount(0, 0, 0), counter.Count("r"));
    }

    [Fact]
    public void APlayer_OnTheHubToo_CountsOnce_AndAQuietPlayerStopsCounting()
    {
        var counter = Counter();
        counter.HubJoined("r", "c1", "10.0.0.1 ua");
        counter.PlaylistRequested("r", "10.0.0.1 ua");
        counter.PlaylistRequested("r", "10.0.0.9 tv");
        Assert.Equal(new ViewerCount(2, 1, 2), counter.Count("r"));

        _time.Advance(ViewerCounter.PlayerWindow + TimeSpan.FromSeconds(1));
        Assert.Equal(new ViewerCount(1, 1, 0), counter.Count("r"));
        Assert.Equal(new ViewerCount(0, 0, 0), counter.Count("other room"));
    }

    [Fact]
    public void AConnection_JoiningAgainAsAnotherClient_MovesItsCount()
    {
        var counter = Counter();
        counter.HubJoined("r", "c1", "a");
        counter.HubJoined("r", "c1", "b");
        Assert.Equal(new ViewerCount(1, 1, 0), counter.Count("r"));
        counter.HubLeft("r", "c1");
        Assert.Equal(new ViewerCount(0, 0, 0), counter.Count("r"));
    }
}
