// One publisher's WebRTC session on the shared media port, after the SDP answer. The parts, one file
// each: ICE-lite pairs and consent (IceValidatedAddresses, ConsentFreshness: RFC 8445 sections 2.5
// and 7.3, RFC 7675), DTLS-SRTP (DtlsSrtpAssociation: RFC 5764; EarlySrtpQueue for media that beats
// our keys), the inbound SRTP path (SrtpIntake: RFC 3711, RFC 7714), BUNDLE routing and RTX restore
// (SsrcRouter: RFC 8843, RFC 4588), per-SSRC reception (RtpReceiver), feedback (FeedbackScheduler,
// RtcpFeedbackWriter, RembRule: RFC 3550 6.4.2, RFC 4585, REMB), and how long connecting took
// (ConnectTimelineRecorder). This type owns the session's state and the order of things: checks
// validate pairs, the first starts DTLS, SRTP goes through the intake to the receivers, whose frames
// are raised as FrameReceived, and the timer drives consent, NACK, PLI and reports.
// Threads: the endpoint's receive loops and its timer enter through the session lock, so the media
// state has one owner at a time and FrameReceived is never raised concurrently for a session.
// Left out: FIR, transport-cc feedback (not negotiated, so browsers rely on REMB), data channels,
// ICE restarts, simulcast, and sending media.
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using LiveServer.WebRtc.Depacketizers;
using LiveServer.WebRtc.Dtls;
using LiveServer.WebRtc.Ice;
using LiveServer.WebRtc.Rtp;
using LiveServer.WebRtc.Sdp;
using LiveServer.WebRtc.Srtp;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// A publisher's session: created by <see cref="WebRtcEndpoint.Accept"/>, connected by ICE and
/// DTLS, and turning SRTP into whole encoded frames (<see cref="FrameReceived"/>) while it keeps
/// the sender informed with NACK, PLI, receiver reports and REMB.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Close (CloseAsync, or the endpoint's disposal) releases the DTLS association and the receivers; a session's lifetime is the endpoint's to manage.")]
public sealed class PeerSession
{
    /// <summary>Shortest spacing of two PLIs for one SSRC (RequestKeyframe, loss or periodic).</summary>
    public static readonly TimeSpan MinKeyframeRequestInterval = TimeSpan.FromMilliseconds(300);

    private readonly Lock _gate = new();
    private readonly IPeerSessionHost _host;
    private readonly DtlsSrtpAssociation _dtls;
    private readonly IceValidatedAddresses _ice = new();
    private readonly ConsentFreshness _consent;
    private readonly SsrcRouter _router;
    private readonly FeedbackScheduler _feedback;
    private readonly InboundLossSimulator _loss;
    private readonly EarlySrtpQueue _early = new();
    private readonly ConnectTimelineRecorder _timeline;

    private SrtpIntake? _intake;
    private SrtpContext? _srtcpOut;
    private volatile int _state;
    private string? _closeReason;

    private long _keyframes;
    private long _framesEmitted;

