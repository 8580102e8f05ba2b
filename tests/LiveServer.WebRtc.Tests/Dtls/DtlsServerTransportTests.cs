using System.Buffers.Binary;
using LiveServer.TestKit.WebRtc;
using LiveServer.WebRtc.Dtls;
using Org.BouncyCastle.Tls;

namespace LiveServer.WebRtc.Tests.Dtls;

public sealed class DtlsServerTransportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task HandshakeAsync_BrowserLikeClient_CompletesWithGcmAndSameKeysOnBothSides()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient());

        var (server, client) = await loopback.RunAsync();

        DtlsHandshakeResult result = await server;
        await client;
        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, result.SrtpProfile);
        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, loopback.Client.NegotiatedProfile);
        Assert.Equal(56, result.KeyingMaterial.Length);
        Assert.Equal(loopback.Client.KeyingMaterial, result.KeyingMaterial.ToArray());
        Assert.Equal(loopback.Client.Identity.Fingerprint, result.RemoteFingerprint);
        Assert.Equal(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, result.CipherSuite);
        Assert.True(loopback.Server.IsEstablished);
    }

    [Fact]
    public async Task HandshakeAsync_Completes_ClientSeesServerCertificateFingerprint()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient());

        var (server, client) = await loopback.RunAsync();

        await server;
        await client;
        Assert.Equal(DtlsLoopback.ServerCertificate.Fingerprint, loopback.Client.ServerFingerprint);
    }

    [Fact]
    public async Task HandshakeAsync_ClientOffersOnlyAesCm_NegotiatesAesCmWith60Bytes()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient { SrtpProfiles = [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80] });

        var (server, client) = await loopback.RunAsync();

        DtlsHandshakeResult result = await server;
        await client;
        Assert.Equal(DtlsSrtpProfile.Aes128CmHmacSha1Tag80, result.SrtpProfile);
        Assert.Equal(60, result.KeyingMaterial.Length);
        Assert.Equal(loopback.Client.KeyingMaterial, result.KeyingMaterial.ToArray());
        Assert.Equal(14, result.ClientMasterSalt.Length);
    }

    [Fact]
    public async Task HandshakeAsync_ClientPrefersAesCm_ServerPreferenceForGcmWins()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient
        {
            SrtpProfiles = [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM],
        });

        var (server, _) = await loopback.RunAsync();

        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, (await server).SrtpProfile);
    }

    [Fact]
    public async Task HandshakeAsync_ClientOffersOnlyCbcSuites_NegotiatesCbc()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient
        {
            CipherSuites = [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA],
        });

        var (server, client) = await loopback.RunAsync();

        DtlsHandshakeResult result = await server;
        await client;
        Assert.Equal(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, result.CipherSuite);
        Assert.Equal(loopback.Client.KeyingMaterial, result.KeyingMaterial.ToArray());

        // Genuine CBC records pass the pre-BouncyCastle length filter; a misaligned forged one does not.
        loopback.Server.EnqueueReceived(Convert.FromHexString("17FEFD00010000000000070028" + new string('B', 80)));
        (await client).Send([1, 2, 3]);
        (await client).Close();
        Assert.Equal(DtlsCloseReason.PeerClosed, await loopback.Server.Completion.WaitAsync(Wait));
        Assert.Equal(1, loopback.Server.RejectedDatagrams);
    }

    [Fact]
    public async Task HandshakeAsync_ClientRejectsServerCertificate_FailsWithAlertReceived()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient { RejectServerCertificate = true });

        var (server, client) = await loopback.RunAsync();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeFailure.AlertReceived, failure.Failure);
        Assert.Contains("bad_certificate", failure.Message);
        await Assert.ThrowsAsync<TlsFatalAlert>(() => client);
    }

    [Fact]
    public async Task HandshakeAsync_FingerprintMismatch_FailsWithReasonAndClientGetsBadCertificate()
    {
        DtlsFingerprint other = TestClientIdentity.Create().Fingerprint;
        using var loopback = new DtlsLoopback(new DtlsTestClient(), expectedClientFingerprint: other);

        var (server, client) = await loopback.RunAsync();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeFailure.FingerprintMismatch, failure.Failure);
        Assert.Contains(loopback.Client.Identity.Fingerprint.HexValue, failure.Message);
        Assert.Contains(other.HexValue, failure.Message);
        var alert = await Assert.ThrowsAsync<TlsFatalAlertReceived>(() => client);
        Assert.Equal(AlertDescription.bad_certificate, alert.AlertDescription);
        Assert.Equal(DtlsCloseReason.HandshakeFailed, await loopback.Server.Completion.WaitAsync(Wait));
    }

    [Fact]
    public async Task HandshakeAsync_ClientOffersNoUseSrtp_FailsWithNoCommonSrtpProfile()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient { SrtpProfiles = null });

        var (server, client) = await loopback.RunAsync();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeFailure.NoCommonSrtpProfile, failure.Failure);
        Assert.Contains("use_srtp", failure.Message);
        await Assert.ThrowsAsync<TlsFatalAlertReceived>(() => client);
    }

    [Fact]
    public async Task HandshakeAsync_ClientOffersOnlyUnsupportedProfile_FailsNamingTheOffer()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient { SrtpProfiles = [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32] });

        var (server, _) = await loopback.RunAsync();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeFailure.NoCommonSrtpProfile, failure.Failure);
        Assert.Contains("SRTP_AES128_CM_HMAC_SHA1_32", failure.Message);
    }

    [Fact]
    public async Task HandshakeAsync_ServerLimitedToAesCm_ClientOffersOnlyGcm_Fails()
    {
        var options = new DtlsServerTransportOptions { SrtpProfiles = [DtlsSrtpProfile.Aes128CmHmacSha1Tag80] };
        using var loopback = new DtlsLoopback(new DtlsTestClient { SrtpProfiles = [SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM] }, options);

        var (server, _) = await loopback.RunAsync();

        Assert.Equal(DtlsHandshakeFailure.NoCommonSrtpProfile, (await Assert.ThrowsAsync<DtlsHandshakeException>(() => server)).Failure);
    }

    [Fact]
    public async Task HandshakeAsync_ClientWithoutExtendedMasterSecret_FailsWithReason()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient { OfferExtendedMasterSecret = false });

        var (server, _) = await loopback.RunAsync();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeFailure.ExtendedMasterSecretRequired, failure.Failure);
    }

    [Fact]
    public async Task HandshakeAsync_ClientSendsNoCertificate_FailsWithMissingClientCertificate()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient { SendCertificate = false });

        var (server, _) = await loopback.RunAsync();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeFailure.MissingClientCertificate, failure.Failure);
    }

    [Fact]
    public async Task HandshakeAsync_ClientOffersOnlyRsaSuites_FailsWithNoCommonCipherSuite()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient
        {
            CipherSuites = [CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256],
        });

        var (server, _) = await loopback.RunAsync();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server);
        Assert.Equal(DtlsHandshakeFailure.NoCommonCipherSuite, failure.Failure);
        Assert.Contains("0xC02F", failure.Message);
    }

    [Fact]
    public async Task HandshakeAsync_DefaultOptions_NoServerDatagramExceeds1200Bytes()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient());

        var (server, _) = await loopback.RunAsync();

        await server;
        Assert.NotEmpty(loopback.Pipe.SentByServer);
        Assert.All(loopback.Pipe.SentByServer, d => Assert.InRange(d.Length, 1, 1200));
    }

    [Fact]
    public async Task HandshakeAsync_SmallMtu_FragmentsCertificateAndCompletes()
    {
        var options = new DtlsServerTransportOptions { MaxSendDatagramSize = 220 };
        using var loopback = new DtlsLoopback(new DtlsTestClient(), options);

        var (server, client) = await loopback.RunAsync();

        DtlsHandshakeResult result = await server;
        await client;
        Assert.Equal(loopback.Client.KeyingMaterial, result.KeyingMaterial.ToArray());
        Assert.All(loopback.Pipe.SentByServer, d => Assert.InRange(d.Length, 1, 220));
        Assert.Contains(loopback.Pipe.SentByServer, IsPartialCertificateFragment);
    }

    [Fact]
    public async Task HandshakeAsync_ServerFirstFlightLost_RetransmitsAndCompletes()
    {
        var options = new DtlsServerTransportOptions { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(150) };
        using var loopback = new DtlsLoopback(new DtlsTestClient(), options);
        loopback.Pipe.Filter = (toClient, index, _) => !toClient || index >= 5;

        var (server, client) = await loopback.RunAsync();

        DtlsHandshakeResult result = await server;
        await client;
        Assert.Equal(5, loopback.Pipe.Dropped);
        Assert.Equal(loopback.Client.KeyingMaterial, result.KeyingMaterial.ToArray());
    }

    [Fact]
    public async Task HandshakeAsync_ClientHelloAndClientFlightPacketsLost_Completes()
    {
        var options = new DtlsServerTransportOptions { InitialRetransmitTimeout = TimeSpan.FromMilliseconds(150) };
        using var loopback = new DtlsLoopback(new DtlsTestClient(), options);

        // Drop the first ClientHello and the second datagram of the client's second flight.
        loopback.Pipe.Filter = (toClient, index, _) => toClient || (index != 0 && index != 3);

        var (server, client) = await loopback.RunAsync();

        DtlsHandshakeResult result = await server;
        await client;
        Assert.Equal(2, loopback.Pipe.Dropped);
        Assert.Equal(loopback.Client.KeyingMaterial, result.KeyingMaterial.ToArray());
    }

    [Fact]
    public async Task HandshakeAsync_ServerFinalFlightLost_ServerAnswersClientRetransmissionAfterHandshake()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient());
        int epochOneDropped = 0;

        // Drop the server's first ChangeCipherSpec and first epoch-1 record (its Finished).
        loopback.Pipe.Filter = (toClient, _, datagram) =>
        {
            if (!toClient || !DtlsRecordHeader.TryRead(datagram, out DtlsRecordHeader header))
            {
                return true;
            }

            bool finalFlight = header.ContentType == DtlsRecordHeader.ChangeCipherSpec || header.Epoch == 1;
            return !finalFlight || Interlocked.Increment(ref epochOneDropped) > 2;
        };

        var (server, client) = await loopback.RunAsync();

        DtlsHandshakeResult result = await server;
        await client;
        Assert.Equal(2, loopback.Pipe.Dropped);
        Assert.Equal(loopback.Client.KeyingMaterial, result.KeyingMaterial.ToArray());
        Assert.True(loopback.Server.IsEstablished);
    }

    [Fact]
    public async Task HandshakeAsync_NoClient_TimesOutWithReason()
    {
        var options = new DtlsServerTransportOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) };
        using var server = new DtlsServerTransport(DtlsLoopback.ServerCertificate, TestClientIdentity.Shared.Fingerprint, new DatagramPipe(), options);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.HandshakeAsync(CancellationToken.None).WaitAsync(Wait));

        Assert.Equal(DtlsHandshakeFailure.Timeout, failure.Failure);
        Assert.Equal(DtlsCloseReason.HandshakeFailed, await server.Completion.WaitAsync(Wait));
    }

    [Fact]
    public async Task HandshakeAsync_FirstFlightAlwaysLost_TimesOut()
    {
        var options = new DtlsServerTransportOptions
        {
            HandshakeTimeout = TimeSpan.FromMilliseconds(1500),
            InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
        };
        using var loopback = new DtlsLoopback(new DtlsTestClient { TimeoutMillis = 1000 }, options);
        loopback.Pipe.Filter = (toClient, _, _) => !toClient;

        var (server, _) = await loopback.RunAsync();

        Assert.Equal(DtlsHandshakeFailure.Timeout, (await Assert.ThrowsAsync<DtlsHandshakeException>(() => server)).Failure);
        Assert.True(loopback.Pipe.SentByServer.Count > 5, "the first flight should have been retransmitted");
    }

    [Fact]
    public async Task Close_DuringHandshake_UnblocksWithClosedReason()
    {
        using var server = new DtlsServerTransport(DtlsLoopback.ServerCertificate, TestClientIdentity.Shared.Fingerprint, new DatagramPipe());
        Task<DtlsHandshakeResult> handshake = server.HandshakeAsync(CancellationToken.None);
        await Task.Delay(50);

        server.Close();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Wait));
        Assert.Equal(DtlsHandshakeFailure.Closed, failure.Failure);
        Assert.Equal(DtlsCloseReason.LocalClose, await server.Completion.WaitAsync(Wait));
    }

    [Fact]
    public async Task HandshakeAsync_TokenCanceled_ThrowsOperationCanceled()
    {
        using var server = new DtlsServerTransport(DtlsLoopback.ServerCertificate, TestClientIdentity.Shared.Fingerprint, new DatagramPipe());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.HandshakeAsync(cts.Token).WaitAsync(Wait));
    }

    [Fact]
    public async Task HandshakeAsync_CalledTwice_Throws()
    {
        using var server = new DtlsServerTransport(DtlsLoopback.ServerCertificate, TestClientIdentity.Shared.Fingerprint, new DatagramPipe());
        Task<DtlsHandshakeResult> first = server.HandshakeAsync(CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => server.HandshakeAsync(CancellationToken.None));

        server.Close();
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => first.WaitAsync(Wait));
    }

    [Fact]
    public async Task HandshakeAsync_AfterClose_FailsWithClosed()
    {
        var server = new DtlsServerTransport(DtlsLoopback.ServerCertificate, TestClientIdentity.Shared.Fingerprint, new DatagramPipe());
        server.Dispose();

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.HandshakeAsync(CancellationToken.None));

        Assert.Equal(DtlsHandshakeFailure.Closed, failure.Failure);
        Assert.Equal(DtlsCloseReason.LocalClose, await server.Completion.WaitAsync(Wait));
    }

    [Fact]
    public async Task Completion_PeerSendsCloseNotify_ReportsPeerClosed()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient());
        var (server, client) = await loopback.RunAsync();
        await server;

        (await client).Close();

        Assert.Equal(DtlsCloseReason.PeerClosed, await loopback.Server.Completion.WaitAsync(Wait));
        Assert.False(loopback.Server.IsEstablished);
    }

    [Fact]
    public async Task Completion_ApplicationDataAndCloseNotifyInOneDatagram_ReportsPeerClosed()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient());
        var (server, client) = await loopback.RunAsync();
        await server;
        var held = new List<byte[]>();
        loopback.Pipe.Filter = (toClient, _, datagram) =>
        {
            if (!toClient)
            {
                held.Add(datagram);
            }

            return toClient;
        };

        Org.BouncyCastle.Tls.DtlsTransport clientTransport = await client;
        clientTransport.Send([1, 2, 3]);
        clientTransport.Close();
        loopback.Server.EnqueueReceived([.. held[0], .. held[1]]);

        Assert.Equal(2, held.Count);
        Assert.Equal(DtlsCloseReason.PeerClosed, await loopback.Server.Completion.WaitAsync(Wait));
    }

    [Fact]
    public async Task Close_AfterHandshake_SendsCloseNotifyAndReportsLocalClose()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient());
        var (server, _) = await loopback.RunAsync();
        await server;
        int sentBefore = loopback.Pipe.SentByServer.Count;

        loopback.Server.Close();

        Assert.Equal(DtlsCloseReason.LocalClose, await loopback.Server.Completion.WaitAsync(Wait));
        byte[] last = loopback.Pipe.SentByServer[^1];
        Assert.True(loopback.Pipe.SentByServer.Count > sentBefore);
        Assert.True(DtlsRecordHeader.TryRead(last, out DtlsRecordHeader header));
        Assert.Equal(DtlsRecordHeader.Alert, header.ContentType);
        Assert.Equal(1, header.Epoch);
    }

    [Fact]
    public async Task EnqueueReceived_AfterHandshake_ApplicationDataIsIgnored()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient());
        var (server, client) = await loopback.RunAsync();
        await server;

        (await client).Send([1, 2, 3, 4]);
        await Task.Delay(100);

        Assert.True(loopback.Server.IsEstablished);
        Assert.False(loopback.Server.Completion.IsCompleted);
    }

    [Theory]
    [InlineData("17FEFD0001000000000001000F93D5DE8EEA97CFA78683D640473440")] // GCM record shorter than nonce + tag
    [InlineData("17FEFE0001000000000001001800000000000000000000000000000000000000000000000000")] // reserved version {0xFE, 0xFE}
    [InlineData("16FEFD0000000000000009000100" + "17FEFD000100000000000A0004DEADBEEF")] // bad record after a good one
    public async Task EnqueueReceived_RecordBouncyCastleWouldFailOn_RejectedAndAssociationSurvives(string hex)
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient());
        var (server, client) = await loopback.RunAsync();
        await server;

        loopback.Server.EnqueueReceived(Convert.FromHexString(hex));
        (await client).Send([1, 2, 3]);
        await Task.Delay(50);

        Assert.Equal(1, loopback.Server.RejectedDatagrams);
        Assert.True(loopback.Server.IsEstablished);
        Assert.False(loopback.Server.Completion.IsCompleted);
    }

    [Fact]
    public async Task EnqueueReceived_ForgedRecordWithBadTag_DiscardedAndAssociationSurvives()
    {
        using var loopback = new DtlsLoopback(new DtlsTestClient());
        var (server, _) = await loopback.RunAsync();
        await server;
        byte[] forged = Convert.FromHexString("17FEFD00010000000000050020" + new string('A', 64));

        loopback.Server.EnqueueReceived(forged);
        Assert.True(SpinWait.SpinUntil(() => loopback.Server.QueuedDatagrams == 0, Wait));
        await Task.Delay(20);

        Assert.Equal(0, loopback.Server.RejectedDatagrams);
        Assert.True(loopback.Server.IsEstablished);
    }

    [Fact]
    public void EnqueueReceived_QueueFull_DropsAndCounts()
    {
        var options = new DtlsServerTransportOptions { ReceiveQueueCapacity = 4 };
        using var server = new DtlsServerTransport(DtlsLoopback.ServerCertificate, TestClientIdentity.Shared.Fingerprint, new DatagramPipe(), options);
        byte[] datagram = new byte[40];
        datagram[0] = DtlsRecordHeader.Handshake;

        for (int i = 0; i < 10; i++)
        {
            server.EnqueueReceived(datagram);
        }

        Assert.Equal(4, server.QueuedDatagrams);
        Assert.Equal(6, server.DroppedDatagrams);
        Assert.Equal(0, server.RejectedDatagrams);
    }

    [Fact]
    public void EnqueueReceived_NotDtlsOrTooLarge_RejectsAndCounts()
    {
        using var server = new DtlsServerTransport(DtlsLoopback.ServerCertificate, TestClientIdentity.Shared.Fingerprint, new DatagramPipe());
        byte[] tooLarge = new byte[DtlsServerTransportOptions.Default.MaxReceiveDatagramSize + 1];
        tooLarge[0] = DtlsRecordHeader.Handshake;

        server.EnqueueReceived([]);
        server.EnqueueReceived([0x00, 0x01]);
        server.EnqueueReceived([0x80, 0x60]);
        server.EnqueueReceived(tooLarge);

        Assert.Equal(4, server.RejectedDatagrams);
        Assert.Equal(0, server.QueuedDatagrams);
    }

    [Fact]
    public void EnqueueReceived_AfterClose_IsIgnored()
    {
        var server = new DtlsServerTransport(DtlsLoopback.ServerCertificate, TestClientIdentity.Shared.Fingerprint, new DatagramPipe());
        server.Close();

        server.EnqueueReceived([DtlsRecordHeader.Handshake, 0xFE, 0xFD]);

        Assert.Equal(0, server.QueuedDatagrams);
        Assert.Equal(0, server.DroppedDatagrams);
    }

    [Fact]
    public async Task HandshakeAsync_SenderThrows_CountsFailuresAndTimesOut()
    {
        var options = new DtlsServerTransportOptions
        {
            HandshakeTimeout = TimeSpan.FromMilliseconds(1500),
            InitialRetransmitTimeout = TimeSpan.FromMilliseconds(100),
        };
        using var loopback = new DtlsLoopback(new DtlsTestClient { TimeoutMillis = 1000 }, options);
        using var throwing = new DtlsServerTransport(DtlsLoopback.ServerCertificate, loopback.Client.Identity.Fingerprint, new ThrowingSender(), options);
        loopback.Pipe.Server = throwing;

        Task<DtlsHandshakeResult> server = throwing.HandshakeAsync(CancellationToken.None);
        Task<Org.BouncyCastle.Tls.DtlsTransport> client = loopback.StartClient();

        Assert.Equal(DtlsHandshakeFailure.Timeout, (await Assert.ThrowsAsync<DtlsHandshakeException>(() => server.WaitAsync(Wait))).Failure);
        Assert.True(throwing.SendFailures > 0);
        await Assert.ThrowsAnyAsync<Exception>(() => client.WaitAsync(Wait));
    }

    private static bool IsPartialCertificateFragment(byte[] datagram)
    {
        if (!DtlsRecordHeader.TryRead(datagram, out DtlsRecordHeader header)
            || header.ContentType != DtlsRecordHeader.Handshake
            || header.Epoch != 0
            || header.Length < 12)
        {
            return false;
        }

        ReadOnlySpan<byte> message = datagram.AsSpan(DtlsRecordHeader.Size);
        int length = ReadUInt24(message[1..]);
        int fragmentLength = ReadUInt24(message[9..]);
        return message[0] == 11 && fragmentLength < length;
    }

    private static int ReadUInt24(ReadOnlySpan<byte> data) => (data[0] << 16) | BinaryPrimitives.ReadUInt16BigEndian(data[1..]);

    private sealed class ThrowingSender : IDatagramSender
    {
        public void Send(ReadOnlySpan<byte> datagram) => throw new IOException("network unreachable");
    }
}
