using System.Buffers.Binary;
using LiveServer.WebRtc.Depacketizers;
using LiveServer.WebRtc.Rtcp;
using LiveServer.WebRtc.Rtp;

namespace LiveServer.WebRtc.Tests.Fuzz;

/// <summary>
/// Random, truncated and mutated input to the RTP packet view, RTCP parsing, the jitter buffer and
/// each depacketizer, with fixed seeds. Nothing may throw, and refusals must be counted.
/// </summary>
public sealed class RtpFuzzTests
{
    private const int RtpCases = 120_000;
    private const int RtcpCases = 80_000;
    private const int DepacketizerPackets = 35_000;
    private const int JitterBufferCases = 20_000;

    private static readonly byte[][] RtpSeeds =
    [
        Convert.FromHexString("80E0123400005678DEADBEEF010203"),
        Convert.FromHexString("8260000100000002000000030000000A0000000BFF"),
        Convert.FromHexString("A06000010000000200000003AABB000003"),
        Convert.FromHexString("906000010000000200000003BEDE00021085310102000000CAFE"),
        Convert.FromHexString("9060000100000002000000031000000205020A0B0006000099"),
    ];

    private static readonly byte[][] RtcpSeeds =
    [
        Convert.FromHexString(
            "81C8000C" + "11111111" + "E1234567" + "89ABCDEF" + "00001000" + "00000064" + "00002710"
            + "22222222" + "05000003" + "0001FFFF" + "00000020" + "12345678" + "00010000"
            + "81CA0003" + "11111111" + "0103616263" + "000000"
            + "81CB0002" + "11111111" + "03627965"),
        Convert.FromHexString("81C90007" + "11111111" + "22222222" + "40FFFFFE" + "00020010" + "00000011" + "AABBCCDD" + "00018000"
            + "81CD0005" + "01020304" + "05060708" + "00648005" + "00750000" + "00C80000"
            + "81CE0002" + "01020304" + "0A0B0C0D"),
        Convert.FromHexString("84CE0004" + "01020304" + "00000000" + "0A0B0C0D" + "07000000"
            + "8FCE0005" + "01020304" + "00000000" + "52454D42" + "010BD090" + "0A0B0C0D"
            + "8FCD0004" + "00000001" + "00000002" + "00010002" + "00000000"),
    ];

    [Fact]
    public void RtpPacket_RandomTruncatedMutated_NeverThrowsAndCountsRefusals()
    {
        var random = new Random(7001);
        var buffer = new byte[128];
        var refusals = new Dictionary<RtpParseError, int>();
        var accepted = 0;
        for (var i = 0; i < RtpCases; i++)
        {
            var length = Mutate(random, RtpSeeds, buffer);
            var data = buffer.AsSpan(0, length);
            if (!RtpPacket.TryParse(data, out var packet, out var error))
            {
                Assert.NotEqual(RtpParseError.None, error);
                refusals[error] = refusals.GetValueOrDefault(error) + 1;
                continue;
            }

            accepted++;
            Assert.Equal(data.Length, packet.HeaderLength + packet.Payload.Length + packet.PaddingLength);
            for (var c = 0; c < packet.CsrcCount; c++)
            {
                _ = packet.GetCsrc(c);
            }

            var elements = 0;
            var reader = packet.GetExtensions();
            while (reader.TryReadNext(out var id, out var value))
            {
                Assert.InRange(id, 1, 255);
                Assert.True(value.Length <= packet.ExtensionData.Length);
                elements++;
            }

            Assert.True(elements <= packet.ExtensionData.Length);
            for (var id = 1; id < 15; id++)
            {
                _ = packet.TryGetAudioLevel(id, out _);
            }
        }

        Assert.True(accepted > RtpCases / 10, $"accepted {accepted}");
        Assert.Equal(RtpCases, accepted + refusals.Values.Sum());
        foreach (var reason in new[] { RtpParseError.TooShort, RtpParseError.BadVersion, RtpParseError.TruncatedCsrcList, RtpParseError.TruncatedExtension, RtpParseError.BadPadding })
        {
            Assert.True(refusals.GetValueOrDefault(reason) > 0, $"no {reason} refusals");
        }
    }

