using System.Buffers.Binary;
using LiveServer.Domain.Livestreams;
using LiveServer.Media.Cmaf;
using LiveServer.Media.Codecs;
using LiveServer.Media.Ivf;
using LiveServer.Media.Tests.Cmaf;
using Xunit.Abstractions;
using static LiveServer.Media.Tests.TestKit.CmafBoxes;
using static LiveServer.Media.Tests.TestKit.Mp4Boxes;

namespace LiveServer.Media.Tests.Fuzz;

/// <summary>
/// Hostile input against the parsers that read what other processes write: IVF streams from
/// FFmpeg's pipes, VP8 frame headers from publishers, and the encoder's fragmented MP4 (the stream
/// reader, the init and fragment parsers). Random, truncated and mutated cases from valid seeds
/// (hand-made boxes and a real FFmpeg output); fixed seeds, so a failure reproduces. Every case is
/// either accepted or refused the documented way (false, null, or InvalidDataException).
/// </summary>
public sealed class MediaParserFuzzTests(ITestOutputHelper output)
{
    // A real encoder output, captured once: 0.6 s of tiny H.264 + AAC in 0.2 s parts.
    private static readonly Lazy<Task<CmafTestClip.Clip>> FfmpegClip = new(() => CmafTestClip.EncodeAsync(
        Rendition.LadderFor(LivestreamConfig.Default with { Quality = Quality.Low })[0], TimeSpan.FromMilliseconds(200), seconds: 0.6, size: "64x36"));

    private static readonly byte[] Vp8Keyframe = [0x50, 0x42, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01, 0x00, 0x00];
    private static readonly byte[] Vp8Interframe = [0x31, 0x07, 0x00, 0x11, 0x22, 0x33];

    [Fact]
    public async Task IvfReader_HostileStreams_ReadFramesOrRefuseAsInvalidData()
    {
        const int Cases = 30_000;
        var random = new Random(7_001);
        var seed = await ValidIvfAsync();
        int complete = 0, truncated = 0, refused = 0;

        for (int i = 0; i < Cases; i++)
        {
            byte[] bytes = (i % 3) switch
            {
                0 => RandomBytes(random, random.Next(0, 200)),
                1 => seed[..random.Next(0, seed.Length)],
                _ => Mutated(random, seed),
            };

            var reader = new IvfReader(new MemoryStream(bytes));
            try
            {
                if (await reader.ReadHeaderAsync(CancellationToken.None) is null)
                {
                    truncated++;
                    continue;
                }

                while (await reader.ReadFrameAsync(CancellationToken.None) is { } frame)
                {
                    Assert.InRange(frame.Payload.Length, 1, IvfReader.MaxFrameSize);
                }

                complete++;
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }

        output.WriteLine($"IVF: read to the end {complete}, too short for a header {truncated}, refused {refused}");
        Assert.Equal(Cases, complete + truncated + refused);
        Assert.True(complete > 0 && truncated > 0 && refused > 0);
    }

    [Fact]
    public void Vp8FrameHeader_HostileFrames_NeverThrowAndOnlyKeyframesHaveASize()
    {
        const int Cases = 200_000;
        var random = new Random(6_386);
        int sized = 0, unsized = 0;

        for (int i = 0; i < Cases; i++)
        {
            var seed = i % 2 == 0 ? Vp8Keyframe : Vp8Interframe;
            byte[] frame = (i % 3) switch
            {
                0 => RandomBytes(random, random.Next(0, 16)),
                1 => seed[..random.Next(0, seed.Length + 1)],
                _ => Mutated(random, seed),
            };

            var keyframe = Vp8FrameHeader.IsKeyframe(frame);
            if (Vp8FrameHeader.TryReadSize(frame, out var width, out var height))
            {
                sized++;
                Assert.True(keyframe);
                Assert.InRange(width, 1, 16_383);
                Assert.InRange(height, 1, 16_383);
            }
            else
            {
                unsized++;
            }
        }

        output.WriteLine($"VP8: sized {sized}, refused {unsized}");
        Assert.True(sized > 0 && unsized > 0);
    }

    [Fact]
    public async Task FragmentedMp4Reader_HostileStreams_ReadFragmentsOrRefuseAsInvalidData()
    {
        const int Cases = 20_000;
        var random = new Random(14_496);
        byte[][] seeds = [HandMadeStream(), (await FfmpegClip.Value).Bytes];
        var streams = new Outcomes();

        for (int i = 0; i < Cases; i++)
        {
            var seed = seeds[i % 2];
            byte[] bytes = (i % 3) switch
            {
                0 => [.. seed[..random.Next(0, seed.Length / 4)], .. RandomBytes(random, random.Next(0, 64))],
                1 => seed[..random.Next(0, seed.Length)],
                _ => MutatedBoxes(random, seed),
            };

            await streams.RunAsync(bytes, async () =>
            {
                await foreach (var fragment in new FragmentedMp4Reader(new MemoryStream(bytes)).ReadAllAsync())
                {
                    Assert.True(fragment.Timescale > 0 && fragment.Bytes.Length >= 16);
                }
            });
        }

        output.WriteLine($"fMP4 streams: {streams}");
        streams.AssertNoneEscaped();
        Assert.True(streams.Accepted > 0 && streams.Refused > 0);
    }

    [Fact]
    public async Task CmafParsers_HostileBoxes_ParseOrRefuseAsInvalidData()
    {
        const int Cases = 60_000;
        var random = new Random(6_381);
        var clip = await FfmpegClip.Value;
        (CmafInit Init, byte[] Fragment)[] seeds =
        [
            (CmafInit.Parse(AudioVideoInit()), AudioVideoFragment(1, 0, 6, keyframe: true)),
            (clip.Init, clip.Fragments[0].Bytes),
            // No mvex: the audio sample entry's esds ends the section.
            (CmafInit.Parse(Concat(Ftyp(), Moov(Trak(1, "soun", 48_000, Mp4a(esFlags: 0xE0, longLengths: true))))),
                Concat(Moof(1, Traf(Tfhd(1, defaultDuration: 1024), Tfdt(0, version: 0), Trun(3))), Mdat(3))),
        ];
        var inits = new Outcomes();
        var fragments = new Outcomes();

        for (int i = 0; i < Cases; i++)
        {
            var (init, fragment) = seeds[i % seeds.Length];
            if (i % 2 == 0)
            {
                var bytes = MutatedBoxes(random, init.Bytes);
                await inits.RunAsync(bytes, () => Assert.NotEmpty(CmafInit.Parse(bytes).Codecs));
            }
            else
            {
                var bytes = MutatedBoxes(random, fragment);
                await fragments.RunAsync(bytes, () => Assert.Equal(init.LeadTrack.Timescale, CmafFragment.Parse(bytes, init).Timescale));
            }
        }

        output.WriteLine($"CMAF inits: {inits}; fragments: {fragments}");
        inits.AssertNoneEscaped();
        fragments.AssertNoneEscaped();
        Assert.True(inits.Accepted > 0 && inits.Refused > 0 && fragments.Accepted > 0 && fragments.Refused > 0);
    }

    private static async Task<byte[]> ValidIvfAsync()
    {
        using var stream = new MemoryStream();
        var writer = new IvfWriter(stream);
        await writer.WriteHeaderAsync(new IvfFileHeader("VP80", 640, 360, 30, 1), CancellationToken.None);
        for (int i = 0; i < 4; i++)
        {
            await writer.WriteFrameAsync(i, i == 0 ? Vp8Keyframe : Vp8Interframe, CancellationToken.None);
        }

        return stream.ToArray();
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    // Bit flips, a random 32-bit value at a random offset (hits length fields), and sometimes a cut.
    private static byte[] Mutated(Random random, byte[] seed)
    {
        var bytes = (byte[])seed.Clone();
        for (int flips = random.Next(1, 4); flips > 0; flips--)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }

        if (bytes.Length >= 4 && random.Next(4) == 0)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(random.Next(bytes.Length - 3)), random.Next(int.MinValue, int.MaxValue));
        }

