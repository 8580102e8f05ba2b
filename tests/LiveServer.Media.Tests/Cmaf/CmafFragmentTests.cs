using LiveServer.Media.Cmaf;
using static LiveServer.Media.Tests.TestKit.CmafBoxes;
using static LiveServer.Media.Tests.TestKit.Mp4Boxes;

namespace LiveServer.Media.Tests.Cmaf;

/// <summary>
/// A movie fragment's lead-track timing (ISO/IEC 14496-12 section 8.8): start from tfdt v0/v1,
/// length from trun durations or the tfhd or trex default, and whether it starts with a sync sample
/// from first_sample_flags, per-sample flags or the defaults, in that order.
/// </summary>
public sealed class CmafFragmentTests
{
    private static readonly CmafTrack Video = new(1, true, VideoTimescale, "avc1.4d401f", FrameTicks, NonSyncFlags);
    private static readonly CmafTrack Audio = new(2, false, 48_000, "mp4a.40.2", AacFrameTicks, 0);
    private static readonly CmafInit AudioVideo = new([], [Video, Audio]);

    public static TheoryData<uint?, uint?, uint?, uint, bool> FlagSources => new()
    {
        // first_sample_flags, first per-sample flags, tfhd default, trex default → independent
        { SyncFlags, NonSyncFlags, NonSyncFlags, NonSyncFlags, true },
        { NonSyncFlags, SyncFlags, SyncFlags, SyncFlags, false },
        { null, SyncFlags, NonSyncFlags, NonSyncFlags, true },
        { null, NonSyncFlags, SyncFlags, SyncFlags, false },
        { null, null, SyncFlags, NonSyncFlags, true },
        { null, null, NonSyncFlags, SyncFlags, false },
        { null, null, null, NonSyncFlags, false },
        { null, null, null, SyncFlags, true },
        { null, null, null, 0, true },
        { 0x0001_0000, null, null, 0, false }, // the non-sync bit alone
        { 0xFFFE_FFFF, null, null, 0, true }, // every other bit
    };

    [Fact]
    public void Parse_AudioAndVideo_VideoTimingAndKeyframe()
    {
        var bytes = AudioVideoFragment(3, 20ul * FrameTicks * 6, 6, keyframe: true);

        var fragment = CmafFragment.Parse(bytes, AudioVideo);

        Assert.Same(bytes, fragment.Bytes);
        Assert.Equal((20ul * FrameTicks * 6, 6ul * FrameTicks, VideoTimescale, true), (fragment.Start, fragment.Duration, fragment.Timescale, fragment.Independent));
        Assert.Equal(TimeSpan.FromSeconds(4), fragment.StartTime);
        Assert.Equal(TimeSpan.FromSeconds(0.2), fragment.DurationTime);
    }

    [Fact]
    public void Parse_VideoTrafAfterAudioTraf_TheVideoTrafLeads()
    {
        var audio = Traf(Tfhd(2), Tfdt(96_000), Trun(3, [1024, 1024, 1024], [SyncFlags, SyncFlags, SyncFlags]));
        var video = Traf(Tfhd(1), Tfdt(30_720), Trun(2, [512, 512], [NonSyncFlags, NonSyncFlags]));

        var fragment = CmafFragment.Parse(Concat(Moof(1, audio, video), Mdat(5)), AudioVideo);

        Assert.Equal((30_720ul, 1024ul, VideoTimescale, false), (fragment.Start, fragment.Duration, fragment.Timescale, fragment.Independent));
    }

    [Theory]
    [InlineData(0, 0xFFFF_FFFFul)]
    [InlineData(1, 0x1_0000_0005ul)]
    public void Parse_TfdtVersion_StartIsBaseMediaDecodeTime(byte version, ulong decodeTime)
    {
        var moof = Moof(1, Traf(Tfhd(1), Tfdt(decodeTime, version), Trun(1, [512])));

        Assert.Equal(decodeTime, CmafFragment.Parse(Concat(moof, Mdat(1)), AudioVideo).Start);
    }

    [Fact]
    public void Parse_PerSampleDurations_DurationIsTheirSum()
    {
        var moof = Moof(1, Traf(Tfhd(1, defaultDuration: 9_999), Tfdt(0), Trun(3, [500, 512, 524])));

        Assert.Equal(1536ul, CmafFragment.Parse(Concat(moof, Mdat(3)), AudioVideo).Duration);
    }

