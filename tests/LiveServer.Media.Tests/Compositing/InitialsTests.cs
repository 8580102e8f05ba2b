using LiveServer.Media.Compositing;

namespace LiveServer.Media.Tests.Compositing;

public sealed class InitialsTests
{
    [Theory]
    [InlineData("Ada Lovelace", "AL")]
    [InlineData("ada", "A")]
    [InlineData("grace brewster murray hopper", "GH")]
    [InlineData("jean-luc", "JL")]
    [InlineData("Zoë Ångström", "ZÅ")]
    [InlineData("🙂 bob", "B")]
    [InlineData("李小龍", "李")]
    [InlineData("  ", "?")]
    [InlineData("", "?")]
    [InlineData(null, "?")]
    public void Of_Name_OneOrTwoUpperCaseLetters(string? name, string expected)
    {
        Assert.Equal(expected, Initials.Of(name));
    }
}
