using static LiveServer.Media.Tests.TestKit.Mp4Boxes;

namespace LiveServer.Media.Tests.TestKit;

/// <summary>
/// Hand-made fragmented MP4 pieces (ISO/IEC 14496-12 sections 8.2 to 8.8, 14496-15 section 5.3.3.1
/// avcC, 14496-1 section 7.2.6 esds): an initialization section (ftyp + moov) and movie fragments
/// (moof + mdat), with only the fields a reader needs filled in and the rest zero.
/// </summary>
internal static class CmafBoxes
{
    /// <summary>sample_depends_on = 2 (an I picture), a sync sample.</summary>
    public const uint SyncFlags = 0x0200_0000;

    /// <summary>sample_depends_on = 1 and sample_is_non_sync_sample set.</summary>
    public const uint NonSyncFlags = 0x0101_0000;

    /// <summary>Video timescale as FFmpeg writes it for 30 fps (one frame is 512).</summary>
    public const uint VideoTimescale = 15_360;

    /// <summary>One frame at <see cref="VideoTimescale"/>.</summary>
    public const uint FrameTicks = 512;

    /// <summary>One AAC frame at 48 kHz.</summary>
    public const uint AacFrameTicks = 1024;

    public static byte[] Ftyp() => Box("ftyp", Type("iso6"), U32(512), Type("iso6"), Type("cmfc"), Type("mp41"));

    /// <summary>moov with an mvhd, then <paramref name="children"/> (traks, mvex).</summary>
    public static byte[] Moov(params byte[][] children) => Box("moov", [FullBox("mvhd", 0, 0, Zeros(96)), .. children]);

    /// <summary>A trak: tkhd (track_ID), mdia with mdhd (timescale), hdlr (handler) and the sample entry in minf/stbl/stsd.</summary>
    public static byte[] Trak(uint trackId, string handler, uint timescale, byte[] sampleEntry, byte tkhdVersion = 0, byte mdhdVersion = 0)
    {
        byte[] tkhd = tkhdVersion == 1
            ? FullBox("tkhd", 1, 3, U64(0), U64(0), U32(trackId), Zeros(4), U64(0), Zeros(60))
            : FullBox("tkhd", 0, 3, U32(0), U32(0), U32(trackId), Zeros(4), U32(0), Zeros(60));
        byte[] mdhd = mdhdVersion == 1
            ? FullBox("mdhd", 1, 0, U64(0), U64(0), U32(timescale), U64(0), U16(0x55C4), U16(0))
            : FullBox("mdhd", 0, 0, U32(0), U32(0), U32(timescale), U32(0), U16(0x55C4), U16(0));
        var hdlr = FullBox("hdlr", 0, 0, U32(0), Type(handler), Zeros(12), U8(0));
        // stsd last (FFmpeg writes it first): a trak last in its moov then ends with its sample entry.
        var stbl = Box(
            "stbl",
            FullBox("stts", 0, 0, U32(0)),
            FullBox("stsc", 0, 0, U32(0)),
            FullBox("stsz", 0, 0, U32(0), U32(0)),
            FullBox("stco", 0, 0, U32(0)),
            FullBox("stsd", 0, 0, U32(1), sampleEntry));
        var minf = Box("minf", Box("dinf", FullBox("dref", 0, 0, U32(1), FullBox("url ", 0, 1))), stbl);
        return Box("trak", tkhd, Box("mdia", mdhd, hdlr, minf));
    }

    /// <summary>A VisualSampleEntry (8 + 70 bytes of fields) with an avcC record of the given profile, constraints and level.</summary>
    public static byte[] Avc1(byte profile = 0x4D, byte constraints = 0x40, byte level = 0x1F, string type = "avc1") =>
        Box(type, Zeros(78), Box("avcC", U8(1), U8(profile), U8(constraints), U8(level), U8(0xFF), U8(0xE0), U8(0)));

    /// <summary>An AudioSampleEntry (8 + 20 bytes of fields) with an esds for MPEG-4 audio object type <paramref name="objectType"/>.</summary>
    public static byte[] Mp4a(byte objectType = 2, byte esFlags = 0, bool longLengths = false) =>
        Box("mp4a", Zeros(28), Esds(objectType, esFlags, longLengths));

    /// <summary>
    /// esds: ES_Descriptor (tag 3; ES_ID, flags and the optional fields they announce) holding a
    /// DecoderConfigDescriptor (tag 4, MPEG-4 audio 0x40) holding the DecoderSpecificInfo (tag 5: the
    /// AudioSpecificConfig, object type in its first five bits, 48 kHz stereo), then an SLConfigDescriptor.
    /// </summary>
    public static byte[] Esds(byte objectType = 2, byte esFlags = 0, bool longLengths = false)
    {
        byte[] Descriptor(byte tag, byte[] body) =>
            longLengths ? Concat([tag, 0x80, 0x80, 0x80, (byte)body.Length], body) : Concat([tag, (byte)body.Length], body);

        var specific = Descriptor(5, [(byte)((objectType << 3) | 0x01), 0x90]);
        var config = Descriptor(4, Concat([0x40, 0x15], Zeros(3), U32(128_000), U32(128_000), specific));
        var optional = Concat(
            (esFlags & 0x80) != 0 ? U16(7) : [],
            (esFlags & 0x40) != 0 ? [3, (byte)'u', (byte)'r', (byte)'l'] : [],
            (esFlags & 0x20) != 0 ? U16(9) : []);
        var es = Descriptor(3, Concat(U16(1), U8(esFlags), optional, config, Descriptor(6, [0x02])));
        return FullBox("esds", 0, 0, es);
    }

