// One publisher's WebRTC session on the shared UDP port, after the SDP answer:
// - ICE-lite (RFC 8445 sections 2.5 and 7.3): the endpoint answers checks; this type keeps the
//   validated addresses and consent freshness (RFC 7675 section 5.1: no authenticated check for the
//   consent timeout ends the session).
// - DTLS-SRTP (RFC 5764 sections 4.2 and 5.1.2): passive DTLS server, started at the first successful
//   check; the client's write keys decrypt what arrives, the server's protect our SRTCP.
// - SRTP/SRTCP (RFC 3711, RFC 7714), RTX (RFC 4588 section 4: OSN in the first two payload bytes,
//   the original SSRC from a=ssrc-group:FID and the original PT from apt), BUNDLE routing by SSRC,
//   then the mid header extension (RFC 8843 section 15), then payload type.
// - Feedback (RFC 3550 6.4.2 receiver reports about once a second, RFC 4585 6.2.1 generic NACK and
//   6.3.1 PLI in compound packets led by an RR, draft-alvestrand-rmcat-remb REMB), and SR/BYE intake.
// Threads: the endpoint's receive loop and its timer both enter through the session lock, so the
// media state has one owner at a time and FrameReceived is never raised concurrently for a session.
// Left out: FIR, transport-cc feedback (not negotiated, so browsers rely on REMB), data channels,
// ICE restarts, simulcast, and sending media.
using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using LiveServer.WebRtc.Depacketizers;
using LiveServer.WebRtc.Dtls;
using LiveServer.WebRtc.Ice;
using LiveServer.WebRtc.Rtcp;
using LiveServer.WebRtc.Rtp;
using LiveServer.WebRtc.Sdp;
using LiveServer.WebRtc.Srtp;

namespace LiveServer.WebRtc.Sessions;

/// <summary>
/// A publisher's session: created by <see cref="WebRtcEndpoint.Accept"/>, connected by ICE and
/// DTLS, and turning SRTP into whole encoded frames (<see cref="FrameReceived"/>) while it keeps
/// the sender informed with NACK, PLI, receiver reports and REMB.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "CloseAsync (or the endpoint's disposal) releases the DTLS transport; a session's lifetime is the endpoint's to manage.")]
public sealed class PeerSession
{
    /// <summary>Shortest spacing of two PLIs for one SSRC (RequestKeyframe, loss or periodic).</summary>
    public static readonly TimeSpan MinKeyframeRequestInterval = TimeSpan.FromMilliseconds(300);

    // Routes (media + RTX SSRCs) one session may hold; more SSRCs are refused.
    private const int MaxRoutes = 8;

    // Keep each SRTCP datagram comfortably under the path MTU.
    private const int RtcpBudget = 1100;

    // REMB rule bounds (see UpdateRemb).
    private const long MinRembBitrate = 300_000;

    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan KeyframeRetryInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly WebRtcEndpoint _endpoint;
    private readonly WebRtcEndpointOptions _options;
    private readonly DtlsServerTransport _dtls;
    private readonly IceValidatedAddresses _ice = new();
    private readonly NegotiatedMedia[] _media;
    private readonly Dictionary<uint, Route> _routes = [];
    private readonly List<RtpReceiver> _receivers = [];
    private readonly byte[] _rtxScratch = new byte[2048];
    private readonly byte[] _rtcp = new byte[RtcpBudget + 512];
    private readonly ushort[] _nackScratch = new ushort[64];
    private readonly ReportBlock[] _blocks = new ReportBlock[MaxRoutes];
    private readonly uint[] _rembSsrcs = new uint[MaxRoutes];
    private readonly byte[] _cname;
    private readonly uint _senderSsrc;
    private readonly int _lossThreshold;

