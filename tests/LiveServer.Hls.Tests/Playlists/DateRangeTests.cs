using LiveServer.Hls.Playlists;
using LiveServer.Hls.Tests.TestKit;

namespace LiveServer.Hls.Tests.Playlists;

/// <summary>
/// <see cref="DateRange"/>: values made writable as RFC 8216bis quoted-strings (section 4.2), client
/// attribute names as X- names (section 4.4.5.1), and a later tag with the same ID adding only what is
/// new (its end), never changing a value the first one had.
/// </summary>
public sealed class DateRangeTests
{
    private static readonly DateTimeOffset Start = Fragments.Start;

    [Fact]
    public void Create_QuoteCarriageReturnAndLineFeed_ReplacedInEveryValue()
    {
        var range = DateRange.Create("id\"1\r\n", "com.\"x\"", Start, [new("X-QUESTION", "Say \"hi\"\r\nor\tnot")]);

        Assert.Equal("id'1  ", range.Id);
        Assert.Equal("com.'x'", range.Class);
        Assert.Equal("Say 'hi'  or not", Assert.Single(range.ClientAttributes).Value);
    }

    [Fact]
    public void Create_KeepsOtherText_AsItIs()
    {
        var range = DateRange.Create("poll_1", "com.liveserver.poll", Start, [new("X-QUESTION", "Quel café? 🍵 , = ; 'ok'")]);

        Assert.Equal("Quel café? 🍵 , = ; 'ok'", Assert.Single(range.ClientAttributes).Value);
    }

    [Theory]
    [InlineData("X-POLL-ID", "X-POLL-ID")]
    [InlineData("x-poll-id", "X-POLL-ID")]
    [InlineData("POLL_ID", "X-POLL-ID")]
    [InlineData("x-com.example/ad id", "X-COM-EXAMPLE-AD-ID")]
    [InlineData("Frage-ä", "X-FRAGE--")]
    public void Create_AttributeName_XFollowedByUpperCaseDigitsAndDashes(string given, string written)
    {
        var range = DateRange.Create("a", "c", Start, [new(given, "v")]);

        Assert.Equal(written, Assert.Single(range.ClientAttributes).Key);
        Assert.Matches("^X-[A-Z0-9-]+$", written);
    }

    [Theory]
    [InlineData("")]
    [InlineData("X-")]
    [InlineData("x-")]
    public void Create_AttributeNameWithNothingAfterX_LeftOut(string name)
    {
        var range = DateRange.Create("a", "c", Start, [new(name, "v"), new("X-KEPT", "k")]);

        Assert.Equal("X-KEPT", Assert.Single(range.ClientAttributes).Key);
    }

    [Fact]
    public void Create_Attributes_OrderedByNameAndTheFirstOfTwoThatBecomeOneWins()
    {
        var range = DateRange.Create("a", "c", Start, [new("X-B", "1"), new("x-a", "2"), new("X-A", "3")]);

        Assert.Equal([new("X-A", "2"), new("X-B", "1")], range.ClientAttributes);
    }

    [Fact]
    public void Create_EndBeforeStart_MovedToTheStart()
    {
        var range = DateRange.Create("a", "c", Start, [], Start.AddSeconds(-1));

        Assert.Equal(Start, range.EndDate);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n")]
    public void Create_NoId_Throws(string id) =>
        Assert.Throws<ArgumentException>(() => DateRange.Create(id, "c", Start, []));

    [Fact]
    public void With_LaterEnd_AddsTheEndAndKeepsEveryValue()
    {
        var opened = DateRange.Create("poll_1", "com.liveserver.poll", Start, [new("X-QUESTION", "Q?")]);
        var closed = DateRange.Create("poll_1", "com.liveserver.other", Start.AddSeconds(9), [new("X-QUESTION", "changed"), new("X-NEW", "n")], Start.AddSeconds(30));

        var merged = opened.With(closed);

        Assert.Equal("com.liveserver.poll", merged.Class);
        Assert.Equal(Start, merged.StartDate);
        Assert.Equal(Start.AddSeconds(30), merged.EndDate);
        Assert.Equal([new("X-NEW", "n"), new("X-QUESTION", "Q?")], merged.ClientAttributes);
    }

    [Fact]
    public void With_AlreadyEnded_KeepsTheFirstEnd()
    {
        var ended = DateRange.Create("a", "c", Start, [], Start.AddSeconds(5));

        var merged = ended.With(DateRange.Create("a", "c", Start, [], Start.AddSeconds(8)));

        Assert.Same(ended, merged);
        Assert.Equal(Start.AddSeconds(5), merged.EndDate);
    }

    [Fact]
    public void With_OtherId_Throws() =>
        Assert.Throws<ArgumentException>(() => DateRange.Create("a", "c", Start, []).With(DateRange.Create("b", "c", Start, [])));

    [Theory]
    [InlineData(0, null, true)]
    [InlineData(-1, null, false)]
    [InlineData(-10, -1, false)]
    [InlineData(-10, 0, true)]
    [InlineData(-10, 5, true)]
    public void Reaches_WindowStart_WhenAnyOfItLiesThere(int startSeconds, int? endSeconds, bool reaches)
    {
        var range = DateRange.Create("a", "c", Start.AddSeconds(startSeconds), [], endSeconds is { } e ? Start.AddSeconds(e) : null);

        Assert.Equal(reaches, range.Reaches(Start));
    }
}