        return random.Next(4) == 0 ? bytes[..random.Next(bytes.Length + 1)] : bytes;
    }

    // Mutated, and often a small or boundary big-endian number written where a box size or count may be.
    private static byte[] MutatedBoxes(Random random, byte[] seed)
    {
        var bytes = Mutated(random, seed);
        for (int writes = random.Next(0, 3); writes > 0 && bytes.Length >= 4; writes--)
        {
            uint[] interesting = [0, 1, 7, 8, 15, 16, (uint)random.Next(0, 64), 0x7FFF_FFFF, 0xFFFF_FFFF];
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(random.Next(bytes.Length - 3)), interesting[random.Next(interesting.Length)]);
        }

        return bytes;
    }

    // The hand-made boxes with every optional path a seed can carry: skipped boxes, a 64-bit mdat, tfdt v0.
    private static byte[] HandMadeStream() => Concat(
        AudioVideoInit(),
        Box("styp", Type("msdh")),
        AudioVideoFragment(1, 0, 6, keyframe: true),
        Box("free", Zeros(3)),
        Moof(2, Traf(Tfhd(1, defaultDuration: 512, defaultFlags: NonSyncFlags), Tfdt(3072, version: 0), Trun(2, firstSampleFlags: SyncFlags))),
        LargeBox("mdat", Zeros(2)),
        AudioVideoFragment(3, 4096, 6, keyframe: false));

    /// <summary>
    /// Counts of inputs accepted and refused with InvalidDataException; any other exception is kept
    /// with the shortest input that raised its type, so a failure shows an input to reproduce it.
    /// </summary>
    private sealed class Outcomes
    {
        private readonly Dictionary<Type, (Exception Error, byte[] Input, int Count)> _escaped = [];

        public int Accepted { get; private set; }

        public int Refused { get; private set; }

        public async Task RunAsync(byte[] input, Func<Task> parse)
        {
            try
            {
                await parse();
                Accepted++;
            }
            catch (InvalidDataException)
            {
                Refused++;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                var count = _escaped.TryGetValue(e.GetType(), out var kept) ? kept.Count + 1 : 1;
                _escaped[e.GetType()] = count > 1 && kept.Input.Length <= input.Length ? kept with { Count = count } : (e, input, count);
            }
        }

        public Task RunAsync(byte[] input, Action parse) => RunAsync(input, () =>
        {
            parse();
            return Task.CompletedTask;
        });

        public void AssertNoneEscaped() => Assert.True(
            _escaped.Count == 0,
            string.Join(
                Environment.NewLine,
                _escaped.Values.Select(e => $"{e.Count} x {e.Error.GetType().Name}: {e.Error.Message} ({e.Error.StackTrace?.Split('\n').FirstOrDefault()?.Trim()}); shortest input {Convert.ToHexString(e.Input)}")));

        public override string ToString() => $"accepted {Accepted}, refused {Refused}, other exceptions {_escaped.Values.Sum(e => e.Count)}";
    }
}
