using LiveServer.Domain.Livestreams;
using LiveServer.Media.Livestreams;

namespace LiveServer.Media.Tests.Livestreams;

public sealed class TileOrderTests
{
    private static readonly string[] Joined = ["a", "b", "c", "d", "e"];

    private static LayoutConfig Layout(LayoutType type, LayoutPriority priority, int gridSize = 4) => new(type, priority, gridSize);

    [Fact]
    public void Choose_SpotlightSpeakerPriority_ActiveSpeaker()
    {
        var order = TileOrder.Choose(Layout(LayoutType.Spotlight, LayoutPriority.Speaker), Joined, ["a"], ["c", "b"]);

        Assert.Equal(["c"], order);
    }

    [Fact]
    public void Choose_SpotlightNoSpeakerYet_FirstJoined()
    {
        var order = TileOrder.Choose(Layout(LayoutType.Spotlight, LayoutPriority.Speaker), Joined, [], []);

        Assert.Equal(["a"], order);
    }

    [Fact]
    public void Choose_SpotlightPinPriority_FirstPinnedOverSpeaker()
    {
        var order = TileOrder.Choose(Layout(LayoutType.Spotlight, LayoutPriority.Pin), Joined, ["d", "b"], ["c"]);

        Assert.Equal(["d"], order);
    }

    [Fact]
    public void Choose_SpotlightPinPriorityNoPins_ActiveSpeaker()
    {
        var order = TileOrder.Choose(Layout(LayoutType.Spotlight, LayoutPriority.Pin), Joined, [], ["e", "a"]);

        Assert.Equal(["e"], order);
    }

    [Fact]
    public void Choose_PinnedParticipantLeft_NextPinOrSpeaker()
    {
        string[] joined = ["a", "b", "c"];

        Assert.Equal(["c"], TileOrder.Choose(Layout(LayoutType.Spotlight, LayoutPriority.Pin), joined, ["x", "c"], ["b"]));
        Assert.Equal(["b"], TileOrder.Choose(Layout(LayoutType.Spotlight, LayoutPriority.Pin), joined, ["x"], ["y", "b"]));
    }

    [Fact]
    public void Choose_SidebarSpeakerPriority_SpeakerMainThenRecentSpeakersInJoinOrder()
    {
        // gridSize 3: the main tile and two strip slots. Ranking e, d, a, b, c: e main; d and a in the strip, in join order.
        var order = TileOrder.Choose(Layout(LayoutType.Sidebar, LayoutPriority.Speaker, 3), Joined, [], ["e", "d"]);

        Assert.Equal(["e", "a", "d"], order);
    }

    [Fact]
    public void Choose_SidebarPinPriority_FirstPinMainStripFromRankingInJoinOrder()
    {
        var order = TileOrder.Choose(Layout(LayoutType.Sidebar, LayoutPriority.Pin, 3), Joined, ["c", "e"], ["d"]);

        Assert.Equal(["c", "d", "e"], order);
    }

    [Fact]
    public void Choose_GridSpeakerPriorityAllFit_JoinOrderWhoeverSpeaks()
    {
        string[] joined = ["a", "b", "c"];

        var order = TileOrder.Choose(Layout(LayoutType.Grid, LayoutPriority.Speaker), joined, [], ["c", "b"]);

        Assert.Equal(["a", "b", "c"], order);
    }

    [Fact]
    public void Choose_GridSpeakerPriorityTooMany_RecentSpeakersMadeVisible()
    {
        // Five participants, four tiles: the speaker e replaces the last joined non-speaker d.
        var order = TileOrder.Choose(Layout(LayoutType.Grid, LayoutPriority.Speaker), Joined, [], ["e"]);

        Assert.Equal(["a", "b", "c", "e"], order);
    }

    [Fact]
    public void Choose_GridPinPriority_PinsLeadInPinOrderRestInJoinOrder()
    {
        var order = TileOrder.Choose(Layout(LayoutType.Grid, LayoutPriority.Pin), Joined, ["e", "c"], ["d"]);

        Assert.Equal(["e", "c", "a", "d"], order);
    }

    [Fact]
    public void Choose_SpeakerPriority_PinsIgnored()
    {
        var order = TileOrder.Choose(Layout(LayoutType.Grid, LayoutPriority.Speaker, 2), Joined, ["e"], []);

        Assert.Equal(["a", "b"], order);
    }

    [Fact]
    public void Choose_GridSizeOne_OnlyTheTop()
    {
        var order = TileOrder.Choose(Layout(LayoutType.Grid, LayoutPriority.Speaker, 1), Joined, [], ["d"]);

        Assert.Equal(["d"], order);
    }

