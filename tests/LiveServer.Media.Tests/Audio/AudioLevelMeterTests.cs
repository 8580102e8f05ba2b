using LiveServer.Media.Audio;

namespace LiveServer.Media.Tests.Audio;

public sealed class AudioLevelMeterTests
{
    private static short[] Sine(double amplitude, int samples = 1_920) =>
        [.. Enumerable.Range(0, samples).Select(i => (short)Math.Round(amplitude * 32_767 * Math.Sin(2 * Math.PI * 440 * (i / 2) / 48_000.0)))];

    [Fact]
    public void Measure_DigitalSilence_127()
    {
        Assert.Equal(AudioLevelMeter.Silence, AudioLevelMeter.Measure(new short[1_920]));
    }

    [Fact]
    public void Measure_Empty_127()
    {
        Assert.Equal(AudioLevelMeter.Silence, AudioLevelMeter.Measure([]));
    }

    [Fact]
    public void Measure_FullScaleSquare_0()
    {
        short[] square = [.. Enumerable.Range(0, 1_920).Select(i => i % 100 < 50 ? short.MaxValue : (short)-short.MaxValue)];

        Assert.Equal(0, AudioLevelMeter.Measure(square));
    }

    [Theory]
    [InlineData(1.0, 3)]
    [InlineData(0.25, 15)]
    [InlineData(0.01, 43)]
    [InlineData(0.001, 63)]
    public void Measure_Sine_RmsInMinusDbov(double amplitude, int expected)
    {
        Assert.Equal(expected, AudioLevelMeter.Measure(Sine(amplitude)));
    }

    [Fact]
    public void Measure_OneLsbOfNoise_ClampedTo127OrBelow()
    {
        short[] tiny = [.. Enumerable.Range(0, 1_920).Select(i => (short)(i % 2))];

        Assert.InRange(AudioLevelMeter.Measure(tiny), 90, 127);
    }

    [Fact]
    public void Level_New_Silence()
    {
        Assert.Equal(AudioLevelMeter.Silence, new AudioLevelMeter().Level);
    }

    [Fact]
    public void Add_LoudPackets_LevelRisesWithinAFewPackets()
    {
        var meter = new AudioLevelMeter();

        for (var i = 0; i < 6; i++)
        {
            meter.Add(20);
        }

        Assert.InRange(meter.Level, 20, 22);
        Assert.Equal(6, meter.Measurements);
    }

    [Fact]
    public void Add_OneQuietPacketInSpeech_LevelStaysSpeech()
    {
        var meter = new AudioLevelMeter();
        for (var i = 0; i < 10; i++)
        {
            meter.Add(20);
        }

        meter.Add(127);

        Assert.InRange(meter.Level, 20, 40);
    }

    [Fact]
    public void Add_LongSilenceAfterSpeech_LevelFallsToSilence()
    {
        var meter = new AudioLevelMeter();
        for (var i = 0; i < 10; i++)
        {
            meter.Add(20);
        }

        for (var i = 0; i < 100; i++)
        {
            meter.Add(127);
        }

        Assert.InRange(meter.Level, 125, 127);
    }

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(300, 127)]
    public void Add_OutOfRange_Clamped(int level, int expected)
    {
        var meter = new AudioLevelMeter();

        for (var i = 0; i < 100; i++)
        {
            meter.Add(level);
        }

        Assert.Equal(expected, meter.Level);
    }

    [Fact]
    public void Sample_NewPacketsEachTime_FollowsTheLevel()
    {
        var meter = new AudioLevelMeter();
        var samples = new List<int>();

        for (var i = 0; i < 10; i++)
        {
            meter.Add(30);
            meter.Add(30);
            samples.Add(meter.Sample());
        }

        Assert.Equal(samples.Order(Comparer<int>.Create((x, y) => y.CompareTo(x))), samples);
        Assert.Equal(30, samples[^1]);
    }

    [Fact]
    public void Sample_NoPacketsForStaleCount_Silence()
    {
        var meter = new AudioLevelMeter();
        for (var i = 0; i < 10; i++)
        {
            meter.Add(20);
        }

        var samples = Enumerable.Range(0, AudioLevelMeter.StaleAfterSamples + 1).Select(_ => meter.Sample()).ToList();

        Assert.All(samples[..AudioLevelMeter.StaleAfterSamples], s => Assert.Equal(20, s));
        Assert.Equal(AudioLevelMeter.Silence, samples[^1]);
    }

    [Fact]
    public void Sample_PacketsResumeAfterStale_TheLevelAgain()
    {
        var meter = new AudioLevelMeter();
        meter.Add(20);
        for (var i = 0; i < 10; i++)
        {
            meter.Sample();
        }

        meter.Add(20);

        Assert.NotEqual(AudioLevelMeter.Silence, meter.Sample());
    }
}
