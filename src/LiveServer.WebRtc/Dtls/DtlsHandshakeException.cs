namespace LiveServer.WebRtc.Dtls;

/// <summary>
/// Thrown by <see cref="DtlsServerTransport.HandshakeAsync"/> when the handshake fails; <see cref="Failure"/>
/// says why and <see cref="Exception.Message"/> gives the detail (alert, fingerprints, offered profiles).
/// </summary>
public sealed class DtlsHandshakeException : Exception
{
    /// <summary>Creates an exception with <see cref="DtlsHandshakeFailure.ProtocolError"/>.</summary>
    public DtlsHandshakeException()
        : this(DtlsHandshakeFailure.ProtocolError, "DTLS handshake failed.")
    {
    }

    /// <summary>Creates an exception with <see cref="DtlsHandshakeFailure.ProtocolError"/>.</summary>
    /// <param name="message">The detail.</param>
    public DtlsHandshakeException(string message)
        : this(DtlsHandshakeFailure.ProtocolError, message)
    {
    }

    /// <summary>Creates an exception with <see cref="DtlsHandshakeFailure.ProtocolError"/>.</summary>
    /// <param name="message">The detail.</param>
    /// <param name="innerException">The BouncyCastle exception that ended the handshake.</param>
    public DtlsHandshakeException(string message, Exception? innerException)
        : this(DtlsHandshakeFailure.ProtocolError, message, innerException)
    {
    }

    /// <summary>Creates an exception for the given reason.</summary>
    /// <param name="failure">Why the handshake failed.</param>
    /// <param name="message">The detail.</param>
    /// <param name="innerException">The BouncyCastle exception that ended the handshake, if any.</param>
    public DtlsHandshakeException(DtlsHandshakeFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Why the handshake failed.</summary>
    public DtlsHandshakeFailure Failure { get; }
}
