namespace LiveServer.Api.Tests;

/// <summary>One in-memory server shared by the tests of a class.</summary>
public sealed class LiveServerFixture : IAsyncLifetime
{
    public LiveServerFactory Factory { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}
