using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LiveServer.TestKit.WebRtc;
using LiveServer.WebRtc.Dtls;
using LiveServer.WebRtc.Rtcp;
using LiveServer.WebRtc.Srtp;
using LiveServer.WebRtc.Stun;
using LiveServer.WebRtc.Tests.Dtls;
using LiveServer.WebRtc.Tests.Sdp;
using Org.BouncyCastle.Tls;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>
/// An in-process publisher that behaves like Chrome on the wire: a Chrome-shaped offer, STUN
/// connectivity checks with USERNAME/MESSAGE-INTEGRITY/FINGERPRINT over a real UDP socket, a
/// BouncyCastle DTLS client on the same socket, SRTP keys from the exporter, VP8 and Opus over SRTP,
/// RTX retransmissions answering NACKs, and a record of the RTCP feedback it receives.
/// </summary>
internal sealed class TestBrowser : IDisposable
{
    public const string Ufrag = "Xk3v";
    public const string Password = "Qm0Bq4zjJYv1mS3oC7dJ2p9u";
    public const uint AudioSsrc = 1871230475;
    public const uint VideoSsrc = 2463127410;
    public const uint RtxSsrc = 3958162394;
    public const byte Vp8PayloadType = 96;
    public const byte RtxPayloadType = 97;
    public const byte OpusPayloadType = 111;
    public const int AudioLevelId = 1;
    public const int MidId = 4;

    private readonly Socket _socket;
    private readonly Thread _receiveThread;
    private readonly BlockingCollection<byte[]> _dtlsIn = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _stunWaiters = new();
    private readonly ConcurrentDictionary<ushort, byte[]> _videoHistory = new();
    private readonly Lock _sendLock = new();
    private readonly byte[] _sendBuffer = new byte[2048];
    private volatile bool _stopped;
    private volatile bool _keyframeRequested;
    private SrtpContext? _srtpOut;
    private SrtpContext? _srtcpIn;
    private ushort _rtxSequence = 1000;
    private ushort _audioSequence = 40000;
    private uint _audioTimestamp = 12345;
    private uint _videoTimestamp = 90000;
    private uint _screenTimestamp = 450000;
    private ushort _screenSequence = 7000;
    private ManualResetEventSlim? _consent;