    [Fact]
    public void Choose_NoParticipants_Empty()
    {
        Assert.Empty(TileOrder.Choose(Layout(LayoutType.Spotlight, LayoutPriority.Pin), [], ["a"], ["b"]));
    }

    private static TileSlot Camera(string id) => new(id, false);

    private static TileSlot Screen(string id) => new(id, true);

    [Fact]
    public void ChooseTiles_SpotlightWithScreenShare_ScreenShareOverActiveSpeaker()
    {
        var tiles = TileOrder.ChooseTiles(Layout(LayoutType.Spotlight, LayoutPriority.Speaker), Joined, [], ["c"], ["b"]);

        Assert.Equal([Screen("b")], tiles);
    }

    [Fact]
    public void ChooseTiles_TwoScreenShares_MostRecentlyStartedWins()
    {
        var tiles = TileOrder.ChooseTiles(Layout(LayoutType.Spotlight, LayoutPriority.Speaker), Joined, [], ["a"], ["d", "b"]);

        Assert.Equal([Screen("d")], tiles);
    }

    [Fact]
    public void ChooseTiles_PinPriority_PinnedSharerWinsOverNewerShare()
    {
        var tiles = TileOrder.ChooseTiles(Layout(LayoutType.Spotlight, LayoutPriority.Pin), Joined, ["a", "b"], [], ["d", "b"]);

        Assert.Equal([Screen("b")], tiles);
    }

    [Fact]
    public void ChooseTiles_PinPriorityPinnedDoesNotShare_ScreenShareOverPinnedCamera()
    {
        var tiles = TileOrder.ChooseTiles(Layout(LayoutType.Spotlight, LayoutPriority.Pin), Joined, ["a"], [], ["d"]);

        Assert.Equal([Screen("d")], tiles);
    }

    [Fact]
    public void ChooseTiles_SidebarWithScreenShare_ScreenMainCamerasInStripInJoinOrder()
    {
        var tiles = TileOrder.ChooseTiles(Layout(LayoutType.Sidebar, LayoutPriority.Speaker, gridSize: 4), Joined, [], ["e"], ["c"]);

        Assert.Equal([Screen("c"), Camera("a"), Camera("b"), Camera("e")], tiles);
    }

    [Fact]
    public void ChooseTiles_SidebarSharerIsSpeaker_SharerCameraStaysInStrip()
    {
        var tiles = TileOrder.ChooseTiles(Layout(LayoutType.Sidebar, LayoutPriority.Speaker, gridSize: 2), Joined, [], ["d"], ["d"]);

        Assert.Equal([Screen("d"), Camera("d")], tiles);
    }

    [Fact]
    public void ChooseTiles_GridWithScreenShare_CamerasAsChoose()
    {
        var layout = Layout(LayoutType.Grid, LayoutPriority.Speaker);

        var tiles = TileOrder.ChooseTiles(layout, Joined, [], ["e"], ["c"]);

        Assert.Equal(TileOrder.Choose(layout, Joined, [], ["e"]).Select(Camera), tiles);
        Assert.DoesNotContain(tiles, t => t.IsScreenShare);
    }

    [Fact]
    public void ChooseTiles_SharerLeft_CamerasAsChoose()
    {
        var layout = Layout(LayoutType.Spotlight, LayoutPriority.Speaker);

        var tiles = TileOrder.ChooseTiles(layout, Joined, [], ["c"], ["x"]);

        Assert.Equal([Camera("c")], tiles);
    }

    [Fact]
    public void Choose_Grid25Of30PinPriority_PinnedFirstThenSpeakersVisibleRestInJoinOrder()
    {
        var joined = Enumerable.Range(0, 30).Select(i => $"p{i:00}").ToArray();

        var order = TileOrder.Choose(Layout(LayoutType.Grid, LayoutPriority.Pin, 25), joined, ["p29"], ["p27", "p28"]);

        Assert.Equal(25, order.Count);
        Assert.Equal("p29", order[0]);
        Assert.Contains("p27", order);
        Assert.Contains("p28", order);
        Assert.Equal(order.Skip(1).Order(StringComparer.Ordinal), order.Skip(1));
        Assert.Equal(joined.Take(22), order.Skip(1).Take(22));
    }

    [Fact]
    public void Choose_Sidebar25_MainSpeakerAnd24InTheStrip()
    {
        var joined = Enumerable.Range(0, 30).Select(i => $"p{i:00}").ToArray();

        var order = TileOrder.Choose(Layout(LayoutType.Sidebar, LayoutPriority.Speaker, 25), joined, [], ["p26"]);

        Assert.Equal(25, order.Count);
        Assert.Equal("p26", order[0]);
        Assert.Equal(joined.Take(24), order.Skip(1));
    }
}
