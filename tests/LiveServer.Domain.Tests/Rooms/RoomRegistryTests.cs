using System.Text.RegularExpressions;
using LiveServer.Domain.Rooms;

namespace LiveServer.Domain.Tests.Rooms;

public sealed partial class RoomRegistryTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static RoomRegistry NewRegistry() => new(new FixedTimeProvider(Now));

    [Fact]
    public void Create_NoCustomId_GeneratesThreeGroupsOfFourLetters()
    {
        var registry = NewRegistry();

        var creation = registry.Create(null);

        Assert.NotNull(creation.Room);
        Assert.Null(creation.Error);
        Assert.False(creation.IsConflict);
        Assert.Matches(GeneratedIdShape(), creation.Room.Id);
        Assert.Equal(Now, creation.Room.CreatedAt);
        Assert.Same(creation.Room, registry.Find(creation.Room.Id));
    }

    [Fact]
    public void Create_ManyGeneratedIds_AllDistinct()
    {
        var registry = NewRegistry();

        var ids = Enumerable.Range(0, 100).Select(_ => registry.Create(null).Room!.Id).ToList();

        Assert.Equal(100, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(100, registry.Rooms.Count);
    }

    [Theory]
    [InlineData("my-room")]
    [InlineData("Room_42")]
    [InlineData("a")]
    public void Create_ValidCustomId_UsesIt(string id)
    {
        var registry = NewRegistry();

        var creation = registry.Create(id);

        Assert.Equal(id, creation.Room!.Id);
        Assert.Same(creation.Room, registry.Find(id));
    }

    [Fact]
    public void Create_CustomIdOf64Characters_Accepted()
    {
        var id = new string('a', 64);

        Assert.NotNull(NewRegistry().Create(id).Room);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData(" lead")]
    [InlineData("a/b")]
    [InlineData("a.b")]
    [InlineData("%2e%2e")]
    public void Create_InvalidCustomId_RefusedWithoutConflict(string id)
    {
        var registry = NewRegistry();

        var creation = registry.Create(id);

        Assert.Null(creation.Room);
        Assert.False(creation.IsConflict);
        Assert.Contains("customRoomId", creation.Error, StringComparison.Ordinal);
        Assert.Empty(registry.Rooms);
    }

    [Fact]
    public void Create_CustomIdOf65Characters_Refused()
    {
        var creation = NewRegistry().Create(new string('a', 65));

        Assert.Null(creation.Room);
        Assert.False(creation.IsConflict);
        Assert.NotNull(creation.Error);
    }

    [Fact]
    public void Create_CustomIdWithTrailingNewline_Refused()
    {
        var creation = NewRegistry().Create("room\n");

        Assert.Null(creation.Room);
        Assert.NotNull(creation.Error);
    }

    [Fact]
    public void Create_DuplicateCustomId_ConflictAndFirstRoomKept()
    {
        var registry = NewRegistry();
        var first = registry.Create("same").Room;

        var second = registry.Create("same");

        Assert.Null(second.Room);
        Assert.True(second.IsConflict);
        Assert.Contains("same", second.Error, StringComparison.Ordinal);
        Assert.Same(first, registry.Find("same"));
        Assert.Single(registry.Rooms);
    }

    [Fact]
    public void Find_Unknown_ReturnsNull()
    {
        Assert.Null(NewRegistry().Find("nope"));
    }

    [GeneratedRegex("^[a-z]{4}-[a-z]{4}-[a-z]{4}\\z")]
    private static partial Regex GeneratedIdShape();
}