    [Fact]
    public void Rtcp_RandomTruncatedMutated_NeverThrowsAndCountsRefusals()
    {
        var random = new Random(7002);
        var buffer = new byte[256];
        var lost = new ushort[1024];
        var packets = 0;
        var compoundErrors = 0;
        var viewRefusals = 0;
        for (var i = 0; i < RtcpCases; i++)
        {
            var length = Mutate(random, RtcpSeeds, buffer);
            var reader = new RtcpCompoundReader(buffer.AsSpan(0, length));
            while (reader.TryReadNext(out var packet))
            {
                packets++;
                viewRefusals += ReadEveryView(packet, lost);
            }

            compoundErrors += reader.Error == RtcpParseError.None ? 0 : 1;
        }

        Assert.True(packets > RtcpCases, $"packets {packets}");
        Assert.True(compoundErrors > RtcpCases / 20, $"compound errors {compoundErrors}");
        Assert.True(viewRefusals > 0);
    }

    [Fact]
    public void JitterBuffer_RandomSequencesAndTimes_ReleasesStrictlyIncreasing()
    {
        var random = new Random(7003);
        var nack = new NackGenerator(new NackGeneratorOptions { MaxPending = 64 });
        using var buffer = new JitterBuffer(new JitterBufferOptions { Capacity = 64 }, nack);
        var nacks = new ushort[32];
        var packet = new byte[40];
        ushort baseSeq = 65000;
        ushort previous = 0;
        var now = TimeSpan.Zero;
        var last = long.MinValue;
        var released = 0;
        for (var i = 0; i < JitterBufferCases; i++)
        {
            // Mostly a real stream (mild reordering), plus duplicates, stray jumps and random numbers.
            var roll = random.Next(100);
            var seq = roll switch
            {
                < 3 => (ushort)random.Next(ushort.MaxValue),
                < 4 => (ushort)(baseSeq + random.Next(-40, 40)),
                < 9 => previous,
                _ => (ushort)(baseSeq++ + random.Next(-2, 3)),
            };
            previous = seq;
            now += TimeSpan.FromMilliseconds(random.Next(0, 12));
            random.NextBytes(packet);
            packet[0] = 0x80;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), seq);
            Assert.True(RtpPacket.TryParse(packet, out var parsed));
            var resyncs = buffer.Resynchronizations;
            buffer.Insert(parsed, now);
            Assert.InRange(buffer.Count, 0, 64);
            if (buffer.Resynchronizations != resyncs)
            {
                last = long.MinValue; // a confirmed restart begins a new sequence space
            }

            while (buffer.TryDequeue(now, out var item))
            {
                Assert.True(item.ExtendedSequenceNumber > last);
                last = item.ExtendedSequenceNumber;
                released++;
            }

