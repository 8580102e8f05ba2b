using LiveServer.Media.Audio;

namespace LiveServer.Media.Tests.Audio;

public sealed class SpeakerDetectorTests
{
    private const int Loud = 20;
    private const int Louder = 12;
    private const int Quiet = 127;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    /// <summary>Drives a detector at 100 ms samples from a level function and records each change with its time.</summary>
    private sealed class Run(SpeakerDetector detector, params string[] participants)
    {
        public TimeSpan Now { get; private set; }

        public List<(TimeSpan At, string Speaker)> Changes { get; } = [];

        public void For(TimeSpan duration, Func<string, int> level)
        {
            var end = Now + duration;
            while (Now < end)
            {
                var levels = participants.Select(p => new ParticipantLevel(p, level(p))).ToArray();
                if (detector.Update(Now, levels))
                {
                    Changes.Add((Now, detector.ActiveSpeaker!));
                }

                Now += Step;
            }
        }

        public void Talking(string speaker, TimeSpan duration) => For(duration, p => p == speaker ? Loud : Quiet);

        public void Silence(TimeSpan duration) => For(duration, _ => Quiet);
    }

    private static TimeSpan Ms(int milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    [Fact]
    public void Update_NewVoiceForNearlyASecond_NoSpeakerYet()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");

        run.Talking("a", Ms(900));

        Assert.Null(detector.ActiveSpeaker);
        Assert.Empty(run.Changes);
    }

    [Fact]
    public void Update_NewVoiceForASecond_TakesTheFloorOnce()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");

        run.Talking("a", Ms(3000));

