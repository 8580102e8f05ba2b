using LiveServer.Media.Cmaf;
using static LiveServer.Media.Tests.TestKit.CmafBoxes;
using static LiveServer.Media.Tests.TestKit.Mp4Boxes;

namespace LiveServer.Media.Tests.Cmaf;

/// <summary>
/// The initialization section from hand-made ftyp + moov: track ids (tkhd v0/v1), timescales (mdhd
/// v0/v1), handlers, RFC 6381 codecs from avcC and esds, and the trex defaults fragments lean on.
/// </summary>
public sealed class CmafInitTests
{
    [Fact]
    public void Parse_VideoAndAudio_TracksWithIdsTimescalesCodecsAndDefaults()
    {
        var bytes = AudioVideoInit();

        var init = CmafInit.Parse(bytes);

        Assert.Same(bytes, init.Bytes);
        Assert.Equal(
            [new CmafTrack(1, true, VideoTimescale, "avc1.4d401f", FrameTicks, NonSyncFlags), new CmafTrack(2, false, 48_000, "mp4a.40.2", AacFrameTicks, 0)],
            init.Tracks);
        Assert.Equal(1u, init.LeadTrack.TrackId);
        Assert.Equal("avc1.4d401f,mp4a.40.2", init.Codecs);
    }

    [Fact]
    public void Parse_AudioTrakFirst_VideoStillLeadsAndComesFirstInCodecs()
    {
        var init = CmafInit.Parse(Concat(Ftyp(), Moov(Trak(7, "soun", 44_100, Mp4a()), Trak(3, "vide", 90_000, Avc1(0x64, 0x00, 0x28)))));

        Assert.Equal(3u, init.LeadTrack.TrackId);
        Assert.True(init.LeadTrack.IsVideo);
        Assert.Equal("avc1.640028,mp4a.40.2", init.Codecs);
    }

