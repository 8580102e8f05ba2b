namespace LiveServer.WebRtc.Dtls;

/// <summary>
/// Thrown from <see cref="QueuedDatagramTransport"/> receives once it is closed. It derives from
/// <see cref="IOException"/> so that BouncyCastle aborts the handshake or receive loop at once
/// instead of treating the close as a timeout and retransmitting.
/// </summary>
internal sealed class DtlsTransportClosedException : IOException
{
    public DtlsTransportClosedException()
        : base("The DTLS datagram transport is closed.")
    {
    }

    public DtlsTransportClosedException(string message)
        : base(message)
    {
    }

    public DtlsTransportClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