    public static byte[] Mvex(params byte[][] trex) => Box("mvex", trex);

    public static byte[] Trex(uint trackId, uint defaultDuration, uint defaultFlags) =>
        FullBox("trex", 0, 0, U32(trackId), U32(1), U32(defaultDuration), U32(0), U32(defaultFlags));

    /// <summary>A 30 fps avc1 video track (id 1) and a 48 kHz AAC track (id 2) with trex defaults, as FFmpeg writes them.</summary>
    public static byte[] AudioVideoInit() => Concat(
        Ftyp(),
        Moov(
            Trak(1, "vide", VideoTimescale, Avc1()),
            Trak(2, "soun", 48_000, Mp4a()),
            Mvex(Trex(1, FrameTicks, NonSyncFlags), Trex(2, AacFrameTicks, 0))));

    /// <summary>The AAC track of <see cref="AudioVideoInit"/> alone.</summary>
    public static byte[] AudioInit() => Concat(Ftyp(), Moov(Trak(1, "soun", 48_000, Mp4a()), Mvex(Trex(1, AacFrameTicks, 0))));

    /// <summary>moof: mfhd with the sequence number, then the trafs.</summary>
    public static byte[] Moof(uint sequence, params byte[][] trafs) => Box("moof", [FullBox("mfhd", 0, 0, U32(sequence)), .. trafs]);

    public static byte[] Traf(params byte[][] children) => Box("traf", children);

    /// <summary>tfhd (default-base-is-moof) with the optional fields that are given, in the standard's order.</summary>
    public static byte[] Tfhd(uint trackId, uint? defaultDuration = null, uint? defaultFlags = null, bool baseDataOffset = false, bool descriptionIndex = false, uint? defaultSize = null)
    {
        uint flags = 0x02_0000
            | (baseDataOffset ? 0x01u : 0) | (descriptionIndex ? 0x02u : 0)
            | (defaultDuration is null ? 0 : 0x08u) | (defaultSize is null ? 0 : 0x10u) | (defaultFlags is null ? 0 : 0x20u);
        return FullBox(
            "tfhd", 0, flags, U32(trackId),
            baseDataOffset ? U64(0) : [], descriptionIndex ? U32(1) : [],
            defaultDuration is { } d ? U32(d) : [], defaultSize is { } s ? U32(s) : [], defaultFlags is { } f ? U32(f) : []);
    }

    /// <summary>tfdt: baseMediaDecodeTime in 64 bits (version 1) or 32 (version 0).</summary>
    public static byte[] Tfdt(ulong decodeTime, byte version = 1) =>
        FullBox("tfdt", version, 0, version == 1 ? U64(decodeTime) : U32(checked((uint)decodeTime)));

    /// <summary>
    /// trun of <paramref name="count"/> samples: per-sample durations and flags when given (one per
    /// sample), sizes and composition offsets when asked for, first_sample_flags when given.
    /// </summary>
    public static byte[] Trun(int count, uint[]? durations = null, uint[]? flags = null, uint? firstSampleFlags = null, bool sizes = true, bool compositionOffsets = false)
    {
        uint trunFlags = 0x001
            | (firstSampleFlags is null ? 0 : 0x004u) | (durations is null ? 0 : 0x100u)
            | (sizes ? 0x200u : 0) | (flags is null ? 0 : 0x400u) | (compositionOffsets ? 0x800u : 0);
        var samples = Enumerable.Range(0, count).Select(i => Concat(
            durations is null ? [] : U32(durations[i]),
            sizes ? U32(1) : [],
            flags is null ? [] : U32(flags[i]),
            compositionOffsets ? U32(1024) : []));
        return FullBox("trun", 0, trunFlags, [U32((uint)count), U32(0), firstSampleFlags is { } first ? U32(first) : [], .. samples]);
    }

    public static byte[] Mdat(int length) => Box("mdat", Zeros(length));

    /// <summary>A traf of <paramref name="frames"/> 30 fps video frames (track 1) from <paramref name="start"/>, starting with a keyframe or not.</summary>
    public static byte[] VideoTraf(ulong start, int frames = 6, bool keyframe = false) => Traf(
        Tfhd(1),
        Tfdt(start),
        Trun(frames, Enumerable.Repeat(FrameTicks, frames).ToArray(), [keyframe ? SyncFlags : NonSyncFlags, .. Enumerable.Repeat(NonSyncFlags, frames - 1)]));

    /// <summary>A fragment of <see cref="VideoTraf"/> and the AAC samples (track 2) of about the same span.</summary>
    public static byte[] AudioVideoFragment(uint sequence, ulong start, int frames, bool keyframe)
    {
        var aacFrames = frames * 3 / 2;
        var audio = Traf(Tfhd(2), Tfdt(start * 48_000 / VideoTimescale), Trun(aacFrames, Enumerable.Repeat(AacFrameTicks, aacFrames).ToArray()));
        return Concat(Moof(sequence, VideoTraf(start, frames, keyframe), audio), Mdat(frames * 2));
    }
}
