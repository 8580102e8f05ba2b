using LiveServer.TestKit;

namespace LiveServer.Interop.Tests;

/// <summary>
/// A server process with its default media settings in the server namespace of a <see cref="TestNetwork"/>,
/// for publishers that run in the client namespace.
/// </summary>
public sealed class InteropServerFixture : IAsyncLifetime
{
    private TestNetwork? _network;
    private ServerProcess? _server;

    public TestNetwork Network => _network ?? throw new InvalidOperationException("Not started.");

    public ServerProcess Server => _server ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _network = TestNetwork.Create();
        _server = await ServerProcess.StartInNamespaceAsync(_network);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _network?.Dispose();
    }
}