    [Fact]
    public void Parse_NoPerSampleDurations_TfhdDefaultDuration()
    {
        var moof = Moof(1, Traf(Tfhd(1, defaultDuration: 600), Tfdt(0), Trun(4)));

        Assert.Equal(2400ul, CmafFragment.Parse(Concat(moof, Mdat(4)), AudioVideo).Duration);
    }

    [Fact]
    public void Parse_NoDurationInTrunOrTfhd_TrexDefaultDuration()
    {
        var moof = Moof(1, Traf(Tfhd(1), Tfdt(0), Trun(5)));

        Assert.Equal(5ul * FrameTicks, CmafFragment.Parse(Concat(moof, Mdat(5)), AudioVideo).Duration);
    }

    [Fact]
    public void Parse_TfhdWithEveryOptionalField_DefaultsReadFromTheirPlaces()
    {
        var tfhd = Tfhd(1, defaultDuration: 700, defaultFlags: SyncFlags, baseDataOffset: true, descriptionIndex: true, defaultSize: 0x0101_0000);
        var moof = Moof(1, Traf(tfhd, Tfdt(0), Trun(2)));

        var fragment = CmafFragment.Parse(Concat(moof, Mdat(2)), AudioVideo);

        Assert.Equal((1400ul, true), (fragment.Duration, fragment.Independent));
    }

    [Fact]
    public void Parse_SeveralTruns_DurationsAddUpAndTheFirstSampleDecides()
    {
        var traf = Traf(Tfhd(1), Tfdt(0), Trun(2, [512, 512], [SyncFlags, NonSyncFlags]), Trun(3, [510, 510, 510], [NonSyncFlags, SyncFlags, NonSyncFlags]));

        var fragment = CmafFragment.Parse(Concat(Moof(1, traf), Mdat(5)), AudioVideo);

        Assert.Equal((2554ul, true), (fragment.Duration, fragment.Independent));
    }

    [Fact]
    public void Parse_EveryPerSampleField_FlagsReadBetweenSizeAndCompositionOffset()
    {
        // Were the flags read from the size (1) or the composition offset (1024), the sample would look like a sync sample.
        var trun = Trun(2, [512, 256], [NonSyncFlags, SyncFlags], sizes: true, compositionOffsets: true);

        var fragment = CmafFragment.Parse(Concat(Moof(1, Traf(Tfhd(1, defaultFlags: SyncFlags), Tfdt(0), trun)), Mdat(2)), AudioVideo);

        Assert.Equal((768ul, false), (fragment.Duration, fragment.Independent));
    }

    [Theory]
    [MemberData(nameof(FlagSources))]
    public void Parse_FirstSampleFlags_FirstSampleFlagsThenPerSampleThenTfhdThenTrex(
        uint? firstSampleFlags, uint? perSampleFlags, uint? tfhdFlags, uint trexFlags, bool independent)
    {
        var init = new CmafInit([], [Video with { DefaultSampleFlags = trexFlags }]);
        var trun = Trun(2, [512, 512], perSampleFlags is { } first ? [first, NonSyncFlags] : null, firstSampleFlags);
        var moof = Moof(1, Traf(Tfhd(1, defaultFlags: tfhdFlags), Tfdt(0), trun));

        Assert.Equal(independent, CmafFragment.Parse(Concat(moof, Mdat(2)), init).Independent);
    }

    [Fact]
    public void Parse_AudioLead_IndependentWhateverTheFlags()
    {
        var init = new CmafInit([], [Audio]);
        var moof = Moof(1, Traf(Tfhd(2, defaultFlags: NonSyncFlags), Tfdt(48_000), Trun(9, flags: Enumerable.Repeat(NonSyncFlags, 9).ToArray(), firstSampleFlags: NonSyncFlags)));

        var fragment = CmafFragment.Parse(Concat(moof, Mdat(9)), init);

        Assert.Equal((48_000ul, 9ul * 1024, 48_000u, true), (fragment.Start, fragment.Duration, fragment.Timescale, fragment.Independent));
        Assert.Equal(TimeSpan.FromSeconds(0.192), fragment.DurationTime);
    }