    internal PeerSession(
        IPeerSessionHost host,
        WebRtcEndpointOptions options,
        TimeProvider timeProvider,
        DtlsCertificate certificate,
        SdpAnswer answer,
        IceCredentials credentials,
        DtlsFingerprint remoteFingerprint,
        TimeSpan now)
    {
        _host = host;
        Answer = answer;
        Credentials = credentials;
        RemoteUfrag = System.Text.Encoding.UTF8.GetBytes(answer.RemoteIceUfrag);
        NegotiatedMedia[] media = [.. answer.Media.Where(m => m.Accepted && m.Codec is not null)];
        HasAudio = media.Any(m => m.Media == "audio");
        HasVideo = media.Any(m => m.Media == "video");
        ScreenShareMid = FindScreenShareMid(media);
        _router = new SsrcRouter(media);
        _dtls = new DtlsSrtpAssociation(certificate, remoteFingerprint, new SelectedPairSender(_ice), options.HandshakeTimeout, timeProvider);
        _consent = new ConsentFreshness(options.ConsentTimeout, now);
        _loss = new InboundLossSimulator(options.InboundRtpLossPercent);
        _timeline = new ConnectTimelineRecorder(now);
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        Id = Convert.ToHexStringLower(random);
        RandomNumberGenerator.Fill(random);
        byte[] cname = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(random[4..16]));
        var writer = new RtcpFeedbackWriter(BinaryPrimitives.ReadUInt32BigEndian(random), cname, SendRtcp);
        _feedback = new FeedbackScheduler(writer, options.MaxVideoBitrate, options.KeyframeInterval, now);
    }

    /// <summary>Raised for every complete frame, in order per SSRC, on the endpoint's receive loop or timer; never concurrently for one session. The payload is valid only during the call.</summary>
    public event Action<PeerSession, ReceivedFrame>? FrameReceived;

    /// <summary>Raised once when DTLS completes and SRTP keys are in place.</summary>
    public event Action<PeerSession>? Connected;

    /// <summary>
    /// Raised once when the session ends, with the reason: "consent timeout", "DTLS failed: ...",
    /// "closed by server" or "peer closed".
    /// </summary>
    public event Action<PeerSession, string>? Closed;

    /// <summary>An unguessable id (128 random bits, hex), for the WHIP resource URL.</summary>
    public string Id { get; }

    /// <summary>Where the session is in its life.</summary>
    public PeerSessionState State => (PeerSessionState)_state;

    /// <summary>Why the session closed, or <see langword="null"/> while it is open.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    /// <summary>True when a video m-section was accepted.</summary>
    public bool HasVideo { get; }

    /// <summary>
    /// The mid of the accepted video m-section that carries a screen share, or <see langword="null"/>
    /// when none does: the one the offer marked a=content:slides (RFC 4796), else the second accepted
    /// video m-section (the first is the camera).
    /// </summary>
    public string? ScreenShareMid { get; }

    /// <summary>True when an audio m-section was accepted.</summary>
    public bool HasAudio { get; }

    /// <summary>The negotiated answer: per m-section codec, extensions and SSRCs.</summary>
    public SdpAnswer Answer { get; }

    /// <summary>The remote address DTLS and RTCP go to (of the nominated or latest validated pair), or <see langword="null"/> before ICE.</summary>
    public IPEndPoint? RemoteEndPoint => _ice.Selected?.EndPoint;

    /// <summary>The local address (host candidate) of that pair, or <see langword="null"/> before ICE.</summary>
    public IPEndPoint? LocalEndPoint => _ice.Selected?.Socket.LocalEndPoint;

    /// <summary>How long each step of connecting took, from the answer.</summary>
    public ConnectTimeline Timeline => _timeline.Snapshot;

    /// <summary>A snapshot of the media counters.</summary>
    public PeerSessionCounters Counters
    {
        get
        {
            lock (_gate)
            {
                return new PeerSessionCounters
                {
                    PacketsReceived = _intake?.Packets ?? 0,
                    BytesReceived = _intake?.Bytes ?? 0,
                    RetransmissionsReceived = _intake?.Retransmissions ?? 0,
                    PacketsLost = _router.Receivers.Sum(r => r.PacketsLost),
                    PacketsDroppedForTest = _intake?.DroppedForTest ?? 0,
                    NacksSent = _feedback.Writer.NacksSent,
                    NackedPackets = _feedback.Writer.NackedPackets,
                    PlisSent = _feedback.Writer.PlisSent,
                    ReceiverReportsSent = _feedback.Writer.ReportsSent,
                    LastRembBitrate = _feedback.RembEstimate,
                    Keyframes = _keyframes,
                    DecryptFailures = _intake?.DecryptFailures ?? 0,
                    PacketsRefused = _intake?.Refused ?? 0,
                    RtcpPacketsReceived = _intake?.RtcpPackets ?? 0,
                    FramesEmitted = _framesEmitted,
                    FramesDiscarded = _router.Receivers.Sum(r => r.FramesDiscarded),
                };
            }
        }
    }

    /// <summary>
    /// While positive, every video SSRC is sent a PLI at this interval; zero stops it. Starts as
    /// <see cref="WebRtcEndpointOptions.KeyframeInterval"/>; the livestream sets about 2 s on the
    /// sessions of its room while it runs. Safe to set from any thread.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan KeyframeInterval
    {
        get => _feedback.KeyframeInterval;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            _feedback.KeyframeInterval = value;
        }
    }

    internal IceCredentials Credentials { get; }

    internal byte[] RemoteUfrag { get; }

    internal IceValidatedAddresses Ice => _ice;

    /// <summary>
    /// Asks the publisher for a keyframe: a PLI for every video SSRC on the next timer tick, at most
    /// one per <see cref="MinKeyframeRequestInterval"/> per SSRC (a request inside that window is sent
    /// when it ends). Harmless before the session is connected.
    /// </summary>
    public void RequestKeyframe() => _feedback.RequestKeyframe();

    /// <summary>
    /// Ends the session: sends DTLS close_notify, frees its buffers, removes it from the endpoint and
    /// raises <see cref="Closed"/> ("closed by server") once. Idempotent.
    /// </summary>
    /// <param name="cancellationToken">Not used: the close is synchronous and short (one close_notify datagram).</param>
    /// <returns>A completed task.</returns>
    public ValueTask CloseAsync(CancellationToken cancellationToken = default)
    {
        Close("closed by server");
        return ValueTask.CompletedTask;
    }

    /// <summary>Records an authenticated check on a pair: consent, validation, nomination; starts DTLS on the first.</summary>
    internal void OnValidCheck(IMediaSocket socket, SocketAddress from, bool useCandidate, TimeSpan now)
    {
        bool start = false;
        lock (_gate)
        {
            if (_state == (int)PeerSessionState.Closed)
            {
                return;
            }

            _consent.Refresh(now);
            _ice.OnValidCheck(socket, from, useCandidate, out IceValidatedAddresses.Entry? added, out IceValidatedAddresses.Entry? evicted);
            evicted?.Socket.Unmap(evicted.Address, this);
            added?.Socket.Map(added.Address, this);
            _timeline.OnCheck(now, useCandidate);

            if (_state == (int)PeerSessionState.WaitingForIce)
            {
                _state = (int)PeerSessionState.Handshaking;
                start = true;
            }
        }

        if (start)
        {
            _ = RunDtlsAsync();
        }
    }

    /// <summary>Passes a DTLS datagram from a validated pair on; false when the session takes none.</summary>
    internal bool OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (_state is not ((int)PeerSessionState.Handshaking or (int)PeerSessionState.Connected))
        {
            return false;
        }

        _dtls.Enqueue(datagram);
        return true;
    }

    /// <summary>
    /// Handles an SRTP or SRTCP datagram from a validated pair (decrypted in place); during the DTLS
    /// handshake it is kept for when the keys are in. False when the session takes none.
    /// </summary>
    internal bool OnSrtp(Span<byte> datagram, TimeSpan now)
    {
        string? closeReason;
        lock (_gate)
        {
            if (_state == (int)PeerSessionState.Handshaking)
            {
                return _early.TryEnqueue(datagram);
            }

            if (_state != (int)PeerSessionState.Connected || _intake is null)
            {
                return false;
            }

            closeReason = HandleSrtp(datagram, now);
        }

        if (closeReason is not null)
        {
            Close(closeReason);
        }

        return true;
    }

    /// <summary>The timer: consent, jitter-buffer release, NACK, PLI, reports.</summary>
    internal void OnTick(TimeSpan now)
    {
        bool expired = false;
        lock (_gate)
        {
            if (_state == (int)PeerSessionState.Closed)
            {
                return;
            }

            expired = _consent.IsExpired(now);
            if (!expired && _state == (int)PeerSessionState.Connected)
            {
                TickMedia(now);
            }
        }

        if (expired)
        {
            Close("consent timeout");
        }
    }

    /// <summary>Ends the session once; later calls return false.</summary>
    internal bool Close(string reason)
    {
        IceValidatedAddresses.Entry[] pairs;
        lock (_gate)
        {
            if (_state == (int)PeerSessionState.Closed)
            {
                return false;
            }

            _state = (int)PeerSessionState.Closed;
            Volatile.Write(ref _closeReason, reason);
            pairs = [.. _ice.All];
        }

        _host.Forget(this);
        foreach (IceValidatedAddresses.Entry pair in pairs)
        {
            pair.Socket.Unmap(pair.Address, this);
        }

        _dtls.Dispose();
        lock (_gate)
        {
            _early.Clear();
            _router.Dispose();
            _intake?.Dispose();
            _srtcpOut?.Dispose();
            _intake = null;
            _srtcpOut = null;
        }

        Raise(() => Closed?.Invoke(this, reason));
        return true;
    }

    private static string? FindScreenShareMid(NegotiatedMedia[] media)
    {
        NegotiatedMedia[] video = [.. media.Where(m => m.Media == "video")];
        return video.FirstOrDefault(m => m.IsSlides)?.Mid ?? (video.Length > 1 ? video[1].Mid : null);
    }

    private async Task RunDtlsAsync()
    {
        SrtpContext local;
        SrtpContext remote;
        try
        {
            (local, remote) = await _dtls.HandshakeAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Close("DTLS failed: " + exception.Message);
            return;
        }

        bool connected = false;
        string? closeReason = null;
        lock (_gate)
        {
            if (_state == (int)PeerSessionState.Handshaking)
            {
                _srtcpOut = local;
                _intake = new SrtpIntake(remote, _router, _loss);
                _router.DeclareFromOffer();
                _state = (int)PeerSessionState.Connected;
                connected = true;
                TimeSpan now = _host.Now;
                _early.Replay(datagram => closeReason ??= HandleSrtp(datagram, now));
            }
        }

        if (closeReason is not null)
        {
            Close(closeReason);
            return;
        }

        if (!connected)
        {
            local.Dispose();
            remote.Dispose();
            return;
        }

        _timeline.OnDtlsConnected(_host.Now);
        Raise(() => Connected?.Invoke(this));
        if (await _dtls.WaitForEndAsync().ConfigureAwait(false) is { } reason)
        {
            Close(reason);
        }
    }

    // Under the lock, connected: one datagram through decryption to frames. Returns a close reason (BYE).
    private string? HandleSrtp(Span<byte> datagram, TimeSpan now)
    {
        if (RtpDemux.IsRtcp(datagram))
        {
            return _intake!.HandleRtcp(datagram, now) ? "peer closed" : null;
        }

        if (_intake!.HandleRtp(datagram, now) is not { } receiver)
        {
            return null;
        }

        if (receiver.Kind == MediaKind.Video)
        {
            _timeline.OnVideoPacket(now);
        }

        DrainFrames(receiver, now);
        return null;
    }

    // Raises every frame the receiver completes now; stops when the session closed meanwhile.
    private void DrainFrames(RtpReceiver receiver, TimeSpan now)
    {
        while (_state == (int)PeerSessionState.Connected
            && receiver.TryReadFrame(now, out DepacketizedFrame frame, out AudioLevel? level, out TimeSpan arrival))
        {
            _framesEmitted++;
            bool videoKeyframe = frame.IsKeyframe && receiver.Kind == MediaKind.Video;
            if (videoKeyframe)
            {
                _keyframes++;
            }

            _timeline.OnFrame(now, videoKeyframe);

            if (FrameReceived is { } handler)
            {
                var received = new ReceivedFrame(receiver.Kind, frame.Codec, frame.IsKeyframe, frame.RtpTimestamp, frame.Data, level, receiver.Ssrc, arrival, receiver.Media.Mid);
                try
                {
                    handler(this, received);
                }
                catch (Exception)
                {
                    _host.CountFault();
                }
            }
        }
    }

    private void TickMedia(TimeSpan now)
    {
        foreach (RtpReceiver receiver in _router.Receivers)
        {
            DrainFrames(receiver, now);
        }

        if (_state != (int)PeerSessionState.Connected || _ice.Selected is null)
        {
            return;
        }

        _feedback.Tick(_router.Receivers, now);
        if (_feedback.FirstPliAt is { } sentAt)
        {
            _timeline.OnPli(sentAt);
        }
    }

    private void SendRtcp(byte[] buffer, int length)
    {
        if (_srtcpOut is { } srtcp && _ice.Selected is { } pair)
        {
            pair.Send(buffer.AsSpan(0, srtcp.ProtectRtcp(buffer, length)));
        }
    }

    private void Raise(Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception)
        {
            _host.CountFault();
        }
    }

    /// <summary>Sends DTLS flights on the session's selected pair.</summary>
    private sealed class SelectedPairSender(IceValidatedAddresses ice) : IDatagramSender
    {
        public void Send(ReadOnlySpan<byte> datagram) => ice.Selected?.Send(datagram);
    }
}
