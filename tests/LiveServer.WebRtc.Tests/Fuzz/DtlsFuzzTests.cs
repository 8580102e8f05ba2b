using System.Buffers.Binary;
using LiveServer.TestKit.WebRtc;
using LiveServer.WebRtc.Dtls;
using LiveServer.WebRtc.Tests.Dtls;
using Xunit.Abstractions;

namespace LiveServer.WebRtc.Tests.Fuzz;

/// <summary>
/// Random, truncated and mutated datagrams against the DTLS server and the record-layer demux, with a
/// fixed seed. The handshake may fail (that is the point); what must not happen is an exception other
/// than <see cref="DtlsHandshakeException"/> escaping, a hang, or a crash on a thread-pool thread.
/// </summary>
public sealed class DtlsFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 7983;
    private const int Iterations = 50_000;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly Lazy<Task<Corpus>> s_corpus = new(Corpus.CaptureAsync);

    [Fact]
    public async Task Demux_RandomAndMutatedDatagrams_NeverThrowAndStayInBounds()
    {
        Corpus corpus = await s_corpus.Value;
        var random = new Random(Seed);
        int dtls = 0;

        for (int i = 0; i < Iterations; i++)
        {
            byte[] datagram = corpus.NextFuzz(random, anyFirstByte: true);

            if (DtlsDemux.IsDtls(datagram))
            {
                dtls++;
                Assert.InRange(datagram[0], DtlsDemux.FirstByteMin, DtlsDemux.FirstByteMax);
            }

            if (DtlsRecordHeader.TryRead(datagram, out DtlsRecordHeader header))
            {
                Assert.True(header.TotalLength <= datagram.Length);
                Assert.InRange(header.SequenceNumber, 0, (1L << 48) - 1);
            }

            Assert.InRange(DtlsRecordHeader.CountRecords(datagram), 0, datagram.Length / DtlsRecordHeader.Size);
            _ = DtlsRecordHeader.IsClientHello(datagram);
        }

        Assert.InRange(dtls, Iterations / 4, Iterations);
    }

    [Fact]
    public async Task ServerTransport_FuzzedDatagramsMidHandshake_OnlyHandshakeExceptionsEscape()
    {
        Corpus corpus = await s_corpus.Value;
        var random = new Random(Seed);
        var options = new DtlsServerTransportOptions
        {
            HandshakeTimeout = TimeSpan.FromSeconds(20),
            InitialRetransmitTimeout = TimeSpan.FromSeconds(5),
            ReceiveQueueCapacity = 256,
        };
        var outcomes = new Dictionary<string, int>();
        int fed = 0;
        int sessions = 0;

        while (fed < Iterations)
        {
            sessions++;
            var sender = new CountingSender();
            using var server = new DtlsServerTransport(DtlsLoopback.ServerCertificate, corpus.ClientFingerprint, sender, options);
            Task<DtlsHandshakeResult> handshake = server.HandshakeAsync(CancellationToken.None);

            // Most sessions are fuzzed after a valid ClientHello, i.e. while the server waits for the
            // client's second flight; some from the very first datagram.
            if (random.Next(8) != 0)
            {
                server.EnqueueReceived(corpus.ClientHello);
                Assert.True(SpinWait.SpinUntil(() => sender.Count > 0 || handshake.IsCompleted, Wait), "no server flight");
            }

            int budget = random.Next(200, 4000);
            for (int i = 0; i < budget && fed < Iterations && !handshake.IsCompleted; i++)
            {
                SpinWait.SpinUntil(() => server.QueuedDatagrams < options.ReceiveQueueCapacity || handshake.IsCompleted, Wait);
                server.EnqueueReceived(corpus.NextFuzz(random, anyFirstByte: false));
                fed++;
            }

            // Let the DTLS layer consume what was queued before closing, so every datagram counted was processed.
            SpinWait.SpinUntil(() => server.QueuedDatagrams == 0 || handshake.IsCompleted, Wait);
            server.Close();
            string outcome;
            try
            {
                await handshake.WaitAsync(Wait);
                outcome = "completed";
            }
            catch (DtlsHandshakeException exception)
            {
                outcome = exception.Failure.ToString();
                output.WriteLine($"{exception.Failure}: {exception.Message} [{exception.InnerException}]");
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            Assert.True((await server.Completion.WaitAsync(Wait)) is DtlsCloseReason.LocalClose or DtlsCloseReason.HandshakeFailed);
            Assert.InRange(sender.MaxSize, 0, options.MaxSendDatagramSize);
        }

        output.WriteLine($"{fed} datagrams over {sessions} sessions: {string.Join(", ", outcomes.Select(o => $"{o.Key}={o.Value}"))}");
        Assert.True(fed >= Iterations);
        Assert.True(sessions > 1);
        Assert.DoesNotContain("completed", outcomes.Keys);
    }

    [Fact]
    public async Task ServerTransport_FuzzedDatagramsAfterHandshake_AssociationSurvives()
    {
        Corpus corpus = await s_corpus.Value;
        var random = new Random(Seed + 1);
        using var loopback = new DtlsLoopback(new DtlsTestClient());
        var (server, client) = await loopback.RunAsync();
        DtlsHandshakeResult result = await server;
        await client;
        Corpus established = corpus.With(loopback.Pipe.SentByClient);

        for (int i = 0; i < 5_000 && !loopback.Server.Completion.IsCompleted; i++)
        {
            SpinWait.SpinUntil(() => loopback.Server.QueuedDatagrams < 32 || loopback.Server.Completion.IsCompleted, Wait);
            loopback.Server.EnqueueReceived(established.NextFuzz(random, anyFirstByte: false));
        }

        Assert.True(SpinWait.SpinUntil(() => loopback.Server.QueuedDatagrams == 0, Wait), "post-handshake datagrams not drained");
        output.WriteLine($"after fuzzing: established={loopback.Server.IsEstablished}, rejected={loopback.Server.RejectedDatagrams}");

        // Nothing forged without the keys can end the association: invalid records are discarded.
        Assert.True(loopback.Server.IsEstablished);
        Assert.False(loopback.Server.Completion.IsCompleted);
        Assert.Equal(loopback.Client.KeyingMaterial, result.KeyingMaterial.ToArray());
        loopback.Server.Close();
        Assert.Equal(DtlsCloseReason.LocalClose, await loopback.Server.Completion.WaitAsync(Wait));
    }

    private sealed class CountingSender : IDatagramSender
    {
        private int _count;
        private int _maxSize;

        public int Count => Volatile.Read(ref _count);

        public int MaxSize => Volatile.Read(ref _maxSize);

        public void Send(ReadOnlySpan<byte> datagram)
        {
            Interlocked.Increment(ref _count);
            int size = datagram.Length;
            int max;
            while (size > (max = Volatile.Read(ref _maxSize)) && Interlocked.CompareExchange(ref _maxSize, size, max) != max)
            {
            }
        }
    }

    /// <summary>Real datagrams from a BouncyCastle client, and the mutations derived from them.</summary>
    private sealed class Corpus(byte[] clientHello, IReadOnlyList<byte[]> datagrams, DtlsFingerprint clientFingerprint)
    {
        public byte[] ClientHello { get; } = clientHello;

        public DtlsFingerprint ClientFingerprint { get; } = clientFingerprint;

        public static async Task<Corpus> CaptureAsync()
        {
            using var loopback = new DtlsLoopback(new DtlsTestClient());
            var (server, client) = await loopback.RunAsync();
            await server;
            (await client).Send([1, 2, 3]);
            IReadOnlyList<byte[]> sent = loopback.Pipe.SentByClient;
            Assert.True(DtlsRecordHeader.IsClientHello(sent[0]));
            return new Corpus(sent[0], sent, loopback.Client.Identity.Fingerprint);
        }

        public Corpus With(IEnumerable<byte[]> more) => new(ClientHello, [.. datagrams, .. more], ClientFingerprint);

        public byte[] NextFuzz(Random random, bool anyFirstByte)
        {
            byte[] seed = datagrams[random.Next(datagrams.Count)];
            byte[] result = random.Next(9) switch
            {
                0 => RandomBytes(random, random.Next(0, 300)),
                1 => FlipBytes(random, seed),
                2 => seed.AsSpan(0, random.Next(seed.Length)).ToArray(),
                3 => RewriteRecordHeader(random, seed),
                4 => RewriteHandshakeHeader(random, seed),
                5 => [.. FlipBytes(random, seed), .. datagrams[random.Next(datagrams.Count)]],
                6 => RecordWithRandomBody(random, seed),
                7 => FlipBytes(random, ClientHello),
                _ => (byte[])seed.Clone(),
            };

            if (result.Length > 0)
            {
                if (anyFirstByte && random.Next(4) == 0)
                {
                    result[0] = (byte)random.Next(256);
                }
                else if (!DtlsDemux.IsDtls(result[0]))
                {
                    result[0] = (byte)random.Next(DtlsDemux.FirstByteMin, DtlsDemux.FirstByteMax + 1);
                }
            }

            return result;
        }

        private static byte[] RandomBytes(Random random, int length)
        {
            byte[] bytes = new byte[length];
            random.NextBytes(bytes);
            return bytes;
        }

        private static byte[] FlipBytes(Random random, byte[] seed)
        {
            byte[] copy = (byte[])seed.Clone();
            int flips = random.Next(1, 9);
            for (int i = 0; i < flips && copy.Length > 0; i++)
            {
                copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
            }

            return copy;
        }

        private static byte[] RewriteRecordHeader(Random random, byte[] seed)
        {
            byte[] copy = (byte[])seed.Clone();
            if (copy.Length < DtlsRecordHeader.Size)
            {
                return copy;
            }

            switch (random.Next(4))
            {
                case 0:
                    BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(3), (ushort)random.Next(3));
                    break;
                case 1:
                    BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(11), (ushort)random.Next(ushort.MaxValue + 1));
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(7), (uint)random.Next());
                    break;
                default:
                    copy[0] = (byte)random.Next(20, 26);
                    break;
            }

            return copy;
        }

        private static byte[] RewriteHandshakeHeader(Random random, byte[] seed)
        {
            byte[] copy = (byte[])seed.Clone();
            const int at = DtlsRecordHeader.Size;
            if (copy.Length < at + 12)
            {
                return copy;
            }

            switch (random.Next(5))
            {
                case 0:
                    copy[at] = (byte)random.Next(25);
                    break;
                case 1:
                    WriteUInt24(copy.AsSpan(at + 1), random.Next(1 << 24));
                    break;
                case 2:
                    BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(at + 4), (ushort)random.Next(8));
                    break;
                case 3:
                    WriteUInt24(copy.AsSpan(at + 6), random.Next(4096));
                    break;
                default:
                    WriteUInt24(copy.AsSpan(at + 9), random.Next(4096));
                    break;
            }

            return copy;
        }

        private static byte[] RecordWithRandomBody(Random random, byte[] seed)
        {
            int length = random.Next(0, 600);
            byte[] record = new byte[DtlsRecordHeader.Size + length];
            seed.AsSpan(0, Math.Min(seed.Length, DtlsRecordHeader.Size)).CopyTo(record);
            BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(11), (ushort)length);
            random.NextBytes(record.AsSpan(DtlsRecordHeader.Size));
            return record;
        }

        private static void WriteUInt24(Span<byte> destination, int value)
        {
            destination[0] = (byte)(value >> 16);
            BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)value);
        }
    }
}