            nack.Poll(now, nacks);
        }

        Assert.True(released > JitterBufferCases / 4, $"released {released} accepted {buffer.PacketsAccepted} late {buffer.LateDropped} dup {buffer.DuplicatesDropped} over {buffer.OverflowDropped} disc {buffer.DiscontinuityDropped} lost {buffer.PacketsLost} resync {buffer.Resynchronizations}");
        Assert.True(buffer.LateDropped > 0 && buffer.DuplicatesDropped > 0 && buffer.DiscontinuityDropped > 0);
        Assert.True(buffer.PacketsLost > 0);
    }

    [Fact]
    public void Vp8Depacketizer_MutatedStream_NeverThrowsNeverEmitsBrokenKeyframe()
    {
        var random = new Random(7004);
        var depacketizer = new Vp8Depacketizer(maxFrameSize: 64 * 1024);
        var result = RunStream(random, depacketizer, Vp8Packets(random), frame =>
        {
            Assert.False(frame.Data.IsEmpty);
            if (frame.IsKeyframe)
            {
                var data = frame.Data.Span;
                Assert.Equal(0, data[0] & 1);
                Assert.True(data.Length >= 10 && data[3] == 0x9D && data[4] == 0x01 && data[5] == 0x2A);
            }
        });

        AssertCounted(depacketizer, result);
    }

    [Fact]
    public void H264Depacketizer_MutatedStream_NeverThrowsKeyframesCarryParameterSets()
    {
        var random = new Random(7005);
        var depacketizer = new H264Depacketizer(maxFrameSize: 64 * 1024);
        var result = RunStream(random, depacketizer, H264Packets(random), frame =>
        {
            var data = frame.Data.Span;
            Assert.True(data.Length > 4 && data[0] == 0 && data[1] == 0 && data[2] == 0 && data[3] == 1);
            if (frame.IsKeyframe)
            {
                Assert.True(ContainsNal(data, 5) && ContainsNal(data, 7) && ContainsNal(data, 8));
            }
        });

        AssertCounted(depacketizer, result);
    }

    [Fact]
    public void OpusDepacketizer_MutatedStream_NeverThrowsEveryNonEmptyPayloadIsAFrame()
    {
        var random = new Random(7006);
        var depacketizer = new OpusDepacketizer();
        var result = RunStream(random, depacketizer, OpusPackets(random), frame => Assert.False(frame.Data.IsEmpty));

        Assert.True(depacketizer.PacketsRefused > 0);
        Assert.Equal(result.Pushed, depacketizer.FramesEmitted + depacketizer.PacketsRefused);
        Assert.False(depacketizer.NeedsKeyframe);
    }

    private static void AssertCounted(IDepacketizer depacketizer, (long Pushed, long Emitted, long Keyframes) result)
    {
        Assert.Equal(result.Emitted, depacketizer.FramesEmitted);
        Assert.True(depacketizer.PacketsRefused > 0, "no refusals counted");
        Assert.True(depacketizer.FramesDiscarded > 0, "no frames discarded");
        Assert.True(result.Keyframes > 0 && result.Emitted > result.Keyframes, $"emitted {result.Emitted}, keyframes {result.Keyframes}");
    }

    private static (long Pushed, long Emitted, long Keyframes) RunStream(Random random, IDepacketizer depacketizer, IEnumerable<byte[]> packets, Action<DepacketizedFrame> check)
    {
        long pushed = 0, emitted = 0, keyframes = 0;
        ushort seq = 65000;
        foreach (var original in packets)
        {
            if (pushed >= DepacketizerPackets)
            {
                break;
            }

            var bytes = original;
            var roll = random.Next(100);
            if (roll < 3)
            {
                seq++; // a lost packet: the sequence jumps
                continue;
            }

            if (roll < 10 && bytes.Length > 12)
            {
                bytes = (byte[])original.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(12, bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
            }
            else if (roll < 13)
            {
                bytes = original[..random.Next(12, original.Length + 1)];
            }
            else if (roll < 14)
            {
                bytes = (byte[])original.Clone();
                bytes[1] ^= 0x80; // marker flipped
            }

            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), roll == 99 ? (ushort)(seq - 1) : seq++);
            Assert.True(RtpPacket.TryParse(bytes, out var packet));
            pushed++;
            if (depacketizer.TryPush(packet, out var frame))
            {
                emitted++;
                keyframes += frame.IsKeyframe ? 1 : 0;
                Assert.Equal(depacketizer.Codec, frame.Codec);
                check(frame);
            }
        }

        return (pushed, emitted, keyframes);
    }

    private static IEnumerable<byte[]> Vp8Packets(Random random)
    {
        for (uint frame = 0; ; frame++)
        {
            var key = frame % 30 == 0;
            var body = new byte[random.Next(20, 3000)];
            random.NextBytes(body);
            body[0] = (byte)((body[0] & 0xFE) | (key ? 0 : 1));
            if (key)
            {
                body[3] = 0x9D;
                body[4] = 0x01;
                body[5] = 0x2A;
            }

            var pictureId = (int)(frame & 0x7FFF);
            for (var offset = 0; offset < body.Length; offset += 1000)
            {
                var chunk = body.AsSpan(offset, Math.Min(1000, body.Length - offset));
                byte[] descriptor = random.Next(2) == 0
                    ? [(byte)(offset == 0 ? 0x10 : 0x00)]
                    : [(byte)(0x80 | (offset == 0 ? 0x10 : 0x00)), 0xE0, (byte)(0x80 | (pictureId >> 8)), (byte)pictureId, (byte)frame, 0x40];
                yield return Packet(frame * 3000, offset + 1000 >= body.Length, [.. descriptor, .. chunk]);
            }
        }
    }

    private static IEnumerable<byte[]> H264Packets(Random random)
    {
        for (uint frame = 0; ; frame++)
        {
            var ts = frame * 3000;
            var key = frame % 30 == 0;
            var nal = new byte[random.Next(2, 4000)];
            random.NextBytes(nal);
            nal[0] = (byte)(key ? 0x65 : 0x41);
            if (key && random.Next(4) != 0)
            {
                byte[] sps = [0x67, 0x42, 0xE0, 0x1F, 0xDA];
                byte[] pps = [0x68, 0xCE, 0x3C, 0x80];
                yield return Packet(ts, false, [0x78, 0, (byte)sps.Length, .. sps, 0, (byte)pps.Length, .. pps]);
            }

            if (nal.Length <= 1200)
            {
                yield return Packet(ts, true, nal);
                continue;
            }

            for (var offset = 1; offset < nal.Length; offset += 1000)
            {
                var start = offset == 1;
                var end = offset + 1000 >= nal.Length;
                var chunk = nal.AsSpan(offset, Math.Min(1000, nal.Length - offset));
                byte header = (byte)((start ? 0x80 : 0) | (end ? 0x40 : 0) | (nal[0] & 0x1F));
                yield return Packet(ts, end, [(byte)((nal[0] & 0xE0) | 28), header, .. chunk]);
            }
        }
    }

    private static IEnumerable<byte[]> OpusPackets(Random random)
    {
        for (uint frame = 0; ; frame++)
        {
            var payload = new byte[random.Next(0, 200) == 0 ? 0 : random.Next(1, 300)];
            random.NextBytes(payload);
            yield return Packet(frame * 960, true, payload);
        }
    }

    private static byte[] Packet(uint timestamp, bool marker, byte[] payload)
    {
        var bytes = new byte[12 + payload.Length];
        bytes[0] = 0x80;
        bytes[1] = (byte)((marker ? 0x80 : 0) | 96);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), 0x1234);
        payload.CopyTo(bytes, 12);
        return bytes;
    }

    private static bool ContainsNal(ReadOnlySpan<byte> annexB, int type)
    {
        for (var i = 0; i + 4 < annexB.Length; i++)
        {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 0 && annexB[i + 3] == 1 && (annexB[i + 4] & 0x1F) == type)
            {
                return true;
            }
        }

        return false;
    }

    private static int ReadEveryView(RtcpPacket packet, ushort[] lost)
    {
        var refusals = 0;
        _ = packet.Type;
        if (SenderReport.TryParse(packet, out var sr, out _))
        {
            _ = (sr.Ssrc, sr.NtpTimestamp, sr.RtpTimestamp, sr.PacketCount, sr.OctetCount);
            for (var i = 0; i < sr.ReportCount; i++)
            {
                _ = sr.GetReportBlock(i);
            }
        }
        else if (ReceiverReport.TryParse(packet, out var rr, out _))
        {
            for (var i = 0; i < rr.ReportCount; i++)
            {
                _ = rr.GetReportBlock(i);
            }
        }
        else if (SourceDescription.TryParse(packet, out var sdes, out _))
        {
            var items = sdes.GetItems();
            var count = 0;
            while (items.TryReadNext(out _, out _, out var value))
            {
                Assert.True(value.Length <= 255);
                Assert.True(++count <= packet.Body.Length);
            }
        }
        else if (Goodbye.TryParse(packet, out var bye, out _))
        {
            for (var i = 0; i < bye.SourceCount; i++)
            {
                _ = bye.GetSsrc(i);
            }
        }
        else if (GenericNack.TryParse(packet, out var nack, out _))
        {
            Assert.InRange(nack.CopyLostSequenceNumbers(lost), 1, lost.Length);
        }
        else if (PictureLossIndication.TryParse(packet, out var pli, out _))
        {
            _ = (pli.SenderSsrc, pli.MediaSsrc);
        }
        else if (FullIntraRequest.TryParse(packet, out var fir, out _))
        {
            for (var i = 0; i < fir.EntryCount; i++)
            {
                _ = fir.GetEntry(i);
            }
        }
        else if (ReceiverEstimatedMaxBitrate.TryParse(packet, out var remb, out _))
        {
            _ = remb.Bitrate;
            for (var i = 0; i < remb.SsrcCount; i++)
            {
                _ = remb.GetSsrc(i);
            }
        }
        else
        {
            refusals++;
        }

        return refusals;
    }

    /// <summary>Writes a random, truncated or mutated version of a seed into the buffer and returns its length.</summary>
    private static int Mutate(Random random, byte[][] seeds, byte[] buffer)
    {
        var seed = seeds[random.Next(seeds.Length)];
        switch (random.Next(6))
        {
            case 0:
            {
                var length = random.Next(0, Math.Min(buffer.Length, 64));
                random.NextBytes(buffer.AsSpan(0, length));
                return length;
            }

            case 1:
            {
                var length = random.Next(0, seed.Length + 1);
                seed.AsSpan(0, length).CopyTo(buffer);
                return length;
            }

            case 2:
            {
                seed.CopyTo(buffer, 0);
                var length = Math.Min(buffer.Length, seed.Length + random.Next(0, 16));
                random.NextBytes(buffer.AsSpan(seed.Length, length - seed.Length));
                return length;
            }

            default:
            {
                seed.CopyTo(buffer, 0);
                for (var flips = random.Next(1, 5); flips > 0; flips--)
                {
                    var at = random.Next(seed.Length);
                    buffer[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(buffer[at] ^ (1 << random.Next(8)));
                }

                return seed.Length;
            }
        }
    }
}
