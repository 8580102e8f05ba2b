// ISO/IEC 14496-12: the initialization segment of a fragmented MP4 is ftyp + moov; moov holds a trak
// per track (tkhd: track_ID; mdia/mdhd: timescale; mdia/hdlr: handler; mdia/minf/stbl/stsd: the
// sample entry) and mvex with a trex per track (defaults for the fragments). RFC 6381 section 3.3:
// avc1.PPCCLL is profile_idc, the constraint flags and level_idc from the avcC record (ISO/IEC
// 14496-15 section 5.3.3.1); mp4a.40.N is MPEG-4 audio object type N (2: AAC LC) from the esds.
using System.Buffers.Binary;
using System.Globalization;

namespace LiveServer.Media.Cmaf;

/// <summary>The initialization section (ftyp + moov) of a CMAF track file and what it says of the tracks.</summary>
/// <param name="Bytes">ftyp and moov as written, served as the playlist's EXT-X-MAP.</param>
/// <param name="Tracks">The video and audio tracks.</param>
public sealed record CmafInit(byte[] Bytes, IReadOnlyList<CmafTrack> Tracks)
{
    private static readonly uint Moov = Mp4Box.Code("moov");

    /// <summary>The track whose samples set part and segment boundaries: video if there is one, else audio.</summary>
    public CmafTrack LeadTrack { get; } = Tracks.FirstOrDefault(t => t.IsVideo) ?? Tracks[0];

    /// <summary>The CODECS attribute value: every track's codec, video first (read once per fragment: made once).</summary>
    public string Codecs { get; } = string.Join(',', Tracks.OrderByDescending(t => t.IsVideo).Select(t => t.Codec));

    /// <summary>Parses ftyp + moov; throws <see cref="InvalidDataException"/> when they do not describe a playable track.</summary>
    public static CmafInit Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ReadOnlySpan<byte> data = bytes;
        Mp4Box? moov = null;
        for (int offset = 0; offset < data.Length;)
        {
            Mp4Box box = Mp4Box.Read(data, offset, data.Length);
            if (box.Type == Moov)
            {
                moov = box;
            }

            offset = box.End;
        }

        if (moov is not { } movie)
        {
            throw new InvalidDataException("The initialization section has no 'moov'.");
        }

        var defaults = new Dictionary<uint, (uint Duration, uint Flags)>();
        if (Mp4Box.Find(data, movie, Mp4Box.Code("mvex")) is { } mvex)
        {
            foreach (Mp4Box trex in Mp4Box.FindAll(data, mvex, Mp4Box.Code("trex")))
            {
                (_, _, int at) = Mp4Box.FullBox(data, trex);
                Mp4Box.Need(trex, at, 20);
                defaults[BinaryPrimitives.ReadUInt32BigEndian(data[at..])] =
                    (BinaryPrimitives.ReadUInt32BigEndian(data[(at + 8)..]), BinaryPrimitives.ReadUInt32BigEndian(data[(at + 16)..]));
            }
        }

        var tracks = new List<CmafTrack>();
        foreach (Mp4Box trak in Mp4Box.FindAll(data, movie, Mp4Box.Code("trak")))
        {
            if (ParseTrack(data, trak, defaults) is { } track)
            {
                tracks.Add(track);
            }
        }

