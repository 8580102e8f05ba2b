namespace LiveServer.Browser.Tests;

/// <summary>
/// The browser tests share one Chromium and one server and run one after the other: a livestream
/// encodes 720p in real time, and two at once would starve each other on a small machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>, ICollectionFixture<ServerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "browser";
}
