namespace LiveServer.Interop.Tests;

/// <summary>The tests that share one server in one test network; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class InteropCollection : ICollectionFixture<InteropServerFixture>
{
    public const string Name = "interop";
}
