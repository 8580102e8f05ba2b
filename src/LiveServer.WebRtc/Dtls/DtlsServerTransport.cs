// A DTLS 1.2 server (RFC 6347) for one WebRTC session, with DTLS-SRTP key export (RFC 5764 section
// 4.2) and fingerprint authentication (RFC 8827 section 6.5). BouncyCastle runs the protocol; this
// type feeds it datagrams and owns its threads:
// - The handshake runs on a dedicated thread (BouncyCastle's API is blocking) under an overall
//   timeout; retransmission (RFC 6347 4.2.4) and fragmentation (4.2.3) are BouncyCastle's, driven by
//   the waits it passes to the queue this type fills from EnqueueReceived.
// - EnqueueReceived drops, before BouncyCastle sees them, datagrams that are not DTLS by RFC 7983,
//   oversized ones, and ones holding a record BouncyCastle 2.7 would fail on instead of discarding
//   as RFC 6347 4.1.2.7 asks (reserved version {0xFE, 0xFE}; protected records too short for the
//   cipher), so that one stray or spoofed packet cannot end the session.
// - No HelloVerifyRequest cookie exchange (RFC 6347 4.2.1): with ICE-lite the peer's address has
//   already answered a STUN connectivity check carrying the SDP credentials.
// - After the handshake, DTLS datagrams that still arrive are processed on the thread pool, one at
//   a time: a retransmitted client flight makes BouncyCastle resend our last flight (RFC 6347 4.2.4,
//   "lost final flight"), close_notify and fatal alerts end the association (Completion reports it),
//   and application data (data channels, unused here) is discarded.
// Left out: data channels (SCTP over DTLS), DTLS 1.3, session resumption, renegotiation, the DTLS
// client role (a=setup:active) and connection IDs.
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace LiveServer.WebRtc.Dtls;

/// <summary>
/// Runs the server side of a WebRTC DTLS-SRTP handshake over datagrams that the caller feeds in
/// (<see cref="EnqueueReceived"/>) and sends out (<see cref="IDatagramSender"/>), and hands back
/// the SRTP keying material. One instance per session; thread-safe.
/// </summary>
/// <remarks>
/// Typical use by a session: create it with the process-wide <see cref="DtlsCertificate"/> and the
/// offer's <c>a=fingerprint</c> (<see cref="DtlsFingerprint.Parse"/>); have the UDP mux pass this
/// peer's datagrams for which <see cref="DtlsDemux.IsDtls(ReadOnlySpan{byte})"/> holds to
/// <see cref="EnqueueReceived"/>; await <see cref="HandshakeAsync"/> and give
/// <see cref="DtlsHandshakeResult.SrtpProfile"/> with the client key and salt to the SRTP decryptor;
/// watch <see cref="Completion"/> to learn when the browser closes; <see cref="Close"/> on teardown.
/// </remarks>
public sealed class DtlsServerTransport : IDisposable
{
    private const int StateCreated = 0;
    private const int StateHandshaking = 1;
    private const int StateEstablished = 2;
    private const int StateClosed = 3;

    private readonly object _gate = new();
    private readonly object _receiveLock = new();
    private readonly DtlsCertificate _certificate;
    private readonly DtlsServerTransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly QueuedDatagramTransport _datagrams;
    private readonly TaskCompletionSource<DtlsCloseReason> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _state;
    private DtlsHandshakeFailure? _abortReason;
    private DtlsTransport? _dtls;
    private volatile DtlsSrtpTlsServer? _server;
    private DtlsCloseReason? _peerClose;
    private int _draining;
    private long _droppedDatagrams;
    private long _rejectedDatagrams;

    /// <summary>Creates a transport for one session; nothing happens until <see cref="HandshakeAsync"/>.</summary>
    /// <param name="certificate">The server identity whose fingerprint went into the SDP answer.</param>
    /// <param name="remoteFingerprint">The fingerprint from the SDP offer; the client certificate must match it.</param>
    /// <param name="sender">Sends datagrams to this session's remote address.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="DtlsServerTransportOptions.Default"/>.</param>
    /// <param name="timeProvider">Clock for the handshake timeout, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public DtlsServerTransport(
        DtlsCertificate certificate,
        DtlsFingerprint remoteFingerprint,
        IDatagramSender sender,
        DtlsServerTransportOptions? options = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(remoteFingerprint);
        ArgumentNullException.ThrowIfNull(sender);

