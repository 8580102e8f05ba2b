using LiveServer.Media.TestSources;

namespace LiveServer.Media.Tests.TestSources;

public sealed class SpeechScheduleTests
{
    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Theory]
    [InlineData(0, true)]
    [InlineData(3_999, true)]
    [InlineData(4_000, false)]
    [InlineData(7_999, false)]
    [InlineData(8_000, true)]
    [InlineData(12_500, false)]
    public void IsTalking_NoOffset_TalkThenSilenceRepeating(int at, bool talking)
    {
        var schedule = new SpeechSchedule(Ms(4_000), Ms(4_000), TimeSpan.Zero);

        Assert.Equal(talking, schedule.IsTalking(Ms(at)));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(3_999, false)]
    [InlineData(4_000, true)]
    [InlineData(7_999, true)]
    [InlineData(8_000, false)]
    [InlineData(12_000, true)]
    public void IsTalking_OffsetOneTalkPeriod_StartsSilentThenAlternatesWithTheOther(int at, bool talking)
    {
        var schedule = new SpeechSchedule(Ms(4_000), Ms(4_000), Ms(4_000));

        Assert.Equal(talking, schedule.IsTalking(Ms(at)));
    }

    [Fact]
    public void IsTalking_OffsetBeyondAPeriod_ScheduleRunsBeforeIt()
    {
        var schedule = new SpeechSchedule(Ms(1_000), Ms(2_000), Ms(10_000));

        Assert.True(schedule.IsTalking(Ms(1_500)));
        Assert.False(schedule.IsTalking(Ms(2_500)));
        Assert.True(schedule.IsTalking(Ms(10_000)));
    }

    [Fact]
    public void IsTalking_NoSilence_AlwaysTalking()
    {
        var schedule = new SpeechSchedule(Ms(500), TimeSpan.Zero, Ms(200));

        Assert.All(Enumerable.Range(0, 100), i => Assert.True(schedule.IsTalking(Ms(i * 37))));
    }

    [Fact]
    public void IsTalking_NoTalk_NeverTalking()
    {
        var schedule = new SpeechSchedule(TimeSpan.Zero, Ms(500), TimeSpan.Zero);

        Assert.All(Enumerable.Range(0, 100), i => Assert.False(schedule.IsTalking(Ms(i * 37))));
    }

    [Fact]
    public void IsTalking_EmptyPeriod_NeverTalking()
    {
        Assert.False(new SpeechSchedule(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero).IsTalking(Ms(100)));
    }
}
