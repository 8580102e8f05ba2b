using LiveServer.Media.Audio;

namespace LiveServer.Media.Tests.Audio;

public sealed class PcmJitterBufferTests
{
    /// <summary>Interleaved samples (ints) in 20 ms of 48 kHz stereo.</summary>
    private const int ChunkSamples = 960 * 2;

    private static short[] Constant(int frames, short value) => Enumerable.Repeat(value, frames * 2).ToArray();

    private static int[] Read(PcmJitterBuffer buffer, int samples = ChunkSamples)
    {
        var destination = new int[samples];
        buffer.MixInto(destination);
        return destination;
    }

    [Fact]
    public void MixInto_LessThanPrime_SilenceAndNothingConsumed()
    {
        var buffer = new PcmJitterBuffer();
        buffer.Write(Constant(PcmJitterBuffer.PrimeSamples - 1, 1000));

        var output = Read(buffer);

        Assert.All(output, s => Assert.Equal(0, s));
        Assert.Equal(PcmJitterBuffer.PrimeSamples - 1, buffer.Buffered);
        Assert.Equal(0, buffer.UnderrunSamples);
    }

    [Fact]
    public void MixInto_Primed_PlaysTheSamples()
    {
        var buffer = new PcmJitterBuffer();
        buffer.Write(Constant(PcmJitterBuffer.PrimeSamples - 1, 1000));
        Read(buffer);

        buffer.Write(Constant(1, 1000));
        var output = Read(buffer);

        Assert.All(output, s => Assert.Equal(1000, s));
        Assert.Equal(PcmJitterBuffer.PrimeSamples - 960, buffer.Buffered);
    }

    [Fact]
    public void PrimeSamples_Is60Milliseconds()
    {
        Assert.Equal(48_000 * 60 / 1000, PcmJitterBuffer.PrimeSamples);
        Assert.Equal(48_000 * 200 / 1000, PcmJitterBuffer.MaxLatencySamples);
    }

    [Fact]
    public void MixInto_Destination_AddsToWhatIsThere()
    {
        var buffer = new PcmJitterBuffer();
        buffer.Write(Constant(PcmJitterBuffer.PrimeSamples, 1000));
        var destination = Enumerable.Repeat(5, ChunkSamples).ToArray();

        buffer.MixInto(destination);

        Assert.All(destination, s => Assert.Equal(1005, s));
    }

    [Fact]
    public void MixInto_RunsDry_RestIsSilenceAndUnderrunCounted()
    {
        var buffer = new PcmJitterBuffer();
        buffer.Write(Constant(PcmJitterBuffer.PrimeSamples + 480, 1000));
        for (var i = 0; i < 3; i++)
        {
            Assert.All(Read(buffer), s => Assert.Equal(1000, s));
        }

        var last = Read(buffer);

        Assert.All(last[..960], s => Assert.Equal(1000, s));
        Assert.All(last[960..], s => Assert.Equal(0, s));
        Assert.Equal(480, buffer.UnderrunSamples);
        Assert.Equal(0, buffer.Buffered);
    }

    [Fact]
    public void MixInto_AfterUnderrun_WaitsForPrimeAgain()
    {
        var buffer = new PcmJitterBuffer();
        buffer.Write(Constant(PcmJitterBuffer.PrimeSamples, 1000));
        for (var i = 0; i < 4; i++)
        {
            Read(buffer);
        }

        buffer.Write(Constant(960, 2000));
        var whilePriming = Read(buffer);
        buffer.Write(Constant(PcmJitterBuffer.PrimeSamples - 960, 2000));
        var afterPrime = Read(buffer);

        Assert.All(whilePriming, s => Assert.Equal(0, s));
        Assert.All(afterPrime, s => Assert.Equal(2000, s));
    }

    [Fact]
    public void Write_PastMaxLatency_DropsOldestAndCounts()
    {
        var buffer = new PcmJitterBuffer();
        var frames = 12_000;
        var samples = new short[frames * 2];
        for (var i = 0; i < frames; i++)
        {
            samples[2 * i] = (short)i;
            samples[(2 * i) + 1] = (short)-i;
        }

        buffer.Write(samples);
        var output = Read(buffer);

        Assert.Equal(frames - PcmJitterBuffer.MaxLatencySamples, buffer.DroppedSamples);
        Assert.Equal(PcmJitterBuffer.MaxLatencySamples - 960, buffer.Buffered);
        Assert.Equal(2400, output[0]);
        Assert.Equal(-2400, output[1]);
        Assert.Equal(2400 + 959, output[^2]);
    }

    [Fact]
    public void Write_ManySmallWritesPastMaxLatency_KeepsNewest()
    {
        var buffer = new PcmJitterBuffer();
        for (var chunk = 0; chunk < 20; chunk++)
        {
            buffer.Write(Constant(960, (short)chunk));
        }

        var output = Read(buffer);

        Assert.Equal(PcmJitterBuffer.MaxLatencySamples, buffer.Buffered + 960);
        Assert.Equal(20 * 960 - PcmJitterBuffer.MaxLatencySamples, buffer.DroppedSamples);
        Assert.All(output, s => Assert.Equal(10, s));
    }

    [Fact]
    public void Write_LargerThanTheRing_KeepsTheNewestMaxLatency()
    {
        var buffer = new PcmJitterBuffer();
        var frames = 25_000;
        var samples = new short[frames * 2];
        for (var i = 0; i < frames; i++)
        {
            samples[2 * i] = (short)(i % 30_000);
        }

        buffer.Write(samples);
        var output = Read(buffer);

        Assert.Equal(PcmJitterBuffer.MaxLatencySamples - 960, buffer.Buffered);
        Assert.Equal(frames - PcmJitterBuffer.MaxLatencySamples, output[0]);
    }

    [Fact]
    public void MixInto_SteadyStateAcrossRingWrap_SamplesInOrder()
    {
        var buffer = new PcmJitterBuffer();
        var next = 0;
        short[] Chunk()
        {
            var chunk = new short[ChunkSamples];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (short)(next++ % 20_000);
            }

            return chunk;
        }

        for (var i = 0; i < 3; i++)
        {
            buffer.Write(Chunk());
        }

        var expected = 0;
        for (var round = 0; round < 60; round++)
        {
            var output = Read(buffer);
            buffer.Write(Chunk());
            foreach (var sample in output)
            {
                Assert.Equal(expected++ % 20_000, sample);
            }
        }

        Assert.Equal(0, buffer.UnderrunSamples);
        Assert.Equal(0, buffer.DroppedSamples);
    }
}
