using System.Buffers.Binary;
using System.Text;
using LiveServer.Media.Codecs;
using LiveServer.Media.Encoding;
using LiveServer.Media.Ivf;
using Xunit.Abstractions;

namespace LiveServer.Media.Tests.Fuzz;

/// <summary>
/// Hostile input against the parsers that read what other processes write: IVF streams from
/// FFmpeg's pipes, VP8 frame headers from publishers, and FFmpeg's segment list lines. Random,
/// truncated and mutated cases from valid seeds; fixed seeds, so a failure reproduces. Every case
/// is either accepted or refused the documented way (false, null, or InvalidDataException).
/// </summary>
public sealed class MediaParserFuzzTests(ITestOutputHelper output)
{
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
    public void SegmentListEntry_HostileLines_ParseOnlyWellFormedEntries()
    {
        const int Cases = 200_000;
        var random = new Random(8_216);
        string[] seeds = ["seg_00001.ts,2.000000,4.000000", "seg_123456789.ts,0,2.021", "seg_00042.ts,84.0,86.0"];
        const string Alphabet = "seg_0123456789.ts,-+eE/\\ \t\r\nNaInfity\0é";
        int parsed = 0, refused = 0;

        for (int i = 0; i < Cases; i++)
        {
            string line;
            if (i % 2 == 0)
            {
                var chars = seeds[random.Next(seeds.Length)].ToCharArray();
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                {
                    chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
                }

                line = new string(chars, 0, random.Next(chars.Length / 2, chars.Length + 1));
            }
            else
            {
                var builder = new StringBuilder();
                for (int n = random.Next(0, 40); n > 0; n--)
                {
                    builder.Append(Alphabet[random.Next(Alphabet.Length)]);
                }

                line = builder.ToString();
            }

            if (SegmentListEntry.TryParse(line, out var entry))
            {
                parsed++;
                Assert.StartsWith("seg_", entry.FileName, StringComparison.Ordinal);
                Assert.EndsWith(".ts", entry.FileName, StringComparison.Ordinal);
                Assert.True(double.IsFinite(entry.Start) && double.IsFinite(entry.End) && entry.End >= entry.Start);
                Assert.True(entry.Duration >= TimeSpan.Zero);
            }
            else
            {
                refused++;
            }
        }

        output.WriteLine($"segment list: parsed {parsed}, refused {refused}");
        Assert.True(parsed > 0 && refused > 0);
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
}
