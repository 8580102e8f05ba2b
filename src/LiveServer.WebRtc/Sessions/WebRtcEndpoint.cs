// The one UDP port every WebRTC session shares, and the ICE-lite agent on it:
// - One socket per local address on that port (HostCandidateSocket), each announced as a host
//   candidate (or PublicAddresses instead, behind NAT), so that replies leave from the address the
//   client's packets arrived at (RFC 8445 section 7.2.5.2.1). With a wildcard BindAddress the
//   addresses are the machine's usable interface addresses (HostAddresses).
// - RFC 7983 section 7 demultiplexing by the first byte: 0..3 STUN, 20..63 DTLS, 128..191 RTP/RTCP
//   (RFC 5761 section 4 tells RTCP apart); everything else is dropped and counted.
// - RFC 8445 sections 2.5 and 7.3 (ICE-lite): Binding requests are routed by the local ufrag in
//   USERNAME, authenticated with that session's password and answered from the socket they came in
//   on; a success validates that candidate pair for the session. DTLS and SRTP are accepted only on
//   validated pairs (RFC 8445 section 7.3.1.4, RFC 7675 section 3: no media before consent).
// - One receive thread per socket with one reusable buffer and SocketAddress; one timer thread
//   (every 20 ms) drives every session's jitter buffers, NACK/PLI and reports. No thread per session
//   (the DTLS handshake runs on its own thread while it lasts: BouncyCastle's API blocks).
// Allocation per datagram: none on the SRTP path. A STUN request on a pair not yet validated
// allocates its IPEndPoint (and a SocketAddress copy on success); the DTLS layer copies each
// handshake datagram into its queue.
// Left out: TCP candidates, TURN, server-reflexive discovery, and following interface changes after
// start (addresses that appear later are not bound; restart the server).
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LiveServer.WebRtc.Dtls;
using LiveServer.WebRtc.Ice;
using LiveServer.WebRtc.Rtp;
using LiveServer.WebRtc.Sdp;
using LiveServer.WebRtc.Stun;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// The WebRTC media endpoint: one UDP port (a socket per local address) shared by all <see cref="PeerSession"/>s, answering
/// WHIP offers with ICE-lite, passive-DTLS answers. Start it once per process.
/// </summary>
public sealed class WebRtcEndpoint : IAsyncDisposable, IDatagramHandler, IPeerSessionHost
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    private readonly WebRtcEndpointOptions _options;
    private readonly TimeProvider _time;
    private readonly long _epoch;
    private readonly HostCandidateSocket[] _sockets;
    private readonly List<IPAddress> _unbound = [];
    private readonly DtlsCertificate _certificate;
    private readonly SdpFingerprint _sdpFingerprint;
    private readonly IReadOnlyList<IPAddress> _announced;
    private readonly ConcurrentDictionary<string, PeerSession> _byUfrag = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PeerSession> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PeerSession>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Lock _sessionsLock = new();
    private readonly CancellationTokenSource _stop = new();
    private PeerSession[] _sessions = [];
    private readonly Thread _timerThread;
    private volatile bool _stopping;

    private long _datagramsReceived;
    private long _bytesReceived;
    private long _datagramsSent;
    private long _sendFailures;
    private long _stunAnswered;
    private long _stunUnknownUfrag;
    private long _stunUnauthorized;
    private long _stunDropped;
    private long _unmatched;
    private long _dropped;
    private long _offersRefused;
    private long _sessionsCreated;
    private long _faults;
    private PeerSessionCounters _closedSessions = new();

    private WebRtcEndpoint(WebRtcEndpointOptions options, TimeProvider time, DtlsCertificate certificate, IReadOnlyList<IPAddress> addresses)
    {
        _options = options;
        _time = time;
        _epoch = time.GetTimestamp();
        _certificate = certificate;
        _sdpFingerprint = SdpFingerprint.TryParse(certificate.Fingerprint.ToSdpValue(), out SdpFingerprint? fingerprint)
            ? fingerprint
            : throw new InvalidOperationException("The DTLS certificate fingerprint does not format as an SDP fingerprint.");
        _sockets = OpenSockets(addresses, options.UdpPort, this, _unbound);
        LocalEndPoint = _sockets[0].LocalEndPoint;
        _announced = options.AnnouncedAddresses.Count > 0
            ? [.. options.AnnouncedAddresses]
            : [.. _sockets.Select(s => s.LocalEndPoint.Address)];
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        _timerThread = new Thread(TimerLoop) { IsBackground = true, Name = "LiveServer.WebRtc timer " + LocalEndPoint.Port };
    }

    /// <summary>The first bound address and the port (the actual port when <see cref="WebRtcEndpointOptions.UdpPort"/> was 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Every bound address, one socket each, all on the same port.</summary>
    public IReadOnlyList<IPEndPoint> LocalEndPoints => [.. _sockets.Select(s => s.LocalEndPoint)];

    /// <summary>Interface addresses that could not be bound (not available yet, such as an IPv6 address in duplicate detection) and were left out.</summary>
    public IReadOnlyList<IPAddress> UnboundAddresses => _unbound;

    /// <summary>The SHA-256 fingerprint of the server's DTLS certificate, as put into every answer.</summary>
    public DtlsFingerprint Fingerprint => _certificate.Fingerprint;

    /// <summary>The addresses put into answers as host candidates.</summary>
    public IReadOnlyList<IPAddress> AnnouncedAddresses => _announced;

    /// <summary>Sessions currently open (any state but closed).</summary>
    public int SessionCount => Volatile.Read(ref _sessions).Length;

    /// <summary>A snapshot of the datagram counters.</summary>
    public EndpointCounters Counters => new()
    {
        DatagramsReceived = Interlocked.Read(ref _datagramsReceived),
        BytesReceived = Interlocked.Read(ref _bytesReceived),
        DatagramsSent = Interlocked.Read(ref _datagramsSent),
        SendFailures = Interlocked.Read(ref _sendFailures),
        StunRequestsAnswered = Interlocked.Read(ref _stunAnswered),
        StunUnknownUfrag = Interlocked.Read(ref _stunUnknownUfrag),
        StunUnauthorized = Interlocked.Read(ref _stunUnauthorized),
        StunDropped = Interlocked.Read(ref _stunDropped),
        Unmatched = Interlocked.Read(ref _unmatched),
        Dropped = Interlocked.Read(ref _dropped),
        OffersRefused = Interlocked.Read(ref _offersRefused),
        SessionsCreated = Interlocked.Read(ref _sessionsCreated),
        Faults = Interlocked.Read(ref _faults),
    };

    /// <summary>
    /// Every session's media counters added up since the endpoint started: open sessions as they are
    /// now, closed ones as they were when they closed, so each sum only grows (what metrics need).
    /// <see cref="PeerSessionCounters.LastRembBitrate"/> is not a sum and stays 0.
    /// </summary>
    public PeerSessionCounters SessionTotals
    {
        get
        {
            // Under the sessions lock, so that a closing session moves from the open ones to the
            // closed sum in one step and is never counted twice or not at all.
            lock (_sessionsLock)
            {
                PeerSessionCounters total = _closedSessions;
                foreach (PeerSession session in _sessions)
                {
                    total = Sum(total, session.Counters);
                }

                return total;
            }
        }
    }

    /// <inheritdoc />
    TimeSpan IPeerSessionHost.Now => Now;

    // The endpoint's clock: time since it started, as used for frame arrivals.
    private TimeSpan Now => _time.GetElapsedTime(_epoch);

    /// <summary>
    /// Validates the options, binds one UDP socket per local address (see
    /// <see cref="WebRtcEndpointOptions.BindAddress"/>), generates the DTLS certificate and starts the
    /// receive loops and the session timer.
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <param name="time">The clock for timers and timeouts (<see cref="TimeProvider.System"/> in production).</param>
    /// <returns>The running endpoint; dispose it to stop.</returns>
    /// <exception cref="ArgumentException">An option is invalid, or no local address is usable (the message names the option).</exception>
    /// <exception cref="SocketException">The port could not be bound.</exception>
    public static WebRtcEndpoint Start(WebRtcEndpointOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options = options.Clone();
        options.Validate();
        IReadOnlyList<IPAddress> addresses = HostAddresses.Select(HostAddresses.FromSystem(), options.BindAddress, options.Interfaces);
        if (addresses.Count == 0)
        {
            throw new ArgumentException(
                options.Interfaces.Count > 0
                    ? $"No usable address on the interfaces {string.Join(", ", options.Interfaces)} ({nameof(options.Interfaces)})."
                    : $"No usable local address for {options.BindAddress} ({nameof(options.BindAddress)}).",
                nameof(options));
        }

        var endpoint = new WebRtcEndpoint(options, time, DtlsCertificate.Generate(time), addresses);
        endpoint._timerThread.Start();
        return endpoint;
    }

    /// <summary>
    /// Answers a WHIP offer: parses it, negotiates (ICE-lite, a=setup:passive, our fingerprint, host
    /// candidates on the announced addresses and the bound port) and creates a session waiting for
    /// ICE. Never throws for a bad offer: the result carries the reason.
    /// </summary>
    /// <param name="offerSdp">The SDP offer from the publisher.</param>
    /// <returns>The session and its answer, or why the offer was refused.</returns>
    public SessionOffer Accept(string offerSdp)
    {
        if (_stopping)
        {
            return Refuse("The media endpoint is stopping.");
        }

        if (!SessionDescription.TryParse(offerSdp, out SessionDescription? offer, out SdpError? parseError))
        {
            return Refuse(parseError.ToString());
        }

        PeerSession session;
        string answerSdp;
        lock (_sessionsLock)
        {
            // Under the lock so that concurrent offers can neither exceed MaxSessions nor share a ufrag.
            if (_stopping)
            {
                return Refuse("The media endpoint is stopping.");
            }

            if (_sessions.Length >= _options.MaxSessions)
            {
                return Refuse($"The server already has {_options.MaxSessions} sessions (WebRtc:MaxSessions).");
            }

            IceCredentials credentials = IceCredentials.Create();
            while (_byUfrag.ContainsKey(credentials.Ufrag))
            {
                credentials = IceCredentials.Create();
            }

            var builder = new SdpAnswerBuilder(new SdpAnswerOptions
            {
                IceUfrag = credentials.Ufrag,
                IcePwd = credentials.Password,
                Fingerprint = _sdpFingerprint,
                Addresses = _announced,
                Port = LocalEndPoint.Port,

                // Without transport-cc the browser takes its send rate from our REMB.
                NegotiateTransportWideCc = false,
            });
            if (!builder.TryBuild(offer, out SdpAnswer? answer, out SdpError? error))
            {
                return Refuse(error.ToString());
            }

            if (!DtlsFingerprint.TryParse(answer.RemoteFingerprint.ToString(), out DtlsFingerprint? remoteFingerprint))
            {
                return Refuse($"The offer's fingerprint uses {answer.RemoteFingerprint.Algorithm}; this server verifies sha-256 only.");
            }

            session = new PeerSession(this, _options, _time, _certificate, answer, credentials, remoteFingerprint, Now);
            answerSdp = answer.Sdp;
            _byUfrag[credentials.Ufrag] = session;
            _byId[session.Id] = session;
            Volatile.Write(ref _sessions, [.. _sessions, session]);
        }

        Interlocked.Increment(ref _sessionsCreated);
        return SessionOffer.Accepted(session, answerSdp);
    }

    /// <summary>Finds an open session by its <see cref="PeerSession.Id"/> (for WHIP DELETE).</summary>
    /// <param name="id">The session id.</param>
    /// <param name="session">The session when found.</param>
    /// <returns>True when an open session has that id.</returns>
    public bool TryGetSession(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PeerSession? session) =>
        _byId.TryGetValue(id, out session);

    /// <summary>Closes every session ("closed by server"), stops the loops and releases the socket.</summary>
    /// <returns>A task that completes when the loops have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        lock (_sessionsLock)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
        }

        foreach (PeerSession session in Volatile.Read(ref _sessions))
        {
            session.Close("closed by server");
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (HostCandidateSocket socket in _sockets)
        {
            socket.Dispose();
        }

        _timerThread.Join(TimeSpan.FromSeconds(2));
        if (!_timerThread.IsAlive)
        {
            _stop.Dispose();
        }
    }

    /// <inheritdoc />
    void IDatagramHandler.CountSent(bool succeeded) =>
        Interlocked.Increment(ref succeeded ? ref _datagramsSent : ref _sendFailures);

    /// <inheritdoc />
    void IPeerSessionHost.CountFault() => Interlocked.Increment(ref _faults);

    /// <inheritdoc />
    void IPeerSessionHost.Forget(PeerSession session)
    {
        lock (_sessionsLock)
        {
            _byUfrag.TryRemove(new KeyValuePair<string, PeerSession>(session.Credentials.Ufrag, session));
            _byId.TryRemove(new KeyValuePair<string, PeerSession>(session.Id, session));
            int index = Array.IndexOf(_sessions, session);
            if (index >= 0)
            {
                // Read before the session frees its receivers (it has stopped taking packets).
                _closedSessions = Sum(_closedSessions, session.Counters);
                PeerSession[] next = new PeerSession[_sessions.Length - 1];
                Array.Copy(_sessions, 0, next, 0, index);
                Array.Copy(_sessions, index + 1, next, index, next.Length - index);
                Volatile.Write(ref _sessions, next);
            }
        }
    }

    /// <inheritdoc />
    void IDatagramHandler.OnDatagram(HostCandidateSocket socket, Span<byte> datagram, SocketAddress from)
    {
        try
        {
            HandleDatagram(socket, datagram, from);
        }
        catch (Exception)
        {
            // A bug must not stop the port for every session; the datagram is lost.
            Interlocked.Increment(ref _faults);
        }
    }

    // Binds every address on one port: with port 0, the first socket's ephemeral port for the rest.
    // An address that cannot be had (an IPv6 address still in duplicate detection) is skipped while
    // others remain; a port taken on any address is an error, as it is for a single socket.
    private static HostCandidateSocket[] OpenSockets(IReadOnlyList<IPAddress> addresses, int port, IDatagramHandler handler, List<IPAddress> unbound)
    {
        var sockets = new List<HostCandidateSocket>(addresses.Count);
        try
        {
            foreach (IPAddress address in addresses)
            {
                try
                {
                    sockets.Add(HostCandidateSocket.Open(address, sockets.Count == 0 ? port : sockets[0].LocalEndPoint.Port, handler));
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
                {
                    unbound.Add(address);
                }
            }

            return sockets.Count > 0 ? [.. sockets] : throw new SocketException((int)SocketError.AddressNotAvailable);
        }
        catch
        {
            foreach (HostCandidateSocket socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }
    }

    private static PeerSessionCounters Sum(PeerSessionCounters a, PeerSessionCounters b) => new()
    {
        PacketsReceived = a.PacketsReceived + b.PacketsReceived,
        BytesReceived = a.BytesReceived + b.BytesReceived,
        RetransmissionsReceived = a.RetransmissionsReceived + b.RetransmissionsReceived,
        PacketsLost = a.PacketsLost + b.PacketsLost,
        PacketsDroppedForTest = a.PacketsDroppedForTest + b.PacketsDroppedForTest,
        NacksSent = a.NacksSent + b.NacksSent,
        NackedPackets = a.NackedPackets + b.NackedPackets,
        PlisSent = a.PlisSent + b.PlisSent,
        ReceiverReportsSent = a.ReceiverReportsSent + b.ReceiverReportsSent,
        Keyframes = a.Keyframes + b.Keyframes,
        DecryptFailures = a.DecryptFailures + b.DecryptFailures,
        PacketsRefused = a.PacketsRefused + b.PacketsRefused,
        RtcpPacketsReceived = a.RtcpPacketsReceived + b.RtcpPacketsReceived,
        FramesEmitted = a.FramesEmitted + b.FramesEmitted,
        FramesDiscarded = a.FramesDiscarded + b.FramesDiscarded,
    };

    private SessionOffer Refuse(string error)
    {
        Interlocked.Increment(ref _offersRefused);
        return SessionOffer.Refused(error);
    }

    private void HandleDatagram(HostCandidateSocket socket, Span<byte> datagram, SocketAddress from)
    {
        Interlocked.Increment(ref _datagramsReceived);
        Interlocked.Add(ref _bytesReceived, datagram.Length);
        if (datagram.IsEmpty)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        byte first = datagram[0];
        if (first <= 3)
        {
            HandleStun(socket, datagram, from);
            return;
        }

        bool dtls = DtlsDemux.IsDtls(first);
        if (!dtls && !RtpDemux.IsRtpOrRtcp(first))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        if (!socket.TryFind(from, out PeerSession? session))
        {
            Interlocked.Increment(ref _unmatched);
            return;
        }

        bool taken = dtls ? session.OnDtls(datagram) : session.OnSrtp(datagram, Now);
        if (!taken)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private void HandleStun(HostCandidateSocket socket, ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (!IceLiteResponder.TryParseRequest(datagram, out StunMessage request, out ReadOnlySpan<byte> localUfrag))
        {
            Interlocked.Increment(ref _stunDropped);
            return;
        }

        Span<char> ufrag = stackalloc char[localUfrag.Length];
        for (int i = 0; i < localUfrag.Length; i++)
        {
            ufrag[i] = (char)localUfrag[i];
        }

        if (!_byUfragSpan.TryGetValue(ufrag, out PeerSession? session))
        {
            Interlocked.Increment(ref _stunUnknownUfrag);
            return;
        }

        IPEndPoint source = session.Ice.Find(socket, from)?.EndPoint ?? IceValidatedAddresses.ToEndPoint(from);
        IceCheckResult result = IceLiteResponder.Answer(request, session.Credentials, session.RemoteUfrag, source, socket.StunResponse, out int length);
        if (result == IceCheckResult.Success)
        {
            // Validate (and maybe nominate) before the answer leaves, so the peer's next datagram is matched.
            session.OnValidCheck(socket, from, request.UseCandidate, Now);
        }

        socket.Send(socket.StunResponse.AsSpan(0, length), from);
        switch (result)
        {
            case IceCheckResult.Success:
                Interlocked.Increment(ref _stunAnswered);
                break;
            case IceCheckResult.Unauthorized:
                Interlocked.Increment(ref _stunUnauthorized);
                break;
            default:
                Interlocked.Increment(ref _stunDropped);
                break;
        }
    }

    // A thread of its own rather than a thread-pool timer: jitter-buffer release, NACK timing and
    // consent must not wait behind a starved pool (a busy host, or blocking work elsewhere in the process).
    private void TimerLoop()
    {
        WaitHandle stop = _stop.Token.WaitHandle;
        while (!stop.WaitOne(TickInterval))
        {
            TimeSpan now = Now;
            foreach (PeerSession session in Volatile.Read(ref _sessions))
            {
                try
                {
                    session.OnTick(now);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref _faults);
                }
            }
        }
    }
}
