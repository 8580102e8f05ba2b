// A WHIP publisher (RFC 9725) that talks to the server the way a browser does, over real loopback
// UDP: it POSTs an SDP offer (VP8 video, sendonly, SSRC declared), runs an ICE connectivity check
// (STUN Binding with USERNAME, MESSAGE-INTEGRITY, FINGERPRINT, USE-CANDIDATE; RFC 8445 7.2.2), the
// DTLS 1.2 handshake as client (BouncyCastle DtlsClientProtocol with use_srtp, RFC 5764), derives the
// SRTP keys from the exporter, protects RTP with our SrtpContext, and keeps ICE consent fresh
// (RFC 7675). It counts the RTCP feedback it receives (NACK, PLI) but sends no retransmissions: a
// replayed stream has nothing to repair with. Used by the ingest load generator and the soak test.
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using LiveServer.WebRtc.Dtls;
using LiveServer.WebRtc.Rtcp;
using LiveServer.WebRtc.Srtp;
using LiveServer.WebRtc.Stun;
using Org.BouncyCastle.Tls;
using SrtpProtectionProfile = LiveServer.WebRtc.Srtp.SrtpProtectionProfile;

namespace LiveServer.TestKit.WebRtc;

/// <summary>One publisher session: offer, ICE, DTLS, SRTP; then <see cref="SendRtp"/> from one thread.</summary>
public sealed class WhipPublisher : IAsyncDisposable
{
    /// <summary>Payload type of VP8 in the offer.</summary>
    public const byte Vp8PayloadType = 96;