    public TestBrowser(IPEndPoint server, bool declareSsrcs = true, Func<string, string>? shapeOffer = null)
    {
        Server = server;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 100 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        Client = new DtlsTestClient();
        string offer = SdpFixtures.ChromeOffer.Replace(SdpFixtures.ChromeFingerprint, Client.Identity.Fingerprint.ToSdpValue(), StringComparison.Ordinal);
        if (!declareSsrcs)
        {
            offer = SdpFixtures.ReplaceLines(SdpFixtures.ReplaceLines(offer, "a=ssrc:", null), "a=ssrc-group:", null);
        }

        Offer = shapeOffer is null ? offer : shapeOffer(offer);
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = "TestBrowser receive" };
        _receiveThread.Start();
    }

    public IPEndPoint Server { get; }

    public IPEndPoint LocalEndPoint { get; }

    public string Offer { get; }

    public DtlsTestClient Client { get; }

    public DtlsTransport? DtlsTransport { get; private set; }

    public string? ServerUfrag { get; private set; }

    public string? ServerPassword { get; private set; }

    /// <summary>Next video sequence number; set before sending to test the wrap.</summary>
    public ushort VideoSequence { get; set; } = 100;

    /// <summary>Add the mid header extension to every packet (as Chrome does).</summary>
    public bool SendMid { get; set; }

    /// <summary>Decides whether a first transmission of a video packet is dropped (simulated path loss).</summary>
    public Func<ushort, bool>? DropVideo { get; set; }

    /// <summary>Decides whether a NACKed packet is retransmitted (default: always).</summary>
    public Func<ushort, bool>? Retransmit { get; set; }

    /// <summary>Every VP8 frame sent, by RTP timestamp, with its keyframe flag.</summary>
    public ConcurrentDictionary<uint, (byte[] Frame, bool Key)> SentVideo { get; } = new();

    public ConcurrentQueue<ReportBlock> ReportBlocks { get; } = new();

    public ConcurrentQueue<ushort> NackedSequenceNumbers { get; } = new();

    public ConcurrentQueue<uint> PliSsrcs { get; } = new();

    public ConcurrentQueue<ulong> RembBitrates { get; } = new();

    public int ReceiverReports => Volatile.Read(ref _receiverReports);

    public int Retransmissions => Volatile.Read(ref _retransmissions);

    public int RtcpDecryptFailures => Volatile.Read(ref _rtcpDecryptFailures);

    private int _receiverReports;
    private int _retransmissions;
    private int _rtcpDecryptFailures;

    /// <summary>Reads ufrag and password from the server's answer.</summary>
    public void UseAnswer(string answer)
    {
        foreach (string line in answer.Split("\r\n"))
        {
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                ServerUfrag = line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                ServerPassword = line["a=ice-pwd:".Length..];
            }
        }
    }

    /// <summary>Builds a Binding request as Chrome sends it (controlling, PRIORITY, optional USE-CANDIDATE).</summary>
    public byte[] BindingRequest(byte[] transactionId, bool useCandidate = true, string? username = null, string? password = null)
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, transactionId);
        writer.AddUsername(username ?? $"{ServerUfrag}:{Ufrag}");
        writer.AddIceControlling(0x1122334455667788);
        writer.AddPriority(1853824767);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password ?? ServerPassword!));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    /// <summary>Sends a Binding request and waits for the response with its transaction id (null on timeout).</summary>
    public async Task<byte[]?> CheckAsync(bool useCandidate = true, string? username = null, string? password = null, TimeSpan? timeout = null)
    {
        byte[] transactionId = new byte[12];
        Random.Shared.NextBytes(transactionId);
        var waiter = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        string key = Convert.ToHexString(transactionId);
        _stunWaiters[key] = waiter;
        SendRaw(BindingRequest(transactionId, useCandidate, username, password));
        try
        {
            return await waiter.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            _stunWaiters.TryRemove(key, out _);
        }
    }

    /// <summary>Keeps consent fresh with a check every <paramref name="interval"/> until stopped (own thread: immune to a busy pool).</summary>
    public void StartConsent(TimeSpan interval)
    {
        var stop = new ManualResetEventSlim();
        _consent = stop;
        new Thread(() =>
        {
            while (!stop.Wait(interval))
            {
                SendRaw(BindingRequest(RandomTransaction(), useCandidate: false));
            }
        }) { IsBackground = true, Name = "TestBrowser consent" }.Start();
    }

    public void StopConsent() => _consent?.Set();

    /// <summary>A successful check, then the DTLS handshake, then the SRTP contexts.</summary>
    public async Task ConnectAsync()
    {
        byte[]? response = await CheckAsync();
        Assert.NotNull(response);
        Assert.True(StunMessage.TryParse(response, out StunMessage message, out _));
        Assert.Equal(StunClass.SuccessResponse, message.Class);
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(ServerPassword!)));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(LocalEndPoint, mapped);

        DtlsTransport = await Task.Factory.StartNew(
            () => new DtlsClientProtocol().Connect(Client, new QueuedClientTransport(_dtlsIn, _socket, Server)),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(15));
        ushort profile = Client.NegotiatedProfile!.Value;
        (SrtpContext local, SrtpContext remote) = SrtpKeyingMaterial.CreateContexts(
            (LiveServer.WebRtc.Srtp.SrtpProtectionProfile)profile, Client.KeyingMaterial, DtlsSrtpRole.Client);
        lock (_sendLock)
        {
            _srtpOut = local;
            _srtcpIn = remote;
        }
    }

    /// <summary>Sends one VP8 frame split over <paramref name="packets"/> RTP packets; returns the frame the receiver must rebuild.</summary>
    public byte[] SendVp8Frame(bool keyframe, int packets = 3, int chunk = 300)
    {
        byte[] frame = Vp8TestFrames.Create(keyframe, packets * chunk, _videoTimestamp);
        uint timestamp = _videoTimestamp;
        _videoTimestamp += 3000;
        SentVideo[timestamp] = (frame, keyframe);
        for (int i = 0; i < packets; i++)
        {
            byte[] payload = [(byte)(i == 0 ? 0x10 : 0x00), .. frame.AsSpan(i * chunk, chunk)];
            ushort sequence = VideoSequence++;
            byte[] rtp = BuildRtp(Vp8PayloadType, i == packets - 1, sequence, timestamp, VideoSsrc, payload, mid: "1");
            _videoHistory[sequence] = rtp;
            if (DropVideo?.Invoke(sequence) == true)
            {
                continue;
            }

            SendSrtp(rtp);
        }

        return frame;
    }

    /// <summary>Sends one VP8 frame on the second video m-section (mid 2, <see cref="SdpFixtures.ScreenSsrc"/>), as a screen share.</summary>
    public byte[] SendScreenVp8Frame(bool keyframe, int packets = 2, int chunk = 300)
    {
        byte[] frame = Vp8TestFrames.Create(keyframe, packets * chunk, _screenTimestamp);
        uint timestamp = _screenTimestamp;
        _screenTimestamp += 6000;
        for (int i = 0; i < packets; i++)
        {
            byte[] payload = [(byte)(i == 0 ? 0x10 : 0x00), .. frame.AsSpan(i * chunk, chunk)];
            SendSrtp(BuildRtp(Vp8PayloadType, i == packets - 1, _screenSequence++, timestamp, SdpFixtures.ScreenSsrc, payload, mid: "2"));
        }

        return frame;
    }

    /// <summary>Sends the next VP8 frame as a browser would: a keyframe when asked (PLI) or when <paramref name="keyframe"/>.</summary>
    public byte[] SendNextVp8Frame(bool keyframe = false, int packets = 3)
    {
        bool key = keyframe || _keyframeRequested;
        _keyframeRequested = false;
        return SendVp8Frame(key, packets);
    }

    /// <summary>Sends one Opus packet with the RFC 6464 audio level; returns its payload.</summary>
    public byte[] SendOpus(byte levelDbov, bool voice)
    {
        byte[] payload = new byte[40];
        payload[0] = 0x78;
        BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(1), _audioTimestamp);
        byte[] rtp = BuildRtp(OpusPayloadType, false, _audioSequence++, _audioTimestamp, AudioSsrc, payload, mid: "0", audioLevel: (byte)((voice ? 0x80 : 0) | levelDbov));
        _audioTimestamp += 960;
        SendSrtp(rtp);
        return payload;
    }

    /// <summary>Sends a protected compound RTCP packet (e.g. an SR or a BYE) from the video SSRC.</summary>
    public void SendRtcp(byte[] rtcp)
    {
        lock (_sendLock)
        {
            rtcp.CopyTo(_sendBuffer, 0);
            int length = _srtpOut!.ProtectRtcp(_sendBuffer, rtcp.Length);
            _socket.SendTo(_sendBuffer.AsSpan(0, length), SocketFlags.None, Server);
        }
    }

    /// <summary>Protects an RTP packet and returns the SRTP bytes without sending (for fuzz corpora).</summary>
    public byte[] Protect(byte[] rtp)
    {
        lock (_sendLock)
        {
            rtp.CopyTo(_sendBuffer, 0);
            int length = _srtpOut!.ProtectRtp(_sendBuffer, rtp.Length);
            return _sendBuffer.AsSpan(0, length).ToArray();
        }
    }

    /// <summary>Protects a compound RTCP packet and returns the SRTCP bytes without sending.</summary>
    public byte[] ProtectRtcp(byte[] rtcp)
    {
        lock (_sendLock)
        {
            rtcp.CopyTo(_sendBuffer, 0);
            int length = _srtpOut!.ProtectRtcp(_sendBuffer, rtcp.Length);
            return _sendBuffer.AsSpan(0, length).ToArray();
        }
    }

    public void SendRaw(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, Server);
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public byte[] BuildRtp(byte payloadType, bool marker, ushort sequence, uint timestamp, uint ssrc, byte[] payload, string? mid = null, byte? audioLevel = null)
    {
        var extension = new List<byte>();
        if (audioLevel is { } level)
        {
            extension.AddRange([(byte)(AudioLevelId << 4), level]);
        }

        if (SendMid && mid is not null)
        {
            extension.Add((byte)((MidId << 4) | (mid.Length - 1)));
            extension.AddRange(Encoding.ASCII.GetBytes(mid));
        }

        while (extension.Count % 4 != 0)
        {
            extension.Add(0);
        }

        int headerLength = 12 + (extension.Count > 0 ? 4 + extension.Count : 0);
        var rtp = new byte[headerLength + payload.Length];
        rtp[0] = (byte)(extension.Count > 0 ? 0x90 : 0x80);
        rtp[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), ssrc);
        if (extension.Count > 0)
        {
            rtp[12] = 0xBE;
            rtp[13] = 0xDE;
            BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(14), (ushort)(extension.Count / 4));
            extension.CopyTo(rtp, 16);
        }

        payload.CopyTo(rtp, headerLength);
        return rtp;
    }

    public void Dispose()
    {
        _stopped = true;
        StopConsent();
        try
        {
            DtlsTransport?.Close();
        }
        catch (Exception)
        {
            // Best effort.
        }

        _socket.Dispose();
        _receiveThread.Join(TimeSpan.FromSeconds(2));
        _dtlsIn.CompleteAdding();
    }

    private static byte[] RandomTransaction()
    {
        byte[] id = new byte[12];
        Random.Shared.NextBytes(id);
        return id;
    }

    private void SendSrtp(byte[] rtp)
    {
        lock (_sendLock)
        {
            rtp.CopyTo(_sendBuffer, 0);
            int length = _srtpOut!.ProtectRtp(_sendBuffer, rtp.Length);
            _socket.SendTo(_sendBuffer.AsSpan(0, length), SocketFlags.None, Server);
        }
    }

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[65536];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopped)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException)
            {
                continue;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            if (length == 0)
            {
                continue;
            }

            byte[] datagram = buffer.AsSpan(0, length).ToArray();
            byte first = datagram[0];
            if (first <= 3)
            {
                if (StunMessage.TryParse(datagram, out StunMessage message, out _)
                    && _stunWaiters.TryGetValue(Convert.ToHexString(message.TransactionId), out TaskCompletionSource<byte[]>? waiter))
                {
                    waiter.TrySetResult(datagram);
                }
            }
            else if (DtlsDemux.IsDtls(first))
            {
                if (!_dtlsIn.IsAddingCompleted)
                {
                    _dtlsIn.Add(datagram);
                }
            }
            else if (first is >= 128 and <= 191)
            {
                HandleRtcp(datagram);
            }
        }
    }

    private void HandleRtcp(byte[] datagram)
    {
        int length;
        lock (_sendLock)
        {
            if (_srtcpIn is null || !_srtcpIn.TryUnprotectRtcp(datagram, out length, out _))
            {
                Interlocked.Increment(ref _rtcpDecryptFailures);
                return;
            }
        }

        var reader = new RtcpCompoundReader(datagram.AsSpan(0, length));
        Span<ushort> lost = stackalloc ushort[1024];
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            if (ReceiverReport.TryParse(packet, out ReceiverReport report, out _))
            {
                Interlocked.Increment(ref _receiverReports);
                for (int i = 0; i < report.ReportCount; i++)
                {
                    ReportBlocks.Enqueue(report.GetReportBlock(i));
                }
            }
            else if (GenericNack.TryParse(packet, out GenericNack nack, out _))
            {
                int count = nack.CopyLostSequenceNumbers(lost);
                foreach (ushort sequence in lost[..count])
                {
                    NackedSequenceNumbers.Enqueue(sequence);
                    if (Retransmit?.Invoke(sequence) != false && _videoHistory.TryGetValue(sequence, out byte[]? original))
                    {
                        SendRtx(original);
                    }
                }
            }
            else if (PictureLossIndication.TryParse(packet, out PictureLossIndication pli, out _))
            {
                PliSsrcs.Enqueue(pli.MediaSsrc);
                _keyframeRequested = true;
            }
            else if (ReceiverEstimatedMaxBitrate.TryParse(packet, out ReceiverEstimatedMaxBitrate remb, out _))
            {
                RembBitrates.Enqueue(remb.Bitrate);
            }
        }
    }

    // RFC 4588: same header with the RTX SSRC, PT and sequence, and the OSN before the original payload.
    private void SendRtx(byte[] original)
    {
        Assert.True(LiveServer.WebRtc.Rtp.RtpPacket.TryParse(original, out LiveServer.WebRtc.Rtp.RtpPacket parsed));
        byte[] payload = [original[2], original[3], .. parsed.Payload];
        byte[] rtx = BuildRtp(RtxPayloadType, (original[1] & 0x80) != 0, _rtxSequence++, BinaryPrimitives.ReadUInt32BigEndian(original.AsSpan(4)), RtxSsrc, payload, mid: "1");
        Interlocked.Increment(ref _retransmissions);
        SendSrtp(rtx);
    }
}