    private SrtpContext? _srtpIn;
    private SrtpContext? _srtcpOut;
    private volatile int _state;
    private long _lastConsentTicks;
    private TimeSpan _lastReportAt = RtpReceiver.Never;
    private TimeSpan _lastPeriodicPliAt;
    private volatile bool _keyframeRequested;
    private long _keyframeIntervalTicks;
    private ulong _lossState = 0x9E3779B97F4A7C15;
    private long _rembEstimate;
    private int _rtcpLength;
    private bool _rtcpHasContent;
    private string? _closeReason;

    private long _packets;
    private long _bytes;
    private long _retransmissions;
    private long _droppedForTest;
    private long _nacksSent;
    private long _nackedPackets;
    private long _plisSent;
    private long _reportsSent;
    private long _keyframes;
    private long _decryptFailures;
    private long _refused;
    private long _rtcpReceived;
    private long _framesEmitted;

    internal PeerSession(
        WebRtcEndpoint endpoint,
        WebRtcEndpointOptions options,
        TimeProvider timeProvider,
        DtlsCertificate certificate,
        SdpAnswer answer,
        IceCredentials credentials,
        DtlsFingerprint remoteFingerprint,
        TimeSpan now)
    {
        _endpoint = endpoint;
        _options = options;
        Answer = answer;
        Credentials = credentials;
        RemoteUfrag = System.Text.Encoding.UTF8.GetBytes(answer.RemoteIceUfrag);
        _media = [.. answer.Media.Where(m => m.Accepted && m.Codec is not null)];
        HasAudio = _media.Any(m => m.Media == "audio");
        HasVideo = _media.Any(m => m.Media == "video");
        ScreenShareMid = FindScreenShareMid(_media);
        _dtls = new DtlsServerTransport(
            certificate,
            remoteFingerprint,
            new DtlsSender(this),
            new DtlsServerTransportOptions { HandshakeTimeout = options.HandshakeTimeout },
            timeProvider);
        _lastConsentTicks = now.Ticks;
        _lastPeriodicPliAt = now;
        _lossThreshold = (int)Math.Round(options.InboundRtpLossPercent * 10_000);
        _keyframeIntervalTicks = options.KeyframeInterval.Ticks;
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        Id = Convert.ToHexStringLower(random);
        RandomNumberGenerator.Fill(random);
        _senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(random);
        _cname = System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(random[4..16]));
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

    /// <summary>The address DTLS and RTCP go to (the nominated or latest validated one), or <see langword="null"/> before ICE.</summary>
    public IPEndPoint? RemoteEndPoint => _ice.Selected?.EndPoint;