    [Fact]
    public void Parse_NotAMoof_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => CmafFragment.Parse(Concat(Mdat(4), Moof(1, Traf(Tfhd(1), Tfdt(0), Trun(1))))[..12], AudioVideo));
        Assert.Throws<InvalidDataException>(() => CmafFragment.Parse(Zeros(4), AudioVideo));
    }

    [Fact]
    public void Parse_NoTrafOfTheLeadTrack_InvalidData()
    {
        var moof = Moof(1, Traf(Tfhd(2), Tfdt(0), Trun(1, [1024])));

        var error = Assert.Throws<InvalidDataException>(() => CmafFragment.Parse(Concat(moof, Mdat(1)), AudioVideo));

        Assert.Contains("track 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoTrunOrEmptyTrun_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => CmafFragment.Parse(Concat(Moof(1, Traf(Tfhd(1), Tfdt(0))), Mdat(1)), AudioVideo));
        Assert.Throws<InvalidDataException>(() => CmafFragment.Parse(Concat(Moof(1, Traf(Tfhd(1), Tfdt(0), Trun(0))), Mdat(1)), AudioVideo));
    }

    [Fact]
    public void Parse_NoTfdtOrNoTfhd_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => CmafFragment.Parse(Concat(Moof(1, Traf(Tfhd(1), Trun(1))), Mdat(1)), AudioVideo));
        Assert.Throws<InvalidDataException>(() => CmafFragment.Parse(Concat(Moof(1, Traf(Tfdt(0), Trun(1))), Mdat(1)), AudioVideo));
    }

    public static TheoryData<string, uint, byte[]> HugeTimes => new()
    {
        { "tfdt of 2^64-1", VideoTimescale, Traf(Tfhd(1), Tfdt(ulong.MaxValue), Trun(1, [512])) },
        { "300 samples of 2^32-1 at timescale 1", 1, Traf(Tfhd(1), Tfdt(0), Trun(300, Enumerable.Repeat(uint.MaxValue, 300).ToArray())) },
    };

    [Theory]
    [MemberData(nameof(HugeTimes))]
    public void Parse_TimesBeyondTimeSpan_RefusedOrUsable(string what, uint timescale, byte[] traf)
    {
        var init = new CmafInit([], [Video with { Timescale = timescale }]);

        // The encoder stamps every fragment it reads with StartTime; it expects InvalidDataException or a time.
        var error = Record.Exception(() =>
        {
            var fragment = CmafFragment.Parse(Concat(Moof(1, traf), Mdat(1)), init);
            return (fragment.StartTime, fragment.DurationTime);
        });

        Assert.True(error is null or InvalidDataException, $"{what}: {error?.GetType().Name}: {error?.Message}");
    }

    public static TheoryData<string, byte[]> TooShortBoxes => new()
    {
        { "tfhd without a track id", Traf(FullBox("tfhd", 0, 0x02_0000), Tfdt(0), Trun(1)) },
        { "tfhd announcing a default duration it lacks", Traf(FullBox("tfhd", 0, 0x02_0008, U32(1)), Tfdt(0), Trun(1)) },
        { "tfhd announcing default flags it lacks", Traf(FullBox("tfhd", 0, 0x02_0020, U32(1)), Tfdt(0), Trun(1)) },
        { "tfdt v1 with 32 bits", Traf(Tfhd(1), FullBox("tfdt", 1, 0, U32(0)), Trun(1)) },
        { "trun without a sample count", Traf(Tfhd(1), Tfdt(0), FullBox("trun", 0, 0)) },
        { "trun announcing first_sample_flags it lacks", Traf(Tfhd(1), Tfdt(0), FullBox("trun", 0, 0x005, U32(1), U32(0))) },
        { "trun with fewer samples than counted", Traf(Tfhd(1), Tfdt(0), FullBox("trun", 0, 0x301, U32(5), U32(0), Zeros(8 * 4))) },
        { "trun with 2^32-1 samples of 4 bytes", Traf(Tfhd(1), Tfdt(0), FullBox("trun", 0, 0x100, U32(uint.MaxValue), U32(512))) },
    };

    [Theory]
    [MemberData(nameof(TooShortBoxes))]
    public void Parse_BoxTooShortForItsFields_InvalidData(string what, byte[] traf)
    {
        var error = Record.Exception(() => CmafFragment.Parse(Concat(Moof(1, traf), Mdat(1)), AudioVideo));

        Assert.True(error is InvalidDataException, $"{what}: {error?.GetType().Name ?? "accepted"}");
    }
}