    [Fact]
    public void Parse_AudioOnly_AudioLeads()
    {
        var init = CmafInit.Parse(AudioInit());

        var track = Assert.Single(init.Tracks);
        Assert.Same(track, init.LeadTrack);
        Assert.False(track.IsVideo);
        Assert.Equal("mp4a.40.2", init.Codecs);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    public void Parse_TkhdAndMdhdVersions_TrackIdAndTimescaleFromTheirFields(byte tkhdVersion, byte mdhdVersion)
    {
        var init = CmafInit.Parse(Concat(Ftyp(), Moov(Trak(0x0102_0304, "vide", 0x000A_BCDE, Avc1(), tkhdVersion, mdhdVersion))));

        var track = Assert.Single(init.Tracks);
        Assert.Equal(0x0102_0304u, track.TrackId);
        Assert.Equal(0x000A_BCDEu, track.Timescale);
    }

    [Fact]
    public void Parse_NoMvex_ZeroDefaults()
    {
        var track = Assert.Single(CmafInit.Parse(Concat(Ftyp(), Moov(Trak(1, "vide", 30, Avc1())))).Tracks);

        Assert.Equal((0u, 0u), (track.DefaultSampleDuration, track.DefaultSampleFlags));
    }

    [Fact]
    public void Parse_TrexForAnotherTrack_NotApplied()
    {
        var track = Assert.Single(CmafInit.Parse(Concat(Ftyp(), Moov(Trak(1, "vide", 30, Avc1()), Mvex(Trex(2, 99, 98))))).Tracks);

        Assert.Equal((0u, 0u), (track.DefaultSampleDuration, track.DefaultSampleFlags));
    }

    [Fact]
    public void Parse_MoovAloneWithoutFtyp_Accepted()
    {
        Assert.Single(CmafInit.Parse(Moov(Trak(1, "soun", 48_000, Mp4a()))).Tracks);
    }

    [Fact]
    public void Parse_OtherHandlers_NotKept()
    {
        var init = CmafInit.Parse(Concat(Ftyp(), Moov(Trak(1, "text", 1000, Box("tx3g", Zeros(8))), Trak(2, "soun", 48_000, Mp4a()))));

        Assert.Equal(2u, Assert.Single(init.Tracks).TrackId);
    }

    [Theory]
    [InlineData(0x42, 0xC0, 0x1E, "avc1.42c01e")]
    [InlineData(0x4D, 0x40, 0x1F, "avc1.4d401f")]
    [InlineData(0x64, 0x00, 0x33, "avc1.640033")]
    public void Parse_Avc1_CodecIsProfileConstraintsLevelInLowerHex(byte profile, byte constraints, byte level, string codec)
    {
        var init = CmafInit.Parse(Moov(Trak(1, "vide", 30, Avc1(profile, constraints, level))));

        Assert.Equal(codec, init.Codecs);
    }

    [Fact]
    public void Parse_Avc3_NamedAvc3()
    {
        Assert.Equal("avc3.4d401f", CmafInit.Parse(Moov(Trak(1, "vide", 30, Avc1(type: "avc3")))).Codecs);
    }

    [Fact]
    public void Parse_OtherVideoSampleEntry_CodecIsItsType()
    {
        Assert.Equal("hvc1", CmafInit.Parse(Moov(Trak(1, "vide", 30, Box("hvc1", Zeros(78))))).Codecs);
    }

    [Fact]
    public void Parse_Avc1WithoutAvcC_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => CmafInit.Parse(Moov(Trak(1, "vide", 30, Box("avc1", Zeros(78))))));
    }

    [Theory]
    [InlineData(2, 0, false, "mp4a.40.2")]
    [InlineData(5, 0, false, "mp4a.40.5")]
    [InlineData(2, 0, true, "mp4a.40.2")] // FFmpeg writes descriptor lengths as four bytes
    [InlineData(2, 0x80, false, "mp4a.40.2")] // dependsOn_ES_ID to step over
    [InlineData(2, 0x40, false, "mp4a.40.2")] // URLlength and URLstring
    [InlineData(2, 0x60, false, "mp4a.40.2")] // URL, then OCR_ES_Id (ISO/IEC 14496-1 section 7.2.6.5 order)
    [InlineData(2, 0xE0, false, "mp4a.40.2")]
    [InlineData(29, 0xA0, true, "mp4a.40.29")]
    public void Parse_Mp4a_CodecIsTheAudioObjectTypeFromEsds(byte objectType, byte esFlags, bool longLengths, string codec)
    {
        var init = CmafInit.Parse(Moov(Trak(1, "soun", 48_000, Mp4a(objectType, esFlags, longLengths))));

        Assert.Equal(codec, init.Codecs);
    }

    [Fact]
    public void Parse_Mp4aWithoutEsds_CodecIsMp4a()
    {
        Assert.Equal("mp4a", CmafInit.Parse(Moov(Trak(1, "soun", 48_000, Box("mp4a", Zeros(28))))).Codecs);
    }

    [Fact]
    public void Parse_EsdsWithAnotherDescriptor_CodecIsMp4a()
    {
        var esds = FullBox("esds", 0, 0, [0x04, 0x02, 0x40, 0x15]);

        Assert.Equal("mp4a", CmafInit.Parse(Moov(Trak(1, "soun", 48_000, Box("mp4a", Zeros(28), esds)))).Codecs);
    }

    [Fact]
    public void Parse_OpusSampleEntry_CodecIsItsType()
    {
        Assert.Equal("Opus", CmafInit.Parse(Moov(Trak(1, "soun", 48_000, Box("Opus", Zeros(28))))).Codecs);
    }

    [Fact]
    public void Parse_NoMoov_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => CmafInit.Parse(Concat(Ftyp(), Box("free"))));
    }

    [Fact]
    public void Parse_NoVideoOrAudioTrack_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => CmafInit.Parse(Concat(Ftyp(), Moov(Trak(1, "meta", 1000, Box("mett", Zeros(8)))))));
    }

    [Fact]
    public void Parse_ZeroTimescale_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => CmafInit.Parse(Moov(Trak(1, "vide", 0, Avc1()))));
    }

    [Fact]
    public void Parse_TrakWithoutTkhd_InvalidData()
    {
        var trak = Box("trak", Box("mdia"));

        Assert.Throws<InvalidDataException>(() => CmafInit.Parse(Moov(trak)));
    }

    [Fact]
    public void Parse_TkhdTooShortForTrackId_InvalidData()
    {
        var trak = Box("trak", FullBox("tkhd", 1, 0, Zeros(16)));

        Assert.Throws<InvalidDataException>(() => CmafInit.Parse(Moov(trak)));
    }

    [Fact]
    public void Parse_TrexTooShort_InvalidData()
    {
        Assert.Throws<InvalidDataException>(() => CmafInit.Parse(Moov(Trak(1, "vide", 30, Avc1()), Mvex(FullBox("trex", 0, 0, Zeros(16))))));
    }

    [Fact]
    public void Parse_BoxPastTheEnd_InvalidData()
    {
        var bytes = AudioVideoInit();

        Assert.Throws<InvalidDataException>(() => CmafInit.Parse(bytes[..^1]));
    }

    [Fact]
    public void Parse_EsdsTooShortAtTheEndOfTheSection_CodecIsMp4aOrInvalidData()
    {
        // The last bytes of the section are an esds with no room for its version and flags.
        var bytes = Moov(Trak(1, "soun", 48_000, Box("mp4a", Zeros(28), Box("esds"))));

        var error = Record.Exception(() => Assert.Equal("mp4a", CmafInit.Parse(bytes).Codecs));

        Assert.True(error is null or InvalidDataException, $"{error?.GetType().Name}: {error?.Message} for {Convert.ToHexString(bytes)}");
    }
}
