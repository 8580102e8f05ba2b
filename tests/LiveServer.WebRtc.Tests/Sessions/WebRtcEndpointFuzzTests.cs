using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LiveServer.WebRtc.Rtcp;
using LiveServer.WebRtc.Sessions;
using Xunit.Abstractions;

namespace LiveServer.WebRtc.Tests.Sessions;

/// <summary>
/// 200,000 random, truncated and mutated datagrams (fixed seed) against a live endpoint with one
/// connected session, from the session's own validated address and from a stranger: STUN, DTLS,
/// SRTP and SRTCP shapes, including garbage RTP and RTCP that is validly encrypted with the
/// session's keys so that routing, RTX restore and the depacketizers see it. Nothing may escape the
/// receive loop, and the session must still deliver a valid frame afterwards.
/// </summary>
public sealed class WebRtcEndpointFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 5764;
    private const int Datagrams = 200_000;

    [Fact]
    public async Task Fuzz_200kDatagrams_NoFaultAndSessionStillDeliversFrames()
    {
        await using SessionHarness harness = await SessionHarness.StartAsync();
        TestBrowser browser = harness.Browser;
        await harness.PrimeVideoAsync();
        harness.Browser.SendOpus(10, voice: true);

        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        IPEndPoint target = harness.Endpoint.LocalEndPoint;
        var random = new Random(Seed);
        byte[][] corpus = BuildCorpus(browser);
        long baseline = harness.Endpoint.Counters.DatagramsReceived;
        int sent = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        while (sent < Datagrams)
        {
            bool fromSession = random.Next(3) != 0;
            byte[] datagram = random.Next(10) switch
            {
                < 3 => Mutate(random, corpus[random.Next(corpus.Length)]),
                < 5 => fromSession ? EncryptedGarbage(random, browser) : Mutate(random, corpus[random.Next(corpus.Length)]),
                < 7 => Truncate(random, corpus[random.Next(corpus.Length)]),
                _ => RandomBytes(random),
            };

            if (fromSession)
            {
                browser.SendRaw(datagram);
            }
            else
            {
                stranger.SendTo(datagram, target);
            }

            // Pace so that the kernel queue does not overflow: the endpoint should see almost all of them.
            if (++sent % 1000 == 0)
            {
                DateTime until = DateTime.UtcNow.AddSeconds(1);
                while (harness.Endpoint.Counters.DatagramsReceived - baseline < sent - 2000 && DateTime.UtcNow < until)
                {
                    await Task.Delay(1);
                }
            }
        }

        await Eventually.TrueAsync(() => harness.Endpoint.Counters.DatagramsReceived - baseline >= Datagrams * 0.95, "the endpoint read the fuzz", seconds: 10);
        EndpointCounters counters = harness.Endpoint.Counters;
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s; {counters}; {harness.Session.Counters}");
        Assert.Equal(0, counters.Faults);
        Assert.Equal(PeerSessionState.Connected, harness.Session.State);
        Assert.True(counters.Unmatched > 0 && counters.StunDropped > 0 && counters.Dropped > 0);
        Assert.True(harness.Session.Counters.DecryptFailures > 0);

        // Fresh keyframes continue the publisher's sequence; the first may go to resynchronizing the buffer.
        int before = harness.Frames.Video.Count;
        byte[]? keyframe = null;
        for (int i = 0; i < 10 && harness.Frames.Video.Count == before; i++)
        {
            keyframe = browser.SendVp8Frame(keyframe: true);
            await Task.Delay(100);
        }

        await Eventually.TrueAsync(() => harness.Frames.Video.Count > before, "a frame after the fuzz");
        Assert.Contains(harness.Frames.Video, f => f.Payload.AsSpan().SequenceEqual(keyframe));
        Assert.Equal(0, harness.Frames.ConcurrentCalls);
    }

    private static byte[][] BuildCorpus(TestBrowser browser)
    {
        byte[] transaction = new byte[12];
        byte[] stun = browser.BindingRequest(transaction, useCandidate: false);
        byte[] dtls = [23, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 32, .. new byte[32]];
        byte[] handshake = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 1, 0, 0, 4, 0, 0, 0, 0, 0, 0, 4, 0xFE, 0xFD, 0, 0];
        byte[] srtp = browser.Protect(browser.BuildRtp(TestBrowser.Vp8PayloadType, false, 1, 1, TestBrowser.VideoSsrc, [0x10, 1, 2, 3, 4, 5, 6, 7]));
        byte[] srtcp = browser.ProtectRtcp(ReceiverReportBytes());
        return [stun, dtls, handshake, srtp, srtcp];
    }

    private static byte[] ReceiverReportBytes()
    {
        byte[] rr = new byte[8];
        RtcpHeaderForTests.Write(rr, 0, 201);
        BinaryPrimitives.WriteUInt32BigEndian(rr.AsSpan(4), TestBrowser.VideoSsrc);
        return rr;
    }

    private static byte[] Mutate(Random random, byte[] source)
    {
        byte[] copy = (byte[])source.Clone();
        int flips = 1 + random.Next(4);
        for (int i = 0; i < flips; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] Truncate(Random random, byte[] source) => source.AsSpan(0, random.Next(source.Length)).ToArray();

    private static byte[] RandomBytes(Random random)
    {
        byte[] bytes = new byte[random.Next(0, 1500)];
        random.NextBytes(bytes);
        if (bytes.Length > 0)
        {
            // Aim at every demultiplexer branch: STUN, DTLS, RTP/RTCP, and the unassigned ranges.
            bytes[0] = random.Next(4) switch
            {
                0 => (byte)random.Next(4),
                1 => (byte)random.Next(20, 64),
                2 => (byte)random.Next(128, 192),
                _ => bytes[0],
            };
        }

        return bytes;
    }

    // Validly encrypted nonsense: the endpoint decrypts it and must survive what is inside.
    private static byte[] EncryptedGarbage(Random random, TestBrowser browser)
    {
        try
        {
            return random.Next(4) == 0 ? EncryptedRtcp(random, browser) : EncryptedRtp(random, browser);
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException)
        {
            // The sender refused to protect it (not RTP, or a sequence before its stream start).
            return RandomBytes(random);
        }
    }

    private static byte[] EncryptedRtp(Random random, TestBrowser browser)
    {
        byte[] payload = new byte[random.Next(0, 1200)];
        random.NextBytes(payload);
        (uint ssrc, ushort sequence) = random.Next(4) switch
        {
            0 => (TestBrowser.VideoSsrc, browser.VideoSequence++),
            1 => (TestBrowser.RtxSsrc, (ushort)random.Next(65536)),
            2 => (TestBrowser.AudioSsrc, (ushort)random.Next(65536)),
            _ => ((uint)random.Next(1, 24), (ushort)random.Next(65536)),
        };
        byte payloadType = random.Next(3) switch
        {
            0 => TestBrowser.Vp8PayloadType,
            1 => TestBrowser.RtxPayloadType,
            _ => (byte)random.Next(128),
        };
        byte[] rtp = browser.BuildRtp(payloadType, random.Next(2) == 0, sequence, (uint)random.Next(), ssrc, payload, mid: random.Next(2) == 0 ? "1" : null);

        // Random CSRC count, extension and padding bits over a valid header: the parser must refuse or cope.
        if (random.Next(4) == 0)
        {
            rtp[0] = (byte)(0x80 | random.Next(64));
        }

        return browser.Protect(rtp);
    }

    private static byte[] EncryptedRtcp(Random random, TestBrowser browser)
    {
        byte[] rtcp = new byte[8 + (4 * random.Next(0, 60))];
        random.NextBytes(rtcp);
        rtcp[0] = (byte)(0x80 | (rtcp[0] & 0x3F));
        rtcp[1] = (byte)random.Next(200, 208);
        BinaryPrimitives.WriteUInt32BigEndian(rtcp.AsSpan(4), TestBrowser.VideoSsrc);
        if (random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(rtcp.AsSpan(2), (ushort)((rtcp.Length / 4) - 1));
        }

        // A BYE would (rightly) end the session; keep it out of the compound.
        var reader = new RtcpCompoundReader(rtcp);
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            if (packet.Type == RtcpPacketType.Goodbye)
            {
                rtcp[1] = 201;
                return browser.ProtectRtcp(rtcp.AsSpan(0, 8).ToArray());
            }
        }

        return browser.ProtectRtcp(rtcp);
    }
}
