// DTLS-SRTP for one session (RFC 5764 sections 4.2 and 5.1.2): we are the passive DTLS server
// (a=setup:passive), the handshake starts at the first successful ICE check and its flights go out
// on the session's selected candidate pair; the exported keying material gives the SRTP contexts
// (the client's write keys decrypt what arrives, the server's protect our SRTCP). The association's
// end (close_notify, a fatal alert, an error) is reported as the session's close reason.
using LiveServer.WebRtc.Dtls;
using LiveServer.WebRtc.Srtp;

namespace LiveServer.WebRtc.Sessions;

/// <summary>The DTLS association of one session, from handshake to its end.</summary>
internal sealed class DtlsSrtpAssociation : IDisposable
{
    private readonly DtlsServerTransport _transport;

    /// <summary>Creates the association; nothing is sent before <see cref="HandshakeAsync"/>.</summary>
    /// <param name="certificate">The server's certificate.</param>
    /// <param name="remoteFingerprint">The fingerprint the offer announced for the client's certificate.</param>
    /// <param name="sender">Sends a flight on the session's selected pair.</param>
    /// <param name="handshakeTimeout">Limit on the handshake.</param>
    /// <param name="time">The clock.</param>
    public DtlsSrtpAssociation(DtlsCertificate certificate, DtlsFingerprint remoteFingerprint, IDatagramSender sender, TimeSpan handshakeTimeout, TimeProvider time) =>
        _transport = new DtlsServerTransport(
            certificate, remoteFingerprint, sender, new DtlsServerTransportOptions { HandshakeTimeout = handshakeTimeout }, time);

    /// <summary>Queues a DTLS datagram from the client (copied).</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram) => _transport.EnqueueReceived(datagram);

    /// <summary>Runs the handshake and derives the SRTP contexts.</summary>
    /// <returns>Our context (protects SRTCP we send) and the client's (unprotects what arrives).</returns>
    /// <exception cref="Exception">The handshake failed or timed out (the message says how).</exception>
    public async Task<(SrtpContext Local, SrtpContext Remote)> HandshakeAsync()
    {
        DtlsHandshakeResult result = await _transport.HandshakeAsync(CancellationToken.None).ConfigureAwait(false);
        return SrtpKeyingMaterial.CreateContexts((SrtpProtectionProfile)result.SrtpProfile, result.KeyingMaterial.Span, DtlsSrtpRole.Server);
    }

    /// <summary>Waits for the association to end after a handshake.</summary>
    /// <returns>"peer closed", "DTLS failed: ...", or <see langword="null"/> when we closed it.</returns>
    public async Task<string?> WaitForEndAsync() =>
        await _transport.Completion.ConfigureAwait(false) switch
        {
            DtlsCloseReason.PeerClosed or DtlsCloseReason.PeerAlert => "peer closed",
            DtlsCloseReason.Error => "DTLS failed: the association ended with an error",
            _ => null,
        };

    /// <summary>Sends close_notify when established and stops the handshake thread; never throws.</summary>
    public void Dispose()
    {
        try
        {
            _transport.Close();
        }
        catch (Exception)
        {
            // close_notify is a courtesy.
        }
    }
}