    private const string Ufrag = "LdGn";
    private static readonly TimeSpan ConsentInterval = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;
    private readonly Socket _socket;
    private readonly Thread _receiveThread;
    private readonly BlockingCollection<byte[]> _dtlsIn = new(boundedCapacity: 64);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]>> _stunWaiters = new();
    private readonly ManualResetEventSlim _stopConsent = new();
    private readonly string _password = Convert.ToHexString(Guid.NewGuid().ToByteArray());
    private readonly DtlsTestClient _dtlsClient = new();
    private readonly byte[] _sendBuffer = new byte[2048];
    private volatile bool _stopped;
    private SrtpContext? _srtpOut;
    private SrtpContext? _srtcpIn;
    private DtlsTransport? _dtls;
    private string? _serverUfrag;
    private string? _serverPassword;
    private long _nacks;
    private long _plis;
    private long _rtcpPackets;

    private WhipPublisher(HttpClient http, uint videoSsrc)
    {
        _http = http;
        VideoSsrc = videoSsrc;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 200 };
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiveThread = new Thread(ReceiveLoop) { IsBackground = true, Name = "WhipPublisher receive" };
    }

    /// <summary>The SSRC of the video stream, as declared in the offer.</summary>
    public uint VideoSsrc { get; }

    /// <summary>The session's URL (the WHIP resource), relative to the server.</summary>
    public string? Location { get; private set; }

    /// <summary>The server's media address from the answer's host candidate.</summary>
    public IPEndPoint? Server { get; private set; }

    /// <summary>The negotiated SRTP protection profile.</summary>
    public SrtpProtectionProfile Profile { get; private set; }

    /// <summary>Generic NACKs received (each may name several packets).</summary>
    public long NacksReceived => Interlocked.Read(ref _nacks);

    /// <summary>Picture loss indications received.</summary>
    public long PlisReceived => Interlocked.Read(ref _plis);

    /// <summary>RTCP packets received and decrypted.</summary>
    public long RtcpPacketsReceived => Interlocked.Read(ref _rtcpPackets);

    /// <summary>
    /// Publishes into <paramref name="roomId"/> as <paramref name="name"/>: POSTs the offer with
    /// <paramref name="http"/> (whose base address is the server, with any credentials it needs), then
    /// connects. Throws with the server's reason when any step fails.
    /// </summary>
    public static async Task<WhipPublisher> ConnectAsync(HttpClient http, string roomId, string name, CancellationToken cancellationToken)
    {
        var publisher = new WhipPublisher(http, (uint)Random.Shared.Next(1, int.MaxValue));
        try
        {
            await publisher.OfferAsync(roomId, name, cancellationToken);
            publisher._receiveThread.Start();
            await publisher.CheckConnectivityAsync(cancellationToken);
            await publisher.HandshakeAsync(cancellationToken);
            publisher.StartConsent();
            return publisher;
        }
        catch
        {
            await publisher.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Protects the RTP packet <paramref name="packet"/> (in a buffer of its own) and sends it.
    /// One thread at a time (the sender's); nothing is allocated.
    /// </summary>
    public void SendRtp(ReadOnlySpan<byte> packet)
    {
        packet.CopyTo(_sendBuffer);
        int protectedLength = _srtpOut!.ProtectRtp(_sendBuffer, packet.Length);
        try
        {
            _socket.Send(_sendBuffer.AsSpan(0, protectedLength), SocketFlags.None);
        }
        catch (SocketException)
        {
            // ECONNREFUSED after the server went away, or a full send queue: the packet is lost, as on a network.
        }
    }

    /// <summary>Ends the session with DELETE on its Location, then closes DTLS and the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        _stopConsent.Set();
        if (Location is not null)
        {
            try
            {
                using var response = await _http.DeleteAsync(Location);
            }
            catch (HttpRequestException)
            {
                // The server is gone; nothing to end.
            }

            Location = null;
        }

        try
        {
            _dtls?.Close();
        }
        catch (Exception)
        {
            // Best effort: the server may have closed first.
        }

        _socket.Dispose();
        if (_receiveThread.IsAlive)
        {
            _receiveThread.Join(TimeSpan.FromSeconds(2));
        }

        _dtlsIn.CompleteAdding();
        _srtpOut?.Dispose();
        _srtcpIn?.Dispose();
    }

    private string Offer() => string.Join("\r\n",
        "v=0",
        $"o=- {Random.Shared.NextInt64(1, long.MaxValue)} 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0",
        "m=video 9 UDP/TLS/RTP/SAVPF 96",
        "c=IN IP4 0.0.0.0",
        "a=rtcp:9 IN IP4 0.0.0.0",
        $"a=ice-ufrag:{Ufrag}",
        $"a=ice-pwd:{_password}",
        $"a=fingerprint:{_dtlsClient.Identity.Fingerprint.ToSdpValue()}",
        "a=setup:actpass",
        "a=mid:0",
        "a=sendonly",
        "a=rtcp-mux",
        "a=rtcp-rsize",
        "a=rtpmap:96 VP8/90000",
        "a=rtcp-fb:96 goog-remb",
        "a=rtcp-fb:96 nack",
        "a=rtcp-fb:96 nack pli",
        $"a=ssrc:{VideoSsrc} cname:loadgen",
        "") + "\r\n";

    private async Task OfferAsync(string roomId, string name, CancellationToken cancellationToken)
    {
        using var content = new StringContent(Offer(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        using var response = await _http.PostAsync($"/v2/rooms/{Uri.EscapeDataString(roomId)}/whip?name={Uri.EscapeDataString(name)}", content, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"WHIP offer refused ({(int)response.StatusCode}): {body}");
        }

        Location = response.Headers.Location?.ToString() ?? throw new InvalidOperationException("WHIP answer without Location.");
        foreach (string line in body.Split("\r\n"))
        {
            if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                _serverUfrag = line["a=ice-ufrag:".Length..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                _serverPassword = line["a=ice-pwd:".Length..];
            }
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal) && Server is null)
            {
                // a=candidate:<foundation> <component> udp <priority> <address> <port> typ host
                string[] fields = line.Split(' ');
                if (fields.Length >= 6 && fields[2].Equals("udp", StringComparison.OrdinalIgnoreCase) && IPAddress.TryParse(fields[4], out IPAddress? address))
                {
                    Server = new IPEndPoint(address, int.Parse(fields[5], CultureInfo.InvariantCulture));
                }
            }
        }

        if (_serverUfrag is null || _serverPassword is null || Server is null)
        {
            throw new InvalidOperationException("The WHIP answer lacks ICE credentials or a UDP host candidate:\n" + body);
        }

        _socket.Connect(Server);
    }

    private async Task CheckConnectivityAsync(CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            byte[] transactionId = new byte[12];
            Random.Shared.NextBytes(transactionId);
            var waiter = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            string key = Convert.ToHexString(transactionId);
            _stunWaiters[key] = waiter;
            SendRaw(BindingRequest(transactionId, useCandidate: true));
            try
            {
                byte[] response = await waiter.Task.WaitAsync(TimeSpan.FromSeconds(1), cancellationToken);
                if (StunMessage.TryParse(response, out StunMessage message, out _)
                    && message.Class == StunClass.SuccessResponse
                    && message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(_serverPassword!)))
                {
                    return;
                }

                throw new InvalidOperationException("The ICE connectivity check was answered with an error or a bad MESSAGE-INTEGRITY.");
            }
            catch (TimeoutException)
            {
                // Retransmit, as ICE does.
            }
            finally
            {
                _stunWaiters.TryRemove(key, out _);
            }
        }

        throw new TimeoutException($"No answer to the ICE connectivity check from {Server}.");
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        _dtls = await Task.Factory.StartNew(
            () => new DtlsClientProtocol().Connect(_dtlsClient, new QueuedClientTransport(_dtlsIn, _socket, remote: null)),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(15), cancellationToken);
        ushort profile = _dtlsClient.NegotiatedProfile ?? throw new InvalidOperationException("The server chose no SRTP profile.");
        Profile = (SrtpProtectionProfile)profile;
        (_srtpOut, _srtcpIn) = SrtpKeyingMaterial.CreateContexts(Profile, _dtlsClient.KeyingMaterial, DtlsSrtpRole.Client);
    }

    private void StartConsent() => new Thread(() =>
    {
        byte[] transactionId = new byte[12];
        while (!_stopConsent.Wait(ConsentInterval))
        {
            Random.Shared.NextBytes(transactionId);
            SendRaw(BindingRequest(transactionId, useCandidate: false));
        }
    }) { IsBackground = true, Name = "WhipPublisher consent" }.Start();

    private byte[] BindingRequest(byte[] transactionId, bool useCandidate)
    {
        var buffer = new byte[512];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.Request, transactionId);
        writer.AddUsername($"{_serverUfrag}:{Ufrag}");
        writer.AddIceControlling((ulong)Random.Shared.NextInt64());
        writer.AddPriority(2130706431);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(_serverPassword!));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    private void SendRaw(ReadOnlySpan<byte> datagram)
    {
        try
        {
            _socket.Send(datagram, SocketFlags.None);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // Stopped, or the server is gone.
        }
    }

    private void ReceiveLoop()
    {
        byte[] buffer = new byte[65536];
        while (!_stopped)
        {
            int length;
            try
            {
                length = _socket.Receive(buffer);
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

            byte first = buffer[0];
            if (first <= 3)
            {
                if (StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message, out _)
                    && _stunWaiters.TryGetValue(Convert.ToHexString(message.TransactionId), out TaskCompletionSource<byte[]>? waiter))
                {
                    waiter.TrySetResult(buffer.AsSpan(0, length).ToArray());
                }
            }
            else if (DtlsDemux.IsDtls(first))
            {
                if (!_dtlsIn.IsAddingCompleted)
                {
                    _dtlsIn.TryAdd(buffer.AsSpan(0, length).ToArray());
                }
            }
            else if (first is >= 128 and <= 191)
            {
                CountRtcp(buffer.AsSpan(0, length));
            }
        }
    }

    private void CountRtcp(Span<byte> datagram)
    {
        if (_srtcpIn is not { } srtcp || !srtcp.TryUnprotectRtcp(datagram, out int length, out _))
        {
            return;
        }

        var reader = new RtcpCompoundReader(datagram[..length]);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            Interlocked.Increment(ref _rtcpPackets);
            if (GenericNack.TryParse(packet, out _, out _))
            {
                Interlocked.Increment(ref _nacks);
            }
            else if (PictureLossIndication.TryParse(packet, out _, out _))
            {
                Interlocked.Increment(ref _plis);
            }
        }
    }
}
