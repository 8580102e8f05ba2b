using LiveServer.TestKit.WebRtc;
using LiveServer.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace LiveServer.WebRtc.Tests.Dtls;

/// <summary>A server transport and a BouncyCastle client joined by a <see cref="DatagramPipe"/>.</summary>
internal sealed class DtlsLoopback : IDisposable
{
    private static readonly Lazy<DtlsCertificate> s_serverCertificate = new(() => DtlsCertificate.Generate());

    public DtlsLoopback(DtlsTestClient client, DtlsServerTransportOptions? options = null, DtlsFingerprint? expectedClientFingerprint = null)
    {
        Client = client;
        Pipe = new DatagramPipe();
        Server = new DtlsServerTransport(ServerCertificate, expectedClientFingerprint ?? client.Identity.Fingerprint, Pipe, options);
        Pipe.Server = Server;
    }

    public static DtlsCertificate ServerCertificate => s_serverCertificate.Value;

    public DtlsTestClient Client { get; }

    public DatagramPipe Pipe { get; }

    public DtlsServerTransport Server { get; }

    public DtlsTransport? ClientTransport { get; private set; }

    public Task<DtlsTransport> StartClient() =>
        Task.Factory.StartNew(
            () => ClientTransport = new DtlsClientProtocol().Connect(Client, Pipe.Client),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>Runs both sides to the end; returns the server outcome and the client outcome.</summary>
    public async Task<(Task<DtlsHandshakeResult> Server, Task<DtlsTransport> Client)> RunAsync(CancellationToken cancellationToken = default)
    {
        Task<DtlsHandshakeResult> server = Server.HandshakeAsync(cancellationToken);
        Task<DtlsTransport> client = StartClient();
        try
        {
            await Task.WhenAll(server, client).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
        }
        catch (Exception) when (server.IsCompleted && client.IsCompleted)
        {
            // Outcomes are inspected by the caller.
        }

        return (server, client);
    }

    public void Dispose()
    {
        Server.Dispose();
        Pipe.Client.Close();
    }
}