        return tracks.Count > 0 ? new CmafInit(bytes, tracks) : throw new InvalidDataException("The 'moov' has no video or audio track.");
    }

    private static CmafTrack? ParseTrack(ReadOnlySpan<byte> data, Mp4Box trak, Dictionary<uint, (uint Duration, uint Flags)> defaults)
    {
        Mp4Box tkhd = Mp4Box.Require(data, trak, "tkhd");
        (byte tkhdVersion, _, int at) = Mp4Box.FullBox(data, tkhd);
        int idAt = at + (tkhdVersion == 1 ? 16 : 8);
        Mp4Box.Need(tkhd, idAt, 4);
        uint trackId = BinaryPrimitives.ReadUInt32BigEndian(data[idAt..]);

        Mp4Box mdia = Mp4Box.Require(data, trak, "mdia");
        Mp4Box hdlr = Mp4Box.Require(data, mdia, "hdlr");
        (_, _, at) = Mp4Box.FullBox(data, hdlr);
        Mp4Box.Need(hdlr, at, 8);
        uint handler = BinaryPrimitives.ReadUInt32BigEndian(data[(at + 4)..]);
        bool isVideo = handler == Mp4Box.Code("vide");
        if (!isVideo && handler != Mp4Box.Code("soun"))
        {
            return null;
        }

        Mp4Box mdhd = Mp4Box.Require(data, mdia, "mdhd");
        (byte mdhdVersion, _, at) = Mp4Box.FullBox(data, mdhd);
        int timescaleAt = at + (mdhdVersion == 1 ? 16 : 8);
        Mp4Box.Need(mdhd, timescaleAt, 4);
        uint timescale = BinaryPrimitives.ReadUInt32BigEndian(data[timescaleAt..]);
        if (timescale == 0)
        {
            throw new InvalidDataException($"Track {trackId} has a timescale of 0.");
        }

        Mp4Box stbl = Mp4Box.Require(data, Mp4Box.Require(data, mdia, "minf"), "stbl");
        Mp4Box stsd = Mp4Box.Require(data, stbl, "stsd");
        (_, _, at) = Mp4Box.FullBox(data, stsd);
        Mp4Box.Need(stsd, at, 4);
        Mp4Box entry = Mp4Box.Read(data, at + 4, stsd.End);
        string codec = isVideo ? VideoCodec(data, entry) : AudioCodec(data, entry);
        (uint duration, uint flags) = defaults.GetValueOrDefault(trackId);
        return new CmafTrack(trackId, isVideo, timescale, codec, duration, flags);
    }

    // VisualSampleEntry: 8 bytes of SampleEntry, 70 of visual fields, then child boxes (avcC).
    private static string VideoCodec(ReadOnlySpan<byte> data, Mp4Box entry)
    {
        string name = Mp4Box.Name(entry.Type);
        if (name is not ("avc1" or "avc3"))
        {
            return name;
        }

        Mp4Box avcC = Mp4Box.Require(data, entry, "avcC", skip: 78);
        Mp4Box.Need(avcC, avcC.PayloadOffset, 4);
        ReadOnlySpan<byte> record = data.Slice(avcC.PayloadOffset + 1, 3);
        return string.Create(CultureInfo.InvariantCulture, $"{name}.{record[0]:x2}{record[1]:x2}{record[2]:x2}");
    }

    // AudioSampleEntry: 8 bytes of SampleEntry, 20 of audio fields, then esds (ISO/IEC 14496-1 section
    // 7.2.6): ES_Descriptor (tag 3) → DecoderConfigDescriptor (tag 4) → DecoderSpecificInfo (tag 5),
    // whose first five bits are the audio object type.
    private static string AudioCodec(ReadOnlySpan<byte> data, Mp4Box entry)
    {
        string name = Mp4Box.Name(entry.Type);
        if (name != "mp4a" || Mp4Box.Find(data, entry, Mp4Box.Code("esds"), skip: 28) is not { PayloadLength: >= 4 } esds)
        {
            return name;
        }

        ReadOnlySpan<byte> es = data.Slice(esds.PayloadOffset + 4, esds.PayloadLength - 4);
        if (!TryDescriptor(ref es, 0x03) || es.Length < 3)
        {
            return name;
        }

        // ES_ID (2), flags (1), then in this order: dependsOn_ES_ID (2), URL length + URL, OCR_ES_Id (2).
        byte esFlags = es[2];
        int skip = 3 + ((esFlags & 0x80) != 0 ? 2 : 0);
        if ((esFlags & 0x40) != 0 && es.Length > skip)
        {
            skip += 1 + es[skip];
        }

        skip += (esFlags & 0x20) != 0 ? 2 : 0;

        if (es.Length < skip)
        {
            return name;
        }

        es = es[skip..];
        if (!TryDescriptor(ref es, 0x04) || es.Length < 13 || es[0] != 0x40)
        {
            return name;
        }

        es = es[13..];
        return TryDescriptor(ref es, 0x05) && es.Length > 0
            ? string.Create(CultureInfo.InvariantCulture, $"mp4a.40.{es[0] >> 3}")
            : name;
    }

    /// <summary>Steps into a descriptor of the given tag: its payload, or false.</summary>
    private static bool TryDescriptor(ref ReadOnlySpan<byte> span, byte tag)
    {
        if (span.Length < 2 || span[0] != tag)
        {
            return false;
        }

        int length = 0;
        int at = 1;
        for (int i = 0; i < 4 && at < span.Length; i++)
        {
            byte b = span[at++];
            length = (length << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                span = span.Slice(at, Math.Min(length, span.Length - at));
                return true;
            }
        }

        return false;
    }
}