        _options = options ?? DtlsServerTransportOptions.Default;
        _options.Validate();
        _certificate = certificate;
        _timeProvider = timeProvider ?? TimeProvider.System;
        RemoteFingerprint = remoteFingerprint;
        _datagrams = new QueuedDatagramTransport(
            sender, _options.ReceiveQueueCapacity, _options.MaxReceiveDatagramSize, _options.MaxSendDatagramSize);
    }

    /// <summary>The fingerprint the client certificate must have (from the SDP offer).</summary>
    public DtlsFingerprint RemoteFingerprint { get; }

    /// <summary>Whether the handshake has completed and the association has not ended.</summary>
    public bool IsEstablished => Volatile.Read(ref _state) == StateEstablished;

    /// <summary>
    /// Completes, never faulting, when the association ends: local close, peer close_notify, a fatal
    /// alert from the peer, or a failed handshake. This is how the owner learns the browser hung up.
    /// </summary>
    public Task<DtlsCloseReason> Completion => _completion.Task;

    /// <summary>Datagrams dropped because the receive queue was full.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _droppedDatagrams);

    /// <summary>
    /// Datagrams rejected as not DTLS (RFC 7983 first byte), empty, larger than the receive limit, or
    /// holding a record that BouncyCastle would fail on instead of discarding (reserved version
    /// {0xFE, 0xFE}; a protected record too short or misaligned for the negotiated cipher).
    /// </summary>
    public long RejectedDatagrams => Interlocked.Read(ref _rejectedDatagrams);

    /// <summary>Datagrams received but not yet processed by the DTLS layer.</summary>
    public int QueuedDatagrams => _datagrams.Count;

    /// <summary>Sends that threw in the <see cref="IDatagramSender"/> (treated as packet loss).</summary>
    public long SendFailures => _datagrams.SendFailures;

    /// <summary>
    /// Hands a datagram received from this session's remote address to the DTLS layer. The bytes are
    /// copied; the call does not block. Datagrams are dropped (and counted) when the queue is full,
    /// and ignored once the transport is closed.
    /// </summary>
    /// <param name="datagram">A datagram whose first byte is in the DTLS range (20..63).</param>
    public void EnqueueReceived(ReadOnlySpan<byte> datagram)
    {
        if (!DtlsDemux.IsDtls(datagram) || !IsSafeForBouncyCastle(datagram))
        {
            Interlocked.Increment(ref _rejectedDatagrams);
            return;
        }

        switch (_datagrams.TryEnqueue(datagram))
        {
            case QueuedDatagramTransport.EnqueueOutcome.Queued:
                if (Volatile.Read(ref _state) == StateEstablished)
                {
                    ScheduleDrain();
                }

                break;
            case QueuedDatagramTransport.EnqueueOutcome.Full:
                Interlocked.Increment(ref _droppedDatagrams);
                break;
            case QueuedDatagramTransport.EnqueueOutcome.TooLarge:
                Interlocked.Increment(ref _rejectedDatagrams);
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// Runs the DTLS server handshake on a dedicated thread until it completes, fails, times out
    /// (<see cref="DtlsServerTransportOptions.HandshakeTimeout"/>) or is canceled. Call once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the handshake and closes the transport.</param>
    /// <returns>The negotiated SRTP profile and keying material.</returns>
    /// <exception cref="DtlsHandshakeException">The handshake failed; <see cref="DtlsHandshakeException.Failure"/> says why.</exception>
    /// <exception cref="OperationCanceledException">The token was canceled.</exception>
    /// <exception cref="InvalidOperationException">The handshake was already started.</exception>
    public async Task<DtlsHandshakeResult> HandshakeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_state == StateClosed)
            {
                throw new DtlsHandshakeException(DtlsHandshakeFailure.Closed, "The DTLS transport was closed before the handshake started.");
            }

            if (_state != StateCreated)
            {
                throw new InvalidOperationException("The DTLS handshake can only be started once.");
            }

            _state = StateHandshaking;
        }

        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _timeProvider);
        using CancellationTokenRegistration onTimeout = timeout.Token.Register(
            static state => ((DtlsServerTransport)state!).AbortHandshake(DtlsHandshakeFailure.Timeout), this);
        using CancellationTokenRegistration onCancel = cancellationToken.Register(
            static state => ((DtlsServerTransport)state!).AbortHandshake(DtlsHandshakeFailure.Closed), this);

        try
        {
            return await Task.Factory.StartNew(
                RunHandshake,
                CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (DtlsHandshakeException exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The DTLS handshake was canceled.", exception, cancellationToken);
        }
    }

    /// <summary>
    /// Ends the association: sends close_notify if the handshake had completed, stops a running
    /// handshake (it fails with <see cref="DtlsHandshakeFailure.Closed"/>), and drops queued datagrams.
    /// Idempotent.
    /// </summary>
    public void Close()
    {
        DtlsTransport? dtls = null;
        bool wasHandshaking = false;
        lock (_gate)
        {
            switch (_state)
            {
                case StateCreated:
                    _state = StateClosed;
                    break;
                case StateHandshaking:
                    wasHandshaking = true;
                    _abortReason ??= DtlsHandshakeFailure.Closed;
                    break;
                case StateEstablished:
                    _state = StateClosed;
                    dtls = _dtls;
                    _dtls = null;
                    break;
                default:
                    return;
            }
        }

        if (dtls is not null)
        {
            // Serialised with the post-handshake receive loop: BouncyCastle's record layer is not
            // safe for a close racing a receive.
            lock (_receiveLock)
            {
                try
                {
                    dtls.Close();
                }
                catch (Exception)
                {
                    // close_notify is a courtesy; the session is gone either way.
                }
            }
        }

        _datagrams.Close();
        if (!wasHandshaking)
        {
            _completion.TrySetResult(DtlsCloseReason.LocalClose);
        }
    }

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    /// <summary>
    /// Whether every record of the datagram, split the way BouncyCastle splits it, is one that
    /// BouncyCastle 2.7 discards rather than fails on when it is invalid. Two cases are not: the
    /// reserved record version {0xFE, 0xFE} (it throws while parsing the version) and a protected record
    /// too short or misaligned for the negotiated cipher (decode_error instead of a silent discard).
    /// Either would let one stray or spoofed datagram end the handshake or the association.
    /// </summary>
    private bool IsSafeForBouncyCastle(ReadOnlySpan<byte> datagram)
    {
        int cipherSuite = _server?.SelectedCipherSuite ?? -1;
        while (datagram.Length >= DtlsRecordHeader.Size)
        {
            if (datagram[1] == 0xFE && datagram[2] == 0xFE)
            {
                return false;
            }

            int length = (datagram[11] << 8) | datagram[12];
            bool isProtected = datagram[3] != 0 || datagram[4] != 0;
            bool isKnownType = datagram[0] is >= DtlsRecordHeader.ChangeCipherSpec and <= DtlsRecordHeader.Tls12Cid;
            if (isProtected && isKnownType && cipherSuite >= 0 && !ProtectedRecordFilter.IsDecodable(cipherSuite, length))
            {
                return false;
            }

            datagram = datagram[Math.Min(DtlsRecordHeader.Size + length, datagram.Length)..];
        }

        return true;
    }

    private void AbortHandshake(DtlsHandshakeFailure reason)
    {
        lock (_gate)
        {
            if (_state != StateHandshaking || _abortReason is not null)
            {
                return;
            }

            _abortReason = reason;
        }

        // Wakes the handshake thread: its current or next receive throws, and BouncyCastle aborts.
        _datagrams.Close();
    }

    private DtlsHandshakeResult RunHandshake()
    {
        var server = new DtlsSrtpTlsServer(
            new BcTlsCrypto(new SecureRandom()), _certificate, RemoteFingerprint, _options, OnAlertReceived);
        _server = server;

        DtlsTransport dtls;
        try
        {
            dtls = new DtlsServerProtocol().Accept(server, _datagrams);
        }
        catch (Exception exception)
        {
            DtlsHandshakeException failure = Classify(server, exception);
            EndHandshake(failure);
            throw failure;
        }

        DtlsHandshakeResult? result = server.Result;
        DtlsHandshakeFailure? aborted;
        lock (_gate)
        {
            aborted = _abortReason;
            if (aborted is null && result is not null)
            {
                _dtls = dtls;
                _state = StateEstablished;
            }
        }

        if (aborted is not null || result is null)
        {
            DtlsHandshakeException failure = aborted is { } reason
                ? AbortedException(reason, null)
                : new DtlsHandshakeException(DtlsHandshakeFailure.ProtocolError, "The handshake completed without SRTP keying material.");
            EndHandshake(failure);
            throw failure;
        }

        // Datagrams that arrived while the handshake was finishing (e.g. a retransmitted client flight).
        if (_datagrams.Count > 0)
        {
            ScheduleDrain();
        }

        return result;
    }

    private DtlsHandshakeException Classify(DtlsSrtpTlsServer server, Exception exception)
    {
        DtlsHandshakeFailure? aborted;
        lock (_gate)
        {
            aborted = _abortReason;
        }

        if (aborted is { } reason)
        {
            return AbortedException(reason, exception);
        }

        if (server.Failure is { } failure)
        {
            return new DtlsHandshakeException(failure, server.FailureDetail ?? failure.ToString(), exception);
        }

        if (server.LastAlertReceived is { } alert
            && (alert.Level == AlertLevel.fatal || alert.Description == AlertDescription.close_notify))
        {
            return new DtlsHandshakeException(
                DtlsHandshakeFailure.AlertReceived,
                $"The client sent {(alert.Level == AlertLevel.fatal ? "fatal alert " : string.Empty)}{AlertDescription.GetText(alert.Description)} during the handshake.",
                exception);
        }

        if (exception is TlsTimeoutException)
        {
            return new DtlsHandshakeException(
                DtlsHandshakeFailure.Timeout, $"The DTLS handshake did not finish within {_options.HandshakeTimeout.TotalSeconds:0.###} s.", exception);
        }

        string detail = server.LastAlertRaised
            ?? (exception is TlsFatalAlert fatal ? AlertDescription.GetText(fatal.AlertDescription) + ": " + fatal.Message : exception.Message);
        return new DtlsHandshakeException(DtlsHandshakeFailure.ProtocolError, "The DTLS handshake failed: " + detail, exception);
    }

    private DtlsHandshakeException AbortedException(DtlsHandshakeFailure reason, Exception? exception) =>
        reason == DtlsHandshakeFailure.Timeout
            ? new DtlsHandshakeException(reason, $"The DTLS handshake did not finish within {_options.HandshakeTimeout.TotalSeconds:0.###} s.", exception)
            : new DtlsHandshakeException(reason, "The DTLS transport was closed during the handshake.", exception);

    private void EndHandshake(DtlsHandshakeException failure)
    {
        lock (_gate)
        {
            _state = StateClosed;
        }

        _datagrams.Close();
        _completion.TrySetResult(failure.Failure == DtlsHandshakeFailure.Closed ? DtlsCloseReason.LocalClose : DtlsCloseReason.HandshakeFailed);
    }

    private void OnAlertReceived(short level, short description)
    {
        if (level != AlertLevel.fatal && description != AlertDescription.close_notify)
        {
            return;
        }

        lock (_gate)
        {
            if (_state == StateEstablished)
            {
                _peerClose ??= level == AlertLevel.fatal ? DtlsCloseReason.PeerAlert : DtlsCloseReason.PeerClosed;
            }
        }
    }

    private void ScheduleDrain()
    {
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static transport => transport.Drain(), this, preferLocal: false);
        }
    }

    /// <summary>Feeds queued post-handshake datagrams to BouncyCastle, then returns the thread.</summary>
    private void Drain()
    {
        var buffer = new byte[_options.MaxReceiveDatagramSize];
        while (true)
        {
            try
            {
                while (_datagrams.Count > 0)
                {
                    lock (_receiveLock)
                    {
                        DtlsTransport? dtls;
                        lock (_gate)
                        {
                            dtls = _dtls;
                        }

                        if (dtls is null)
                        {
                            return;
                        }

                        // A 1 ms wait: the queue is not empty, so this returns as soon as a record is
                        // processed. Application data (>= 0) is not used by this server and is dropped.
                        dtls.Receive(buffer, 0, buffer.Length, 1);

                        // Further records of the same datagram wait inside BouncyCastle; process them
                        // now rather than when the next datagram happens to arrive.
                        while (dtls.ReceivePending(buffer, 0, buffer.Length, null) >= 0)
                        {
                        }
                    }
                }
            }
            catch (Exception)
            {
                // BouncyCastle closed the record layer: close_notify, a fatal alert, or a local close.
                EndEstablished(PeerCloseReason() ?? DtlsCloseReason.Error);
                return;
            }

            if (PeerCloseReason() is { } reason)
            {
                EndEstablished(reason);
                return;
            }

            Volatile.Write(ref _draining, 0);
            if (_datagrams.Count == 0 || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private DtlsCloseReason? PeerCloseReason()
    {
        lock (_gate)
        {
            return _peerClose;
        }
    }

    private void EndEstablished(DtlsCloseReason reason)
    {
        lock (_gate)
        {
            if (_state != StateEstablished)
            {
                // Closed locally in the meantime; Close reported LocalClose.
                return;
            }

            _state = StateClosed;
            _dtls = null;
        }

        _datagrams.Close();
        _completion.TrySetResult(reason);
    }
}