        Assert.Equal("a", detector.ActiveSpeaker);
        var change = Assert.Single(run.Changes);
        Assert.Equal((Ms(1000), "a"), change);
    }

    [Fact]
    public void Update_OtherVoiceDominatesForASecond_TakesOverFromSpeaker()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("a", Ms(2000));

        run.Talking("b", Ms(2000));

        Assert.Equal("b", detector.ActiveSpeaker);
        Assert.Equal([(Ms(1000), "a"), (Ms(3000), "b")], run.Changes);
    }

    [Fact]
    public void Update_TakeOverTimeConfigured_Honoured()
    {
        var detector = new SpeakerDetector(new SpeakerDetectorOptions { TakeOverTime = Ms(2500) });
        var run = new Run(detector, "a");

        run.Talking("a", Ms(2400));
        Assert.Null(detector.ActiveSpeaker);
        run.Talking("a", Ms(200));

        Assert.Equal([(Ms(2500), "a")], run.Changes);
    }

    [Fact]
    public void Update_TwoVoicesAlternateQuickly_SpeakerKeepsTheFloor()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("a", Ms(1500));

        for (var turn = 0; turn < 20; turn++)
        {
            run.Talking(turn % 2 == 0 ? "b" : "a", Ms(600));
        }

        Assert.Equal("a", detector.ActiveSpeaker);
        Assert.Single(run.Changes);
    }

    [Fact]
    public void Update_SpeakerLouderThanCandidateWhileBothTalk_CandidateResets()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("a", Ms(1500));

        // b is louder for 0.8 s, then a for 0.3 s, then b again for 0.8 s: b never dominates a whole second.
        run.For(Ms(800), p => p == "b" ? Louder : Loud);
        run.For(Ms(300), p => p == "a" ? Louder : Loud);
        run.For(Ms(800), p => p == "b" ? Louder : Loud);

        Assert.Equal("a", detector.ActiveSpeaker);
    }

    [Fact]
    public void Update_BothTalkAndOtherIsLouderForASecond_OtherTakesOver()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("a", Ms(1500));

        run.For(Ms(1200), p => p == "b" ? Louder : Loud);

        Assert.Equal("b", detector.ActiveSpeaker);
    }

    [Fact]
    public void Update_EveryoneSilent_KeepsLastSpeaker()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("b", Ms(1500));

        run.Silence(TimeSpan.FromSeconds(30));

        Assert.Equal("b", detector.ActiveSpeaker);
        Assert.Single(run.Changes);
    }

    [Fact]
    public void Update_QuietButAudibleUnderThreshold_NotSpeech()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a");

        run.For(Ms(3000), _ => 60);

        Assert.Null(detector.ActiveSpeaker);
    }

    [Fact]
    public void Update_ThresholdConfigured_LevelAtThresholdIsSpeech()
    {
        var detector = new SpeakerDetector(new SpeakerDetectorOptions { SpeechThresholdDbov = 60 });
        var run = new Run(detector, "a");

        run.For(Ms(1500), _ => 60);

        Assert.Equal("a", detector.ActiveSpeaker);
    }

    [Fact]
    public void Update_CandidatePausesBrieflyBetweenWords_PauseDoesNotResetIt()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("a", Ms(1500));
        run.Silence(Ms(500));

        run.Talking("b", Ms(500));
        run.Silence(Ms(300));
        run.Talking("b", Ms(600));

        Assert.Equal("b", detector.ActiveSpeaker);
    }

    [Fact]
    public void Update_CandidatePausesLongerThanTolerance_StartsOver()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("a", Ms(1500));

        run.Talking("b", Ms(700));
        run.Silence(Ms(2000));
        run.Talking("b", Ms(700));

        Assert.Equal("a", detector.ActiveSpeaker);
    }

    [Fact]
    public void Update_ParticipantMissingFromSample_CountsAsSilent()
    {
        var detector = new SpeakerDetector();

        for (var t = 0; t <= 2000; t += 100)
        {
            detector.Update(Ms(t), [new ParticipantLevel("a", Quiet)]);
        }

        Assert.Null(detector.ActiveSpeaker);
    }

    [Fact]
    public void Update_EqualLevels_SpeakerKeepsTheFloor()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("b", Ms(1500));

        run.For(Ms(5000), _ => Loud);

        Assert.Equal("b", detector.ActiveSpeaker);
    }

    [Fact]
    public void Remove_ActiveSpeaker_FloorEmptyAndDroppedFromRecency()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("a", Ms(1500));
        run.Talking("b", Ms(1500));

        Assert.True(detector.Remove("b"));

        Assert.Null(detector.ActiveSpeaker);
        Assert.Equal(["a"], detector.RecentSpeakers);
    }

    [Fact]
    public void Remove_NotTheSpeaker_SpeakerStays()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("a", Ms(1500));
        run.Talking("b", Ms(1500));

        Assert.False(detector.Remove("a"));

        Assert.Equal("b", detector.ActiveSpeaker);
        Assert.Equal(["b"], detector.RecentSpeakers);
    }

    [Fact]
    public void Remove_Candidate_ItsTimeIsForgotten()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("a", Ms(1500));
        run.Talking("b", Ms(700));

        detector.Remove("b");
        run.Talking("b", Ms(500));

        Assert.Equal("a", detector.ActiveSpeaker);
    }

    [Fact]
    public void RecentSpeakers_SeveralTurns_MostRecentFirstEachOnce()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b", "c");

        run.Talking("a", Ms(1500));
        run.Talking("b", Ms(1500));
        run.Talking("c", Ms(1500));
        run.Talking("a", Ms(1500));

        Assert.Equal(["a", "c", "b"], detector.RecentSpeakers);
        Assert.Equal(["a", "b", "c", "a"], run.Changes.Select(c => c.Speaker));
    }

    [Fact]
    public void RecentSpeakers_NeverSpoken_Empty()
    {
        var detector = new SpeakerDetector();

        new Run(detector, "a").Silence(Ms(2000));

        Assert.Empty(detector.RecentSpeakers);
    }

    [Theory]
    [InlineData(-1, 1000, 500)]
    [InlineData(128, 1000, 500)]
    [InlineData(50, -1, 500)]
    [InlineData(50, 1000, -1)]
    public void Constructor_InvalidOptions_Throws(int threshold, int takeOverMs, int pauseMs)
    {
        var options = new SpeakerDetectorOptions
        {
            SpeechThresholdDbov = threshold,
            TakeOverTime = Ms(takeOverMs),
            PauseTolerance = Ms(pauseMs),
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new SpeakerDetector(options));
    }

    [Fact]
    public void Update_EquallyLoudVoicesWobbling_OneTakesTheFloorAndKeepsIt()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b", "c");

        // Three voices at the same level, each wobbling by a decibel as a codec's measurement does,
        // so that the strictly loudest changes at every sample.
        run.For(Ms(6000), p => Loud + (((int)(run.Now.TotalMilliseconds / 100) + p[0]) % 3) - 1);

        var change = Assert.Single(run.Changes);
        Assert.InRange(change.At, Ms(900), Ms(1500));
    }

    [Fact]
    public void Update_ChallengerClearlyLouder_TakesTheFloorDespiteTheMargin()
    {
        var detector = new SpeakerDetector();
        var run = new Run(detector, "a", "b");
        run.Talking("a", Ms(2000));

        run.For(Ms(2000), p => p == "a" ? Loud : Loud - SpeakerDetector.TieMarginDb - 4);

        Assert.Equal(["a", "b"], run.Changes.Select(c => c.Speaker));
    }
}