    /// <summary>A snapshot of the media counters.</summary>
    public PeerSessionCounters Counters
    {
        get
        {
            lock (_gate)
            {
                long lost = 0;
                long discarded = 0;
                foreach (RtpReceiver receiver in _receivers)
                {
                    lost += receiver.PacketsLost;
                    discarded += receiver.FramesDiscarded;
                }

                return new PeerSessionCounters
                {
                    PacketsReceived = _packets,
                    BytesReceived = _bytes,
                    RetransmissionsReceived = _retransmissions,
                    PacketsLost = lost,
                    PacketsDroppedForTest = _droppedForTest,
                    NacksSent = _nacksSent,
                    NackedPackets = _nackedPackets,
                    PlisSent = _plisSent,
                    ReceiverReportsSent = _reportsSent,
                    LastRembBitrate = _rembEstimate,
                    Keyframes = _keyframes,
                    DecryptFailures = _decryptFailures,
                    PacketsRefused = _refused,
                    RtcpPacketsReceived = _rtcpReceived,
                    FramesEmitted = _framesEmitted,
                    FramesDiscarded = discarded,
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
        get => TimeSpan.FromTicks(Volatile.Read(ref _keyframeIntervalTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Volatile.Write(ref _keyframeIntervalTicks, value.Ticks);
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
    public void RequestKeyframe() => _keyframeRequested = true;

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

    /// <summary>Records an authenticated check from an address: consent, validation, nomination; starts DTLS on the first.</summary>
    internal void OnValidCheck(SocketAddress from, bool useCandidate, TimeSpan now)
    {
        bool start = false;
        lock (_gate)
        {
            if (_state == (int)PeerSessionState.Closed)
            {
                return;
            }

            Volatile.Write(ref _lastConsentTicks, now.Ticks);
            _ice.OnValidCheck(from, useCandidate, out IceValidatedAddresses.Entry? added, out IceValidatedAddresses.Entry? evicted);
            if (evicted is not null)
            {
                _endpoint.UnmapAddress(evicted.Address, this);
            }

            if (added is not null)
            {
                _endpoint.MapAddress(added.Address, this);
            }

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

    /// <summary>Passes a DTLS datagram from a validated address on; false when the session takes none.</summary>
    internal bool OnDtls(ReadOnlySpan<byte> datagram)
    {
        if (_state is not ((int)PeerSessionState.Handshaking or (int)PeerSessionState.Connected))
        {
            return false;
        }

        _dtls.EnqueueReceived(datagram);
        return true;
    }

    private static string? FindScreenShareMid(NegotiatedMedia[] media)
    {
        NegotiatedMedia[] video = [.. media.Where(m => m.Media == "video")];
        NegotiatedMedia? slides = video.FirstOrDefault(m => m.IsSlides);
        if (slides is not null)
        {
            return slides.Mid;
        }

        return video.Length > 1 ? video[1].Mid : null;
    }

    /// <summary>Handles an SRTP or SRTCP datagram from a validated address (decrypted in place); false when not connected.</summary>
    internal bool OnSrtp(Span<byte> datagram, TimeSpan now)
    {
        string? closeReason;
        lock (_gate)
        {
            if (_state != (int)PeerSessionState.Connected || _srtpIn is null)
            {
                return false;
            }

            if (RtpDemux.IsRtcp(datagram))
            {
                closeReason = HandleRtcp(datagram, now);
            }
            else
            {
                HandleRtp(datagram, now);
                closeReason = null;
            }
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
        string? closeReason = null;
        lock (_gate)
        {
            if (_state == (int)PeerSessionState.Closed)
            {
                return;
            }

            if (now - TimeSpan.FromTicks(Volatile.Read(ref _lastConsentTicks)) > _options.ConsentTimeout)
            {
                closeReason = "consent timeout";
            }
            else if (_state == (int)PeerSessionState.Connected)
            {
                TickMedia(now);
            }
        }

        if (closeReason is not null)
        {
            Close(closeReason);
        }
    }

    /// <summary>Hands a completed frame to the subscribers; false when the session closed meanwhile.</summary>
    internal bool Emit(RtpReceiver receiver, in DepacketizedFrame frame, AudioLevel? level, TimeSpan arrival)
    {
        _framesEmitted++;
        if (frame.IsKeyframe && receiver.Kind == MediaKind.Video)
        {
            _keyframes++;
        }

        Action<PeerSession, ReceivedFrame>? handler = FrameReceived;
        if (handler is not null)
        {
            try
            {
                handler(this, new ReceivedFrame(receiver.Kind, frame.Codec, frame.IsKeyframe, frame.RtpTimestamp, frame.Data, level, receiver.Ssrc, arrival, receiver.Media.Mid));
            }
            catch (Exception)
            {
                _endpoint.CountFault();
            }
        }

        return _state != (int)PeerSessionState.Closed;
    }

    /// <summary>Ends the session once; later calls return false.</summary>
    internal bool Close(string reason)
    {
        IceValidatedAddresses.Entry[] addresses;
        lock (_gate)
        {
            if (_state == (int)PeerSessionState.Closed)
            {
                return false;
            }

            _state = (int)PeerSessionState.Closed;
            Volatile.Write(ref _closeReason, reason);
            addresses = [.. _ice.All];
        }

        _endpoint.Remove(this, addresses);
        try
        {
            _dtls.Close();
        }
        catch (Exception)
        {
            // close_notify is a courtesy.
        }

        lock (_gate)
        {
            foreach (RtpReceiver receiver in _receivers)
            {
                receiver.Dispose();
            }

            _srtpIn?.Dispose();
            _srtcpOut?.Dispose();
            _srtpIn = null;
            _srtcpOut = null;
        }

        try
        {
            Closed?.Invoke(this, reason);
        }
        catch (Exception)
        {
            _endpoint.CountFault();
        }

        return true;
    }

    private static bool AsciiEquals(ReadOnlySpan<byte> bytes, string text)
    {
        if (bytes.Length != text.Length)
        {
            return false;
        }

        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private async Task RunDtlsAsync()
    {
        DtlsHandshakeResult result;
        SrtpContext local;
        SrtpContext remote;
        try
        {
            result = await _dtls.HandshakeAsync(CancellationToken.None).ConfigureAwait(false);
            (local, remote) = SrtpKeyingMaterial.CreateContexts(
                (SrtpProtectionProfile)result.SrtpProfile, result.KeyingMaterial.Span, DtlsSrtpRole.Server);
        }
        catch (Exception exception)
        {
            Close("DTLS failed: " + exception.Message);
            return;
        }

        bool connected = false;
        lock (_gate)
        {
            if (_state == (int)PeerSessionState.Handshaking)
            {
                _srtcpOut = local;
                _srtpIn = remote;
                CreateDeclaredReceivers();
                _state = (int)PeerSessionState.Connected;
                connected = true;
            }
        }

        if (!connected)
        {
            local.Dispose();
            remote.Dispose();
            return;
        }

        try
        {
            Connected?.Invoke(this);
        }
        catch (Exception)
        {
            _endpoint.CountFault();
        }

        DtlsCloseReason closeReason = await _dtls.Completion.ConfigureAwait(false);
        if (closeReason is DtlsCloseReason.PeerClosed or DtlsCloseReason.PeerAlert)
        {
            Close("peer closed");
        }
        else if (closeReason == DtlsCloseReason.Error)
        {
            Close("DTLS failed: the association ended with an error");
        }
    }

    // The offer's a=ssrc lines name the media and RTX SSRCs up front; route them before the first packet
    // so that a keyframe request can go out at once.
    private void CreateDeclaredReceivers()
    {
        foreach (NegotiatedMedia media in _media)
        {
            foreach (uint ssrc in media.MediaSsrcs)
            {
                if (_routes.Count < MaxRoutes && !_routes.ContainsKey(ssrc))
                {
                    _routes[ssrc] = new Route(GetOrCreateReceiver(ssrc, media), false);
                }
            }

            foreach ((uint rtx, uint ssrc) in media.RtxSsrcs)
            {
                if (_routes.Count < MaxRoutes && !_routes.ContainsKey(rtx) && _routes.TryGetValue(ssrc, out Route route))
                {
                    _routes[rtx] = new Route(route.Receiver, true);
                }
            }
        }
    }

    private void HandleRtp(Span<byte> datagram, TimeSpan now)
    {
        if (_lossThreshold > 0 && NextLossDraw() < _lossThreshold)
        {
            _droppedForTest++;
            return;
        }

        if (!_srtpIn!.TryUnprotectRtp(datagram, out int length, out _))
        {
            _decryptFailures++;
            return;
        }

        if (!RtpPacket.TryParse(datagram[..length], out RtpPacket packet) || !TryRoute(packet, out Route route))
        {
            _refused++;
            return;
        }

        _packets++;
        _bytes += length;
        RtpReceiver receiver = route.Receiver;
        if (route.IsRtx)
        {
            if (packet.PayloadType != receiver.Codec.RtxPayloadType)
            {
                _refused++;
                return;
            }

            if (packet.Payload.Length < 2)
            {
                // Padding-only RTX: a bandwidth probe, nothing to restore.
                return;
            }

            if (!TryRestore(packet, receiver, out RtpPacket restored))
            {
                _refused++;
                return;
            }

            _retransmissions++;
            receiver.Insert(restored, now);
        }
        else
        {
            if (packet.PayloadType != receiver.Codec.PayloadType)
            {
                _refused++;
                return;
            }

            receiver.Insert(packet, now);
        }

        receiver.Drain(this, now);
    }

    private bool TryRoute(in RtpPacket packet, out Route route)
    {
        uint ssrc = packet.Ssrc;
        if (_routes.TryGetValue(ssrc, out route))
        {
            return true;
        }

        if (_routes.Count >= MaxRoutes)
        {
            return false;
        }

        NegotiatedMedia? found = null;
        foreach (NegotiatedMedia media in _media)
        {
            if (media.MidExtensionId is { } id && packet.TryGetExtension(id, out ReadOnlySpan<byte> mid) && AsciiEquals(mid, media.Mid))
            {
                found = media;
                break;
            }
        }

        if (found is null)
        {
            foreach (NegotiatedMedia media in _media)
            {
                if (media.TryGetCodec(packet.PayloadType, out _, out _))
                {
                    found = media;
                    break;
                }
            }
        }

        if (found is null || !found.TryGetCodec(packet.PayloadType, out _, out bool isRtx))
        {
            return false;
        }

        if (!isRtx)
        {
            route = new Route(GetOrCreateReceiver(ssrc, found), false);
        }
        else
        {
            // An RTX SSRC the offer did not pair: it repairs the section's only media SSRC, if there is one.
            RtpReceiver? only = null;
            int count = 0;
            foreach (RtpReceiver receiver in _receivers)
            {
                if (receiver.Media == found)
                {
                    only = receiver;
                    count++;
                }
            }

            if (count != 1)
            {
                return false;
            }

            route = new Route(only!, true);
        }

        _routes[ssrc] = route;
        return true;
    }

    private RtpReceiver GetOrCreateReceiver(uint ssrc, NegotiatedMedia media)
    {
        foreach (RtpReceiver existing in _receivers)
        {
            if (existing.Ssrc == ssrc)
            {
                return existing;
            }
        }

        var receiver = new RtpReceiver(ssrc, media, media.Codec!);
        _receivers.Add(receiver);
        return receiver;
    }

    // RFC 4588 section 4: the RTX payload starts with the original sequence number; the original
    // header is the RTX header with the media SSRC and payload type put back.
    private bool TryRestore(in RtpPacket rtx, RtpReceiver receiver, out RtpPacket restored)
    {
        ReadOnlySpan<byte> bytes = rtx.Bytes;
        ReadOnlySpan<byte> payload = rtx.Payload;
        int header = rtx.HeaderLength;
        int total = header + payload.Length - 2;
        if (total > _rtxScratch.Length)
        {
            restored = default;
            return false;
        }

        Span<byte> scratch = _rtxScratch;
        bytes[..header].CopyTo(scratch);
        scratch[0] &= 0xDF;
        scratch[1] = (byte)((bytes[1] & 0x80) | receiver.Codec.PayloadType);
        scratch[2] = payload[0];
        scratch[3] = payload[1];
        BinaryPrimitives.WriteUInt32BigEndian(scratch[8..], receiver.Ssrc);
        payload[2..].CopyTo(scratch[header..]);
        return RtpPacket.TryParse(_rtxScratch.AsSpan(0, total), out restored);
    }

    private string? HandleRtcp(Span<byte> datagram, TimeSpan now)
    {
        if (!_srtpIn!.TryUnprotectRtcp(datagram, out int length, out _))
        {
            _decryptFailures++;
            return null;
        }

        _rtcpReceived++;
        var reader = new RtcpCompoundReader(datagram[..length]);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            switch (packet.Type)
            {
                case RtcpPacketType.SenderReport:
                    if (SenderReport.TryParse(packet, out SenderReport report, out _))
                    {
                        foreach (RtpReceiver receiver in _receivers)
                        {
                            if (receiver.Ssrc == report.Ssrc)
                            {
                                receiver.Statistics.OnSenderReport(report.NtpTimestamp, now);
                            }
                        }
                    }

                    break;
                case RtcpPacketType.Goodbye:
                    if (Goodbye.TryParse(packet, out _, out _))
                    {
                        return "peer closed";
                    }

                    break;
                default:
                    break;
            }
        }

        return null;
    }

    private void TickMedia(TimeSpan now)
    {
        foreach (RtpReceiver receiver in _receivers)
        {
            receiver.Drain(this, now);
            if (_state != (int)PeerSessionState.Connected)
            {
                return;
            }
        }

        if (_ice.Selected is null)
        {
            return;
        }

        bool reportDue = _receivers.Count > 0 && now - _lastReportAt >= ReportInterval;
        BeginCompound(reportDue, now);
        bool requested = _keyframeRequested;
        TimeSpan interval = KeyframeInterval;
        bool periodic = interval > TimeSpan.Zero && now - _lastPeriodicPliAt >= interval;
        bool anyVideo = false;
        foreach (RtpReceiver receiver in _receivers)
        {
            NackPollResult poll = receiver.PollNacks(now, _nackScratch);
            if (poll.NackCount > 0 && receiver.NackEnabled)
            {
                AppendNack(receiver.Ssrc, _nackScratch.AsSpan(0, poll.NackCount), now);
            }

            if (receiver.Kind != MediaKind.Video || !receiver.PliEnabled)
            {
                continue;
            }

            anyVideo = true;
            if (requested || periodic || poll.LossNotRepaired
                || (receiver.NeedsKeyframe && receiver.PacketsReceived > 0 && now - receiver.LastPliAt >= KeyframeRetryInterval))
            {
                receiver.PliPending = true;
            }

            if (receiver.PliPending && now - receiver.LastPliAt >= MinKeyframeRequestInterval)
            {
                AppendPli(receiver.Ssrc, now);
                receiver.PliPending = false;
                receiver.LastPliAt = now;
            }
        }

        if (requested && anyVideo)
        {
            _keyframeRequested = false;
        }

        if (periodic)
        {
            _lastPeriodicPliAt = now;
        }

        Flush();
    }

    private void BeginCompound(bool withReport, TimeSpan now)
    {
        int blocks = 0;
        if (withReport)
        {
            foreach (RtpReceiver receiver in _receivers)
            {
                if (blocks < _blocks.Length && receiver.PacketsReceived > 0)
                {
                    _blocks[blocks++] = receiver.Statistics.CreateReportBlock(now);
                }
            }
        }

        ReceiverReport.TryWrite(_rtcp, _senderSsrc, _blocks.AsSpan(0, blocks), out _rtcpLength);
        _rtcpHasContent = false;
        if (!withReport)
        {
            return;
        }

        SourceDescription.TryWriteCname(_rtcp.AsSpan(_rtcpLength), _senderSsrc, _cname, out int written);
        _rtcpLength += written;
        _rtcpHasContent = true;
        _reportsSent++;
        int ssrcs = UpdateRemb(blocks, now);
        if (ssrcs > 0 && ReceiverEstimatedMaxBitrate.TryWrite(
            _rtcp.AsSpan(_rtcpLength), _senderSsrc, (ulong)_rembEstimate, _rembSsrcs.AsSpan(0, ssrcs), out written))
        {
            _rtcpLength += written;
        }

        _lastReportAt = now;
    }

    // The REMB rule: announce MaxVideoBitrate while video loss stays under 10 %; above that, back off to
    // 85 % of what actually arrived (never below 300 kbit/s); under 2 % loss, climb back by 8 % a second.
    // Returns how many SSRCs the REMB covers (0: no video receiver negotiated goog-remb).
    private int UpdateRemb(int blocks, TimeSpan now)
    {
        double seconds = _lastReportAt == RtpReceiver.Never ? 1 : Math.Max(0.1, (now - _lastReportAt).TotalSeconds);
        long videoBytes = 0;
        bool remb = false;
        int ssrcs = 0;
        foreach (RtpReceiver receiver in _receivers)
        {
            if (receiver.Kind == MediaKind.Video)
            {
                videoBytes += receiver.BytesSinceReport;
                remb |= receiver.RembEnabled;
            }

            receiver.BytesSinceReport = 0;
            if (ssrcs < _rembSsrcs.Length)
            {
                _rembSsrcs[ssrcs++] = receiver.Ssrc;
            }
        }

        if (!remb)
        {
            return 0;
        }

        int worstLoss = 0;
        for (int i = 0; i < blocks; i++)
        {
            worstLoss = Math.Max(worstLoss, _blocks[i].FractionLost);
        }

        long ceiling = _options.MaxVideoBitrate;
        if (_rembEstimate == 0)
        {
            _rembEstimate = ceiling;
        }
        else if (worstLoss > 256 / 10)
        {
            long received = (long)(videoBytes * 8 / seconds);
            _rembEstimate = Math.Max(MinRembBitrate, (long)(Math.Min(_rembEstimate, received) * 0.85));
        }
        else if (worstLoss < 256 / 50)
        {
            _rembEstimate = Math.Min(ceiling, (long)(_rembEstimate * Math.Pow(1.08, seconds)));
        }

        return ssrcs;
    }

    private void AppendNack(uint mediaSsrc, ReadOnlySpan<ushort> sequenceNumbers, TimeSpan now)
    {
        int needed = 12 + (4 * GenericNack.CountEntries(sequenceNumbers));
        EnsureRoom(needed, now);
        if (GenericNack.TryWrite(_rtcp.AsSpan(_rtcpLength, Math.Min(needed, RtcpBudget - _rtcpLength)), _senderSsrc, mediaSsrc, sequenceNumbers, out int written))
        {
            _rtcpLength += written;
            _rtcpHasContent = true;
            _nacksSent++;
            _nackedPackets += sequenceNumbers.Length;
        }
    }

    private void AppendPli(uint mediaSsrc, TimeSpan now)
    {
        EnsureRoom(PictureLossIndication.Length, now);
        if (PictureLossIndication.TryWrite(_rtcp.AsSpan(_rtcpLength), _senderSsrc, mediaSsrc, out int written))
        {
            _rtcpLength += written;
            _rtcpHasContent = true;
            _plisSent++;
        }
    }

    private void EnsureRoom(int needed, TimeSpan now)
    {
        if (_rtcpLength + needed > RtcpBudget)
        {
            Flush();
            BeginCompound(false, now);
        }
    }

    private void Flush()
    {
        if (!_rtcpHasContent || _srtcpOut is null)
        {
            return;
        }

        _rtcpHasContent = false;
        int length = _srtcpOut.ProtectRtcp(_rtcp, _rtcpLength);
        _rtcpLength = 0;
        if (_ice.Selected is { } target)
        {
            _endpoint.SendTo(_rtcp.AsSpan(0, length), target.Address);
        }
    }

    // xorshift64*: a fixed-seed sequence, so a test run with a loss percentage repeats.
    private int NextLossDraw()
    {
        ulong x = _lossState;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        _lossState = x;
        return (int)((x * 0x2545F4914F6CDD1DUL >> 32) % 1_000_000);
    }

    private readonly record struct Route(RtpReceiver Receiver, bool IsRtx);

    /// <summary>Sends DTLS flights to the session's selected address through the shared socket.</summary>
    private sealed class DtlsSender(PeerSession session) : IDatagramSender
    {
        public void Send(ReadOnlySpan<byte> datagram)
        {
            if (session._ice.Selected is { } target)
            {
                session._endpoint.SendTo(datagram, target.Address);
            }
        }
    }
}
